"""Ordinary news metadata is not padding (session 22): a byline, a copyright or syndication notice,
an ad marker, one newsletter plug, an "Updated ..." line or a photo credit, which real news pages
carry and a copy, a feed or a scrape keeps, must not cost an honest article its verdict. A farm's
furniture must still be caught, with or without a byline beside it.

The article and every line here are written for this test (no corpus). The comparisons are
relative: the same article with and without the line, scored by the shipped models.
"""
from __future__ import annotations

import pytest

from scorer.features.boilerplate import Boilerplate
from scorer.ingest import parse_text
from scorer.scoring import Scorer

PARAS = [
    "Bangladesh's central bank raised its main policy rate by half a percentage point on Thursday, "
    "its third increase this year, as food prices kept inflation close to ten percent.",
    "The repo rate will rise to 9 percent from next week, Bangladesh Bank said in a statement after "
    "its monetary policy meeting in Dhaka. Economists had expected a smaller move.",
    "\"Rice and vegetable prices are still the main pressure on households,\" said Farhana Rahman, "
    "an economist at a Dhaka research institute. \"The bank wants to show it is serious.\"",
    "Garment exporters, who earn most of the country's foreign currency, said higher borrowing costs "
    "would make it harder to pay for imported cotton and machinery.",
    "The taka has lost about a fifth of its value against the dollar in two years, and the bank's "
    "reserves fell to 19 billion dollars in June, according to its own figures.",
]
BODY = "\n\n".join(PARAS)


def _insert(line: str, at: int) -> str:
    paras = list(PARAS)
    paras.insert(at if at >= 0 else len(paras) + 1 + at, line)
    return "\n\n".join(paras)


TITLE = "Bangladesh raises rates again as food prices bite"
# (name, text[, the same text without the metadata line]): one ordinary news-page line added to
# the same article (compared with BODY when no third item says otherwise).
WITH_METADATA = [
    ("byline above", _insert("By Farida Akter", 0)),
    ("byline in capitals", _insert("BY FARIDA AKTER", 0)),
    ("written by", _insert("Written by Farida Akter", 0)),
    ("byline below", _insert("By Farida Akter", -1)),
    ("title then byline", TITLE + "\n\nBy Farida Akter\n\n" + BODY, TITLE + "\n\n" + BODY),
    ("byline then date", "By Farida Akter\nJuly 18, 2025\n\n" + BODY, "July 18, 2025\n\n" + BODY),
    # The line model strips a short line next to furniture; next to a byline it is not furniture.
    ("byline and outlet below", BODY + "\n\nBy Farida Akter\nDhaka Tribune\nJuly 18, 2025",
     BODY + "\n\nDhaka Tribune\nJuly 18, 2025"),
    ("wire copyright", _insert("Copyright 2025 The Associated Press. All rights reserved.", -1)),
    ("copyright sign", _insert("© 2025 Dhaka Tribune Media. All rights reserved.", -1)),
    ("ad marker", _insert("Advertisement", 2)),
    ("story continues", _insert("Story continues below advertisement", 3)),
    ("sponsored label", _insert("Sponsored", 2)),  # an ad slot's label, as "Advertisement"
    # The two in one line, as Forbes writes it: alone it pushed 55 of 60 held-out human articles under 40.
    ("advertisement scroll", _insert("Advertisement - Scroll to continue", 2)),
    ("newsletter plug", _insert("Sign up for our weekly economy newsletter.", -1)),
    ("all of them", "By Farida Akter\n\n" + "\n\n".join(PARAS[:2] + ["Advertisement"] + PARAS[2:])
     + "\n\nSign up for our weekly economy newsletter.\n\n© 2025 Dhaka Tribune Media. All rights reserved."),
]

# A farm's padding, written for this test.
FARM = [
    "We use cookies to improve your experience. By continuing to browse, you agree to our use of cookies.",
    "Share this: Facebook Twitter WhatsApp Email",
    "Popular posts from this blog",
    "Five things to know about the taka this week",
    "Why rice prices keep climbing",
    "Source link",
    "Leave a Reply Cancel reply",
    "Your email address will not be published. Required fields are marked *",
    "Posted by admin",
]


@pytest.fixture(scope="module")
def scorer():
    return Scorer()


def _bp(scorer, text):
    r = scorer.score_text(text, name="x.txt").to_dict()
    return r["facets"]["boilerplate"], r["score"], r["verdict"]


