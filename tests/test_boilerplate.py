"""Boilerplate family on small dumps and pages written for these tests (no corpora needed)."""
from __future__ import annotations

import pytest

from scorer.features.boilerplate import Boilerplate, RISK_FEATURES
from scorer.features.boilerplate_lines import classify_lines, cue_of, is_consent_sentence
from scorer.ingest import parse_text
from scorer.text import snippet

EX = Boilerplate()

ARTICLE = [
    "Harbour authorities in Valparaíso reopened the northern pier on Tuesday after a three-week "
    "closure caused by storm damage, the port operator said in a statement.",
    "Engineers replaced two collapsed sections of the walkway and reinforced the concrete pilings, "
    "work that cost about 4.2 million dollars according to the regional government.",
    "Fishing cooperatives had complained that the closure forced boats to unload at a smaller "
    "harbour forty kilometres away, adding fuel costs and delays to their deliveries.",
    "The operator said it would install wave sensors along the breakwater before the winter season "
    "and publish their readings online for the fishing fleet.",
]


def _dump(before: list[str], after: list[str], middle: list[str] | None = None) -> str:
    body = ARTICLE[:2] + (middle or []) + ARTICLE[2:]
    return "\n\n".join(before + ["Valparaíso reopens northern pier after storm repairs"] + body + after)


def _flagged_texts(text: str) -> dict[str, str]:
    art = parse_text(text)
    res = EX.extract(art)
    return {art.body[s:e]: None for s, e in res.strip}


def test_clean_article_has_nothing_flagged():
    art = parse_text(_dump([], []))
    res = EX.extract(art)
    assert res.strip == []
    assert res.values["boilerplate.share"] == 0.0
    assert res.details["counts"] == {}


@pytest.mark.parametrize("line, kind", [
    ("Skip to content", "navigation"),
    ("Read also:", "navigation"),
    ("Leave a Reply", "comment_form"),
    ("Your email address will not be published. Required fields are marked *", "comment_form"),
    ("Source link", "source_link"),
    ("Popular posts from this blog", "related"),
    ("Subscribe to our newsletter for weekly harbour updates.", "share"),
    ("👉 Click here to read more!", "cta"),
    ("🔥🔥 Hot deals this week 🔥", "emoji"),
    ("© 2023 Coastal Gazette. All rights reserved.", "copyright"),
    ("We use cookies to give you the best experience on our website.", "consent"),
    ("Necessary cookies are absolutely essential for the website to function properly.", "consent"),
    ("Necessary Always Enabled", "consent"),
    ("Privacy Overview", "consent"),
    ("Do Not Sell My Personal Information", "consent"),
    ("Posted by webmaster", "author_box"),
    # WordPress's sharing widget: its two labels run into one line in a scrape.
    ("Like this: Like Loading...", "share"),
    ("Share this: Like this:", "share"),
    ("Read more at Harbour Weekly", "cta"),
    # A line made only of cues (a widget's or menu's labels run together), of any combination.
    ("Share this: Facebook Twitter WhatsApp Email", "share"),
    ("Email • Twitter", "share"),
    ("Privacy Policy | Cookie Policy", "navigation"),
    ("Sign In / Sign Up", "navigation"),
    ("Log in/Register", "navigation"),
    ("Leave a Comment Cancel Reply", "comment_form"),
    ("3 Comments Share", "comment_form"),
])
def test_cue_lexicon_kinds(line, kind):
    cue = cue_of(line)
    assert cue is not None and cue.kind == kind


def test_no_cue_pattern_matches_the_empty_string():
    """An empty alternative ("a||b") makes a pattern match every line; it slipped in once."""
    from scorer.features.boilerplate_lines import _CONSENT_STRONG, _PHRASE_RE, _WHOLE_RE

    for kind, rx in {**{"phrase " + k: v for k, v in _PHRASE_RE.items()},
                     **{"whole " + k: v for k, v in _WHOLE_RE.items()}, "strong consent": _CONSENT_STRONG}.items():
        assert rx.search("") is None and rx.search("The harbour will reopen on Tuesday.") is None, kind


