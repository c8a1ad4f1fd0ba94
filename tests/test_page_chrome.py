"""Incidental page chrome is not padding (session 23): one line of the chrome every news page has
(a share button or bar, a "Comments" heading, "Skip to content", "Read more", "5 min read", a lone
"Related posts" heading, an app plug), which an article copied from a browser, a feed or a crawl
carries, must not cost an honest article its verdict. Within the allowance (two blocks of at most
five lines) such lines are stripped and listed (details.boilerplate.page_chrome), never counted;
beyond it they count, and a farm's own padding counts whatever chrome sits beside it.

The article and every line here are written for this test (no corpus). The comparisons are
relative: the same article with and without the lines.
"""
from __future__ import annotations

import dataclasses
import random

import pytest

from scorer.features.boilerplate import Boilerplate
from scorer.features.boilerplate_lines import CHROME_BLOCK_LINES, PAGE_CHROME_TYPES
from scorer.ingest import parse_text

PARAS = [
    "Manila's port authority said on Monday it would spend 12 billion pesos on new cranes and a "
    "deeper berth at the South Harbor, to cut the waiting time of container ships.",
    "Ships now wait two to three days for a berth, the authority said in a statement, and "
    "shipping lines have added congestion charges to cargo bound for Luzon.",
    "\"Every day a ship waits costs the importer, and in the end the consumer,\" said Ramon Dizon, "
    "who heads an association of freight forwarders in the capital.",
    "The cranes are to arrive from Shanghai next year. The dredging of the berth starts in March "
    "and should take about eight months, the authority said.",
    "Traders said the plan was welcome but late, as volumes at the port rose by a tenth last year "
    "while its capacity stayed the same.",
]
BODY = "\n\n".join(PARAS)
EX = Boilerplate()

# (line, chrome type): one line of ordinary page chrome.
CHROME = [
    ("Share this article", "share"), ("Share on Facebook", "share"), ("Share", "share"), ("Tweet", "share"),
    ("Print", "share"), ("Email", "share"), ("Facebook Twitter WhatsApp Email", "share"),
    ("Share this story: Facebook · LinkedIn · Email", "share"), ("Comments", "comments"),
    ("0 Comments", "comments"), ("14 comments", "comments"), ("Leave a comment", "comments"),
    ("Leave a Reply", "comments"), ("Skip to content", "navigation"), ("Next article", "navigation"),
    ("Previous article", "navigation"), ("Back to top", "navigation"), ("Home", "navigation"),
    ("Menu", "navigation"), ("Home > Business > Markets", "navigation"), ("Loading...", "reading_aid"),
    ("Listen to this article", "reading_aid"), ("5 min read", "reading_aid"), ("Read more", "link_label"),
    ("Continue reading", "link_label"), ("Read the full story", "link_label"), ("Related posts", "related_heading"),
    ("Related Articles", "related_heading"), ("Recommended for you", "related_heading"),
    ("More from Business", "related_heading"), ("Trending now", "related_heading"), ("Most read", "related_heading"),
    ("Download our app", "app_plug"),
    # Added after reliability-11's first fit: one of these pushed 54-57 of 60 held-out human
    # articles under 40.
    ("Privacy Policy", "navigation"), ("Terms of Service", "navigation"), ("Contact us", "navigation"),
    ("About us", "navigation"), ("Register", "navigation"), ("Subscribe now", "subscribe"),
    ("Click here to subscribe", "subscribe"), ("Accept cookies", "consent_button"), ("Accept all", "consent_button"),
    ("Cookie settings", "consent_button"),
    # Added this release, each seen to push 55 of 60 held-out human articles under 40 (a 70-point
    # drop): a click-here link label.
    ("Click here to read the full report (PDF).", "link_label"), ("Click here to view the photo gallery.", "link_label"),
    ("Click here for the latest updates.", "link_label"), ("Click here to read the full story.", "link_label"),
    ("Click here", "link_label"),
    ("Newsletter", "subscribe"),  # a menu item or a sign-up box's heading
    # A publication's own subscription offer (a magazine's plug under each of its reviews).
    ("Get Motor Cycle Monthly delivered through your letterbox every month. 12 issues for £11.99. Click here "
     "for more.", "subscribe"),
]
# Bars copied from a browser: one button a line, one block.
BARS = ["Share\nTweet\nPin\nEmail\nPrint", "Facebook\nTwitter\nWhatsApp\nEmail", "Previous article\nNext article"]