@pytest.mark.parametrize("name, text, base", [(c[0], c[1], c[2] if len(c) > 2 else BODY) for c in WITH_METADATA],
                         ids=[c[0] for c in WITH_METADATA])
def test_news_metadata_keeps_the_article_as_it_was(scorer, name, text, base):
    bp0, score0, verdict0 = _bp(scorer, base)
    bp, score, verdict = _bp(scorer, text)
    assert bp <= bp0 + 0.05, (name, bp0, bp)
    assert verdict == verdict0 and abs(score - score0) <= 5.0, (name, score0, score)


@pytest.mark.parametrize("name, text", [c[:2] for c in WITH_METADATA], ids=[c[0] for c in WITH_METADATA])
def test_news_metadata_is_stripped_and_listed_not_counted(name, text):
    art = parse_text(text)
    res = Boilerplate().extract(art)
    listed = res.details.get("news_metadata") or []
    assert listed, (name, res.details)  # recognised and shown, nothing hidden
    stripped = set(res.strip)
    assert all((f["start"], f["end"]) in stripped for f in listed)
    assert res.values["boilerplate.cue_lines"] == 0.0 and res.values["boilerplate.share"] == 0.0, res.details
    assert not res.evidence


def test_farm_padding_is_still_caught(scorer):
    bp0, _, _ = _bp(scorer, BODY)
    padded = "\n\n".join(FARM[:2] + PARAS[:3] + FARM[2:5] + PARAS[3:] + FARM[5:])
    bp, score, _ = _bp(scorer, padded)
    assert bp >= 0.5 and bp > bp0 + 0.3, (bp0, bp)


@pytest.mark.parametrize("k", [1, 2, 3])
def test_a_byline_and_a_copyright_line_take_nothing_off_a_farm(k):
    """The facet's inputs of a padded text are the same with metadata lines added to it."""
    farm_lines = FARM[-k:]
    padded = "\n\n".join(PARAS + farm_lines)
    dressed = "\n\n".join(["By Farida Akter"] + PARAS + farm_lines
                          + ["© 2025 Dhaka Tribune Media. All rights reserved."])
    a = Boilerplate().extract(parse_text(padded)).values
    b = Boilerplate().extract(parse_text(dressed)).values
    assert a["boilerplate.cue_lines"] >= 1
    for name in a:
        if name.startswith("boilerplate.page_"):
            continue
        assert b[name] == pytest.approx(a[name]) or b[name] >= a[name], (name, a[name], b[name])


def test_repeated_metadata_counts_as_furniture():
    """Only the first line of a type is metadata: a text that repeats a plug is padded."""
    plug = "Sign up for our weekly economy newsletter."
    text = "\n\n".join(PARAS + [plug, "Subscribe to our newsletter for the latest Dhaka news.",
                                "Sign up for the Dhaka Daily newsletter"])
    res = Boilerplate().extract(parse_text(text))
    assert len(res.details["news_metadata"]) == 1
    assert res.values["boilerplate.share_cta"] == 2.0


@pytest.mark.parametrize("line", ["Posted by admin", "Written by admin", "About the author: Farida covers "
                                  "markets for this blog. View all posts by Farida.", "By Admin"])
def test_a_farm_author_box_is_not_a_byline(line):
    res = Boilerplate().extract(parse_text(BODY + "\n\n" + line))
    assert not res.details.get("news_metadata"), res.details
    assert res.values["boilerplate.byline_copyright"] == 1.0


def test_the_training_generator_keeps_the_body_and_adds_metadata_lines():
    """aeb.with_news_metadata (the training negatives): the body's paragraphs in order, in its own
    separator, one to three metadata lines of different types around them."""
    import random

    from scorer.corpora.aeb import with_news_metadata

    for body in (BODY, "\n".join(PARAS)):
        sep = "\n\n" if "\n\n" in body else "\n"
        for i in range(30):
            text, kinds = with_news_metadata(body, random.Random(i))
            assert 1 <= len(kinds) <= 3 and len(set(kinds)) == len(kinds)
            parts = text.split(sep)
            assert [p for p in parts if p in PARAS] == PARAS
            assert 1 <= len(parts) - len(PARAS) <= 3 + 1  # "By NAME\nOutlet" is two lines in "\n" text