@pytest.mark.parametrize("line", [
    "The harbour will reopen on Tuesday.",
    "Why now?",
    "The stakes",
    "Engineers said the share of damaged pilings was higher than expected.",
    "By the end of the week the pier was busy again.",
    "© Harbour Photo Agency",
    "Third-party cookies were the subject of a new European court ruling on Tuesday.",
    "The necessary repairs will take three weeks.",
    "Fishermen said they like this loading dock better than the old one.",
    "Read more at the hearing, the minister said, was not an option.",
    # Lines that start with cue words but go on as prose or a headline.
    "Share prices fell",
    "Home Secretary resigns",
    "Search and rescue teams",
    "Next week: the budget",
    "Latest figures show home prices rising",
    "Facebook and Twitter fined",
    "Print newsletter subscribers fall",
    "Email via the council",
])
def test_cue_lexicon_leaves_prose_alone(line):
    assert cue_of(line) is None


def test_dump_furniture_is_flagged_by_kind():
    text = _dump(
        ["Skip to content", "Menu"],
        ["Source link", "Leave a Reply", "Your email address will not be published. Required fields are marked *",
         "Popular posts from this blog", "Five ferries to take this summer", "Best seafood stalls in town"],
    )
    art = parse_text(text)
    res = EX.extract(art)
    kinds = res.details["counts"]
    # "Skip to content" and "Menu" above a text are incidental page chrome (listed, not counted:
    # tests/test_page_chrome.py); "Leave a Reply" over the form's body is the form's heading.
    assert [c["type"] for c in res.details["page_chrome"]] == ["navigation", "navigation"]
    assert kinds.get("navigation", 0) == 0
    assert kinds.get("comment_form", 0) == 2
    assert kinds.get("source_link") == 1
    assert kinds.get("related", 0) >= 3  # header + two titles in its block
    flagged = {art.body[s:e] for s, e in res.strip}
    assert "Five ferries to take this summer" in flagged
    for para in ARTICLE:  # no article paragraph is stripped
        assert all(para not in f and f not in para for f in flagged)
    assert res.values["boilerplate.comment_form"] == 2.0
    assert 0 < res.values["boilerplate.share"] < 0.5


def test_subheadings_between_prose_are_kept():
    text = _dump([], [], middle=["What happens next", "The costs"])
    flagged = _flagged_texts(text)
    assert "What happens next" not in flagged and "The costs" not in flagged


def test_consent_woven_into_prose_flags_only_that_sentence():
    woven = ("The port also updated its website. Visitors can withdraw their consent at any time via the "
             "privacy settings link in the footer of the page. Usage profiles are based on cookie IDs and "
             "may be shared with partners.")
    text = _dump([], [], middle=[woven])
    art = parse_text(text)
    res = EX.extract(art)
    consent = [art.body[e.start:e.end] for e in res.evidence if e.feature == "boilerplate.consent"]
    assert len(consent) == 2
    assert all("port also updated" not in c for c in consent)
    assert res.values["boilerplate.consent"] == 2.0


def test_gdpr_news_is_not_consent():
    assert not is_consent_sentence(
        "The regulator fined the airline 3 million euros for moving personal data of passengers "
        "outside the EU in breach of the GDPR.")
    assert is_consent_sentence("You can withdraw your consent at any time in the cookie settings.")


def test_evidence_snippets_match_body():
    text = _dump(["Skip to content"], ["Source link", "Leave a Reply"],
                 middle=["Readers can withdraw their consent at any time via the link in the footer."])
    art = parse_text(text)
    res = EX.extract(art)
    assert res.evidence
    for ev in res.evidence:
        assert ev.snippet == snippet(art.body, ev.start, ev.end)
        assert art.body[ev.start:ev.end].startswith(ev.snippet.rstrip("…"))
        assert ev.feature in {s.name for s in EX.specs}
        assert ev.reason


def test_strip_blanks_content_keeps_offsets():
    art = parse_text(_dump(["Skip to content"], ["Source link"]))
    res = EX.extract(art)
    cleaned = art.without(res.strip)
    assert len(cleaned.content) == len(art.body)
    assert "Skip to content" not in cleaned.content and "Source link" not in cleaned.content
    assert ARTICLE[0] in cleaned.content