# A farm's padding, written for this test: never chrome.
FARM = [
    "We use cookies to improve your experience. By continuing you agree to our cookie policy.",
    "This website uses cookies. Accept all cookies or manage your preferences in the settings.",
    "Source link",
    "Popular posts from this blog",
    "👉 Click here to find out more!",
    "Click here to claim your free gift!",
    "Click here to see the shocking photos they tried to hide",
    "Click here to win $1,000 delivered to your door",
    # curiosity gaps with no bait word (they had read as link labels)
    "Click here to see what doctors don't want you to know",
    "Click here to find out what happens next.",
    "Click here to read the report before it’s deleted!",
    "Click here to see the video that will shock you",
    "Don't miss out! Subscribe now for exclusive port updates.",
    "Posted by admin",
    "About the author: our staff writer covers shipping for this blog. View all posts by this author.",
    "Your email address will not be published. Required fields are marked *",
    "🔥🔥 Trending: the biggest shipping stories this week 🔥🔥",
]


def _values(text: str, fmt: str = "text"):
    art = parse_text(text)
    if fmt == "html":
        art = dataclasses.replace(art, source_format="html")
    res = EX.extract(art)
    return art, res, {k: v for k, v in res.values.items() if not k.startswith("boilerplate.page_")}


def _chrome_listed(art, res) -> list[tuple[str, str]]:
    return [(art.body[c["start"]:c["end"]], c["type"]) for c in res.details.get("page_chrome", [])]


@pytest.mark.parametrize("where", ["top", "end", "middle"])
@pytest.mark.parametrize("line, kind", CHROME, ids=[c[0] for c in CHROME])
def test_one_chrome_line_is_listed_and_counts_toward_nothing(line, kind, where):
    paras = list(PARAS)
    paras.insert({"top": 0, "end": len(paras), "middle": 2}[where], line)
    art, res, vals = _values("\n\n".join(paras))
    _, _, base = _values(BODY)
    assert vals == base, (line, res.details)
    assert _chrome_listed(art, res) == [(line, kind)]
    entry = res.details["page_chrome"][0]
    assert entry["snippet"] == line and entry["page_chrome"] == kind
    assert (entry["start"], entry["end"]) in set(res.strip)  # still stripped from what the others read
    assert not res.evidence


@pytest.mark.parametrize("bar", BARS)
def test_a_bar_of_buttons_one_a_line_is_one_block(bar):
    art, res, vals = _values(BODY + "\n\n" + bar)
    assert vals == _values(BODY)[2]
    assert [t for t, _ in _chrome_listed(art, res)] == bar.split("\n")


def test_a_copied_page_top_bar_and_share_bar_with_a_byline_between():
    text = ("Skip to content\nMenu\nHome > Business > Ports\n\nBy Ramon Dizon\n\n5 min read\nListen to this article"
            "\n\n" + BODY + "\n\nShare\nTweet\nEmail\n\n0 Comments")
    art, res, vals = _values(text)
    assert vals == _values(BODY)[2]
    assert len(res.details["page_chrome"]) == 9 and len(res.details["news_metadata"]) == 1


@pytest.mark.parametrize("line", FARM)
def test_farm_padding_is_never_chrome(line):
    art, res, vals = _values(BODY + "\n\n" + line)
    assert "page_chrome" not in res.details
    assert res.details["flagged"] and vals["boilerplate.flags_per_1000"] > 0


def test_a_related_heading_with_titles_under_it_counts():
    text = BODY + "\n\nRelated posts\nFive ports that cut their waiting times\nWhy freight rates keep climbing"
    art, res, vals = _values(text)
    assert "page_chrome" not in res.details
    assert vals["boilerplate.nav_related"] == 3.0


def test_a_comments_heading_over_a_comment_form_counts():
    text = BODY + "\n\nLeave a Reply\nYour email address will not be published. Required fields are marked *"
    art, res, vals = _values(text)
    assert "page_chrome" not in res.details
    assert vals["boilerplate.comment_form"] == 2.0


