"""Texts too short to score (caveats.MIN_SCORED_WORDS, 20 words): no score, no verdict, a caveat.

A file holding "x" scored 91.1 "likely reliable" (with a short_text caveat): under one sentence
the model has almost nothing to read, and its score is its prior. Stub pages ("Loading...",
"Page not found") are common in crawls, and a triage sorted by score put them among the
reliable articles. The facets and their evidence are still reported: chatbot residue in one
line is still shown.
"""
from __future__ import annotations

import json

import pytest

from scorer.caveats import MIN_SCORED_WORDS
from scorer.render_text import format_report
from scorer.scoring import Scorer
from scorer.text import word_count

RESIDUE = ("As an AI language model, I cannot browse the internet. Certainly! Here is a rewritten "
           "version of the article.")
NEWS = ("The harbour board approved a new ferry timetable on Wednesday after months of complaints from "
        "island commuters. Dock workers said the later sailings would add two hours to their shifts. "
        "The board expects passenger numbers to rise by a fifth over the summer season.")


@pytest.fixture(scope="module")
def scorer():
    s = Scorer()
    if s.model is None:
        pytest.skip("no reliability model installed")
    return s


def _codes(rep) -> list[str]:
    return [c.code for c in rep.caveats]


def test_a_one_word_text_gets_no_score_and_says_why(scorer):
    rep = scorer.score_text("x")
    assert rep.ok and rep.score is None and rep.verdict is None
    assert "too_short" in _codes(rep) and "short_text" not in _codes(rep)
    assert "1 word;" in next(c.message for c in rep.caveats if c.code == "too_short")
    assert rep.model is not None  # a model is installed: the score was withheld, not missing
    assert "n/a (too short to score)" in format_report(rep)


def test_chatbot_residue_in_one_line_is_still_shown(scorer):
    rep = scorer.score_text(RESIDUE)
    assert word_count(RESIDUE) < MIN_SCORED_WORDS
    assert rep.score is None and "too_short" in _codes(rep)
    assert rep.facets["ai_style"] >= 0.95
    top = rep.reasons[0]
    assert top.feature == "facet.ai_style" and "chatbot residue" in top.message
    assert any("As an AI language model" in e.snippet for e in top.evidence)


def test_the_boundary_is_scored_with_the_short_text_caveat(scorer):
    words = NEWS.split()
    at = " ".join(words[:MIN_SCORED_WORDS])
    under = " ".join(words[:MIN_SCORED_WORDS - 1])
    assert word_count(at) == MIN_SCORED_WORDS and word_count(under) == MIN_SCORED_WORDS - 1
    rep = scorer.score_text(at)
    assert rep.score is not None and rep.verdict is not None
    assert "short_text" in _codes(rep) and "too_short" not in _codes(rep)
    rep = scorer.score_text(under)
    assert rep.score is None and _codes(rep)[0] == "too_short"


def test_reasons_without_a_score_never_rest_on_readability(scorer):
    """The readability facet describes how plainly someone writes; no verdict may rest on it
    (reliability.PROFICIENCY_PROFILE). Without a score the reasons are the facets ranked by risk,
    and a one-line text had "readability risk 0.85" as its second reason."""
    no_model = Scorer(use_model=False)  # the same reasons as a user without the model gets
    for s in (scorer, no_model):
        for text in ("x", RESIDUE, "Plain words. Short ones. We go now. " * 10):
            rep = s.score_text(text)
            assert rep.facets["readability"] is not None
            assert all(r.facet != "readability" for r in rep.reasons), [r.message for r in rep.reasons]
    assert no_model.score_text("x").facets["readability"] >= 0.5  # high enough to have been a reason


def test_batch_rows_and_html_report_say_too_short(tmp_path):
    from scorer.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    # A stub that is not an error page ("Page not found" is an error row since page_stub.py).
    (folder / "stub.txt").write_text("Tap to see the latest headlines", encoding="utf-8")
    (folder / "story.txt").write_text(NEWS + " " + NEWS.replace("Wednesday", "Thursday"), encoding="utf-8")
    out, html = tmp_path / "rows.jsonl", tmp_path / "report.html"
    assert main(["batch", str(folder), "--out", str(out), "--html", str(html), "--no-clusters"]) == 0
    rows = {json.loads(line)["path"].rsplit("/", 1)[-1]: json.loads(line) for line in out.read_text().splitlines()}
    if rows["story.txt"]["score"] is None:
        pytest.skip("no reliability model installed")
    stub = rows["stub.txt"]
    assert stub["status"] == "ok" and stub["score"] is None and stub["verdict"] is None
    assert [c["code"] for c in stub["caveats"]][0] == "too_short"
    assert "too short to score" in html.read_text(encoding="utf-8")


def test_a_page_of_furniture_alone_is_still_scored(scorer):
    """The floor counts the whole body: a page whose every line is furniture (a farm's padding)
    has no content words, and the boilerplate facet's verdict on it must stand."""
    page = ("We use cookies to improve your experience on our site. By continuing to browse you "
            "accept our use of cookies and our privacy policy.\n"
            "Share this: Facebook Twitter WhatsApp Email\n"
            "Popular posts from this blog\n"
            "Subscribe to our newsletter for the latest updates\n"
            "Source link\n")
    rep = scorer.score_text(page)
    assert rep.word_count < MIN_SCORED_WORDS <= word_count(rep.body)
    assert rep.score is not None and "too_short" not in _codes(rep)
    assert rep.facets["boilerplate"] >= 0.5 and rep.verdict == "likely unreliable"
