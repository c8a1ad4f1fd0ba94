"""Words of the title hidden from text filters are reported (``obfuscated_text``, ``title_spans``).

Before (schema 1.11): the title was folded ("Ρfizer" with a Greek capital Rho read as
"Pfizer") and reported nowhere: the caveat's spans index the body, and a title is no part of it.
"""
from __future__ import annotations

import json

import pytest

from scorer.ingest import parse_text
from scorer.scoring import Scorer

PROSE = ("The company said on Monday it would recall several batches of the drug after tests found an "
         "impurity. Regulators said patients should not stop taking it without speaking to a doctor. ") * 3


def _obfuscated(rep: dict) -> dict | None:
    return next((c for c in rep["caveats"] if c["code"] == "obfuscated_text"), None)


@pytest.fixture(scope="module")
def scorer():
    return Scorer(use_model=False)


def html(title: str, h1: str = "Pfizer recalls blood pressure pills") -> str:
    return (f"<html><head><title>{title} | Daily</title></head><body><article><h1>{h1}</h1><p>{PROSE}</p>"
            f"</article></body></html>")


def wordpress(title: str) -> str:
    return json.dumps({"title": {"rendered": title}, "date": "2025-06-10T08:00:00",
                       "content": {"rendered": f"<p>{PROSE}</p>"}})


@pytest.mark.parametrize("make, name", [(html, "p.html"), (wordpress, "p.json")])
def test_a_lookalike_letter_in_the_title_is_reported_with_its_span(scorer, make, name):
    rep = scorer.score_text(make("\u03a1fizer recalls blood pressure pills"), name=name).to_dict()
    cav = _obfuscated(rep)
    assert cav is not None and cav["message"].startswith("Obfuscated title: 1 word of the title")
    assert "spans" not in cav  # the body hides nothing
    (span,) = cav["title_spans"]
    assert span == {"start": 0, "end": 6, "kind": "lookalike", "snippet": "Pfizer"}
    assert rep["title"][span["start"]:span["end"]] == span["snippet"]


def test_an_invisible_character_inside_a_title_word_is_reported(scorer):
    rep = scorer.score_text(wordpress("Pfi\u200bzer recalls blood pressure pills"), name="p.json").to_dict()
    (span,) = _obfuscated(rep)["title_spans"]
    assert span["kind"] == "invisible" and rep["title"][span["start"]:span["end"]] == "Pfizer"


def test_title_and_body_words_share_one_caveat(scorer):
    doctored = PROSE.replace("company", "c\u043empany").replace("batches", "b\u0430tches").replace("impurity", "im\u0440urity")
    text = json.dumps({"title": {"rendered": "\u03a1fizer recalls pills"}, "content": {"rendered": f"<p>{doctored}</p>"}})
    rep = scorer.score_text(text, name="p.json").to_dict()
    cavs = [c for c in rep["caveats"] if c["code"] == "obfuscated_text"]
    assert len(cavs) == 1
    cav = cavs[0]
    assert cav["message"].startswith("Obfuscated text: ") and "the title has 1 more (@0-6 'Pfizer')" in cav["message"]
    assert {s["snippet"] for s in cav["spans"]} >= {"company", "batches", "impurity"}
    assert [s["snippet"] for s in cav["title_spans"]] == ["Pfizer"]


@pytest.mark.parametrize("title", ["Pfizer recalls blood pressure pills", "Новый iPhone поступил в продажу",
                                   "Αθήνα: νέα μέτρα για την κίνηση", "Café owners protest in Zürich"])
def test_an_honest_title_gets_no_caveat(scorer, title):
    rep = scorer.score_text(wordpress(title), name="p.json").to_dict()
    assert _obfuscated(rep) is None


def test_a_text_file_title_is_its_first_line_reported_as_body(scorer):
    """A plain text's title is its first line: its words are the body's spans already, and not
    repeated as title spans."""
    rep = scorer.score_text("\u03a1fizer recalls pills\n\n" + PROSE, name="p.txt").to_dict()
    cav = _obfuscated(rep)
    assert cav is None or "title_spans" not in cav
    art = parse_text("\u03a1fizer recalls pills\n\n" + PROSE, name="p.txt")
    assert "hidden_title_words" not in art.meta and art.meta.get("hidden_words")


def test_the_title_caveat_is_no_score_input():
    sc = Scorer()
    a = sc.score_text(wordpress("\u03a1fizer recalls blood pressure pills"), name="p.json").to_dict()
    b = sc.score_text(wordpress("Pfizer recalls blood pressure pills"), name="p.json").to_dict()
    assert a["score"] == b["score"] and a["facets"] == b["facets"]