def test_chrome_beyond_the_allowance_counts():
    """A third block, and a sixth line in a block, are furniture as before."""
    three = "Skip to content\n\n" + PARAS[0] + "\n\nRead more\n\n" + "\n\n".join(PARAS[1:]) + "\n\nShare this article"
    art, res, vals = _values(three)
    assert [t for t, _ in _chrome_listed(art, res)] == ["Skip to content", "Read more"]
    assert vals["boilerplate.share_cta"] == 1.0 and res.details["counts"] == {"share": 1}
    bar = "\n".join(["Share", "Tweet", "Email", "Print", "WhatsApp", "Telegram", "Reddit"])
    art, res, vals = _values(BODY + "\n\n" + bar)
    assert len(res.details["page_chrome"]) == CHROME_BLOCK_LINES
    assert vals["boilerplate.share_cta"] == 7.0 - CHROME_BLOCK_LINES


@pytest.mark.parametrize("k", [1, 3, len(FARM)])
def test_chrome_takes_nothing_off_a_farm(k):
    """A padded text's facet inputs are the same or higher with chrome added around it: only the
    allowed chrome lines leave the count, and they dilute no rate."""
    padded = "\n\n".join(PARAS + FARM[:k])
    dressed = "\n\n".join(["Skip to content\nMenu"] + PARAS + FARM[:k] + ["Share\nTweet\nEmail", "Comments"])
    _, _, a = _values(padded)
    _, res, b = _values(dressed)
    assert a["boilerplate.flags_per_1000"] > 0
    for name in a:
        assert b[name] == pytest.approx(a[name]) or b[name] >= a[name], (name, a[name], b[name])


def test_html_chrome_of_a_kind_the_page_counts_is_listed_not_counted():
    """On an HTML page a share line or a "Comments" heading is extraction residue as before; an app
    plug or a link label (kinds a page's text counts: calls to action) is page chrome there too."""
    art, res, vals = _values(BODY + "\n\nDownload our app\n\nComments", fmt="html")
    assert _chrome_listed(art, res) == [("Download our app", "app_plug")]
    assert [art.body[f["start"]:f["end"]] for f in res.details["extraction_residue"]] == ["Comments"]
    assert vals == _values(BODY, fmt="html")[2]
    art, res, vals = _values(BODY + "\n\nSource link", fmt="html")
    assert vals["boilerplate.share_cta"] == 1.0


@pytest.mark.parametrize("body", [BODY, "\n".join(PARAS)], ids=["blank-line paragraphs", "line paragraphs"])
def test_the_training_generator_adds_only_chrome_the_allowance_takes(body):
    """aeb.with_page_chrome (the training negatives): the body's paragraphs in order, in its own
    separator, chrome above and/or below it, every added line listed as chrome, nothing counted."""
    from scorer.corpora.aeb import with_page_chrome

    base = _values(body)[2]
    seen = set()
    for i in range(60):
        text, types = with_page_chrome(body, random.Random(i))
        assert types and set(types) <= set(PAGE_CHROME_TYPES)
        seen.update(types)
        added = [ln for ln in text.split("\n") if ln.strip() and ln not in PARAS]
        assert [ln for ln in text.split("\n") if ln in PARAS] == PARAS
        art, res, vals = _values(text)
        assert vals == base, (text, res.details)
        assert [t for t, _ in _chrome_listed(art, res)] == added
        assert {k for _, k in _chrome_listed(art, res)} == set(types)
    assert seen == set(PAGE_CHROME_TYPES)


# --- the shipped models ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def scorer():
    from scorer.scoring import Scorer

    return Scorer()


def _scored(scorer, text):
    r = scorer.score_text(text, name="x.txt").to_dict()
    return r["facets"]["boilerplate"], r["score"], r["verdict"]


@pytest.mark.parametrize("lines", [c[0] for c in CHROME] + BARS)
def test_chrome_keeps_the_article_as_it_was(scorer, lines):
    bp0, score0, verdict0 = _scored(scorer, BODY)
    for text in (BODY + "\n\n" + lines, lines + "\n\n" + BODY):
        bp, score, verdict = _scored(scorer, text)
        assert bp <= bp0 + 0.05 and verdict == verdict0 and abs(score - score0) <= 5.0, (lines, score0, score)


@pytest.mark.parametrize("line", FARM)
def test_one_farm_line_still_reads_as_padding(scorer, line):
    bp0, score0, _ = _scored(scorer, BODY)
    bp, score, _ = _scored(scorer, BODY + "\n\n" + line)
    assert bp >= 0.5 and score < score0, (line, bp, score0, score)