def test_page_features_only_for_html_and_not_risk_features():
    art = parse_text(_dump([], []))
    res = EX.extract(art)
    assert "boilerplate.page_template_share" in res.not_applicable
    assert not any(f.startswith("boilerplate.page_") for f in RISK_FEATURES)


def test_html_page_template_is_context_not_body():
    paras = "".join(f"<p>{p}</p>" for p in ARTICLE * 3)
    nav = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(30))
    html = (f"<!doctype html><html><head><title>Pier reopens</title></head><body>"
            f"<nav><ul>{nav}</ul></nav><article><h1>Pier reopens</h1>{paras}</article>"
            f"<footer><p>Contact us</p><p>Terms of use</p></footer></body></html>")
    art = parse_text(html)
    res = EX.extract(art)
    assert art.source_format == "html"
    assert res.values["boilerplate.page_template_share"] > 0.05
    assert res.values["boilerplate.page_furniture_blocks"] >= 2
    assert res.values["boilerplate.share"] < 0.05  # the template never reached the body


def test_html_extraction_residue_is_stripped_but_not_counted():
    """On an HTML page the body is our extraction: a leftover "Comments" heading or share line
    is our miss (stripped, listed as residue, no risk); "Source link" is the farm's own line."""
    import dataclasses

    text = _dump([], ["Comments", "Share this article", "Source link"])
    as_text = EX.extract(parse_text(text))
    art = dataclasses.replace(parse_text(text), source_format="html")
    res = EX.extract(art)
    # As text, the two lines are incidental page chrome (tests/test_page_chrome.py): listed, not counted.
    assert [c["type"] for c in as_text.details["page_chrome"]] == ["comments", "share"]
    assert as_text.values["boilerplate.comment_form"] == 0 and as_text.values["boilerplate.kinds"] == 1
    assert "page_chrome" not in res.details  # on the page they are residue, as before
    assert res.values["boilerplate.comment_form"] == 0 and res.values["boilerplate.kinds"] == 1
    assert res.values["boilerplate.share_cta"] == 1  # the "Source link" line
    assert {e.snippet for e in res.evidence} == {"Source link"}
    residue = {art.body[f["start"]:f["end"]] for f in res.details["extraction_residue"]}
    assert {"Comments", "Share this article"} <= residue
    assert sorted(res.strip) == sorted(as_text.strip)  # later extractors still read it without them


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_a_source_line_that_names_its_origin_is_a_credit_not_padding(fmt):
    """Wire copy and syndication credit their origin ("Source: Reuters", "Originally published on
    Live Science."): stripped from the prose and listed, but no risk. The bare "Source link" a
    scraper leaves, naming nothing, still counts."""
    import dataclasses

    def extract(text):
        art = parse_text(text)
        return art, EX.extract(dataclasses.replace(art, source_format=fmt) if fmt == "html" else art)

    for credit in ["Source: Reuters", "Originally published on Coastal Science Weekly.",
                   "This article first appeared on The Harbour Ledger"]:
        art, res = extract(_dump([], [credit]))
        assert res.values["boilerplate.share_cta"] == 0 and res.values["boilerplate.kinds"] == 0, credit
        assert [art.body[f["start"]:f["end"]] for f in res.details["credited_source"]] == [credit]
        assert not res.evidence and res.strip  # not a reason, still not prose
    for bare in ["Source link", "Source:", "SOURCE"]:
        art, res = extract(_dump([], [bare]))
        assert res.values["boilerplate.share_cta"] == 1 and "credited_source" not in res.details, bare


def test_adversarial_long_lines_are_fast():
    import time

    t = time.time()
    classify_lines("a" * 1_000_000)
    classify_lines(("Share " * 100_000) + "\n" + ("© " * 50_000))
    classify_lines("\n".join(["Home"] * 20_000))
    assert time.time() - t < 20


def test_deterministic():
    text = _dump(["Skip to content"], ["Source link"])
    a = EX.extract(parse_text(text))
    b = EX.extract(parse_text(text))
    assert a.values == b.values and a.strip == b.strip


def test_gates_cut_to_the_text_and_per_pattern_gates_change_nothing(monkeypatch):
    """classify_lines cuts the cue gates to the alternatives the whole text can match and skips a
    pattern whose own gate stays shut: the same flags as the exact searches on every line. The
    text spreads one alternative's literals over several lines ("share" / "this" / "post"), so a
    cut gate keeps alternatives that no single line satisfies."""
    from scorer.features import boilerplate_lines as bl

    text = _dump(
        ["Share", "This post", "We use cookies."],
        ["Part (1) of the series starts today (in print).",
         "The operator, which also runs the ferry terminal and the fish market next to the pier, said the "
         "repairs were finished. You can withdraw your consent at any time via the link in the footer.",
         "Your email address will not be published. Required fields are marked *",
         "Share this post on Facebook", "🔥🔥 Hot deals this week 🔥", "www.example.com | Harbour News"],
        middle=["Copyright 2023 Coastal Gazette. Prices (in dollars) start at art fairs.",
                "Fans can sign up for our newsletter, the operator said in a statement on Tuesday."],
    )
    lines = text.split("\n")
    fast = classify_lines(text), [cue_of(t) for t in lines]
    monkeypatch.setattr(bl, "_PHRASE_ANY", None)
    monkeypatch.setattr(bl, "_SENTENCE_CUES_ANY", None)
    monkeypatch.setattr(bl, "_GATE_OF", {})
    assert (classify_lines(text), [cue_of(t) for t in lines]) == fast
    assert {f.how for f in fast[0]} >= {"phrase", "sentence", "cue"}


@pytest.mark.parametrize("lines", [
    ["Read it at WWW.HARBOUR.EXAMPLE today", "The pier reopened."],
    ["HTTPS://harbour.example/pier", "Harbour News » Ports | Fishing"],
    ["co-founder rock'n'roll O’Neill’s well-known pier-side", "No link here, no separator."],
    ["🔥🔥 Hot deals 🔥 this week", "Plain prose line."],
])
def test_line_features_read_per_text_shortcuts_as_per_line_searches(lines):
    """line_features tests URLs, separators and pictographs once over all the lines and reads the
    lines' words off the word index (classify_lines): the same rows as searching each line."""
    from scorer.features import boilerplate_lines as bl
    from scorer.text import word_index

    text = "\n".join(lines)
    rows = bl.line_features(lines)
    idx = word_index(text)
    starts = [0]
    for t in lines[:-1]:
        starts.append(starts[-1] + len(t) + 1)
    assert [bl._line_words(idx, s, s + len(t)) for s, t in zip(starts, lines)] == [bl._WORD_RE.findall(t) for t in lines]
    for t, row in zip(lines, rows):
        assert row[bl.FEATURES.index("has_url")] == (1.0 if bl._URL_RE.search(t) else 0.0)
        assert row[bl.FEATURES.index("has_sep")] == (1.0 if bl._SEP_RE.search(t) else 0.0)
        assert row[bl.FEATURES.index("has_emoji")] == min(len(bl._EMOJI_RE.findall(t)), 3) / 3


def test_the_training_report_reads_what_train_returns():
    """`spinscore train` ended with KeyError: 'page' after the boilerplate model (the first it
    trains, so no other model was trained): train() gives the line metrics as train_lines
    returns them, the held-out ones under "test", where format_report looked for "page"."""
    from scorer.training import boilerplate as tb

    held = {src: {"precision": 0.9, "recall": 0.8, "f1": 0.85, "content_flagged_rate": 0.01, "lines": 120}
            for src in ("page", "dump")}
    trained = {"lines": {"threshold": 0.5, "train_sweep": [], "test": held, "test_cues_only": held, "pages": {}},
               "facet": {"test_auroc": 0.95}}
    evaluated = {"lines": held, "facet": {"test_auroc": 0.95}}
    for metrics in (trained, evaluated):
        report = tb.format_report(metrics)
        assert "visible page text" in report and "0.850" in report and "AUROC 0.95" in report
