"""The citations family's literal gates skip scans that cannot match, and change nothing else.

A text with none of the literals every match of ``_HEADING_RE`` or ``_DANGLING_PHRASE_RE``
holds (in ``fold_case`` form, so re.I's folds such as "ſ" for "s" count) is not scanned by it.
Checked here: the gates open on every text the patterns match, case oddities included, and the
extractor gives the same values and evidence with the gates held open.
"""
from __future__ import annotations

import random

import pytest

from scorer.article import Article
from scorer.features import citations as cit
from scorer.features import citations_parse as cp
from scorer.text import LiteralGate, fold_case

MATCHING = [
    "Intro text.\n\nReferences\n[1] https://example.org/a",
    "Story.\n## Sources and references:\n1. https://a.org/x",
    "Body\n**FURTHER READING**\n- something",
    "Body\nWorks Cited\nSmith 2020",
    "Body\nſources\nx",  # long s: re.I folds it to "s"
    "Body\nFootnotes\n[1] x",
    "According to reports, the minister resigned.",
    "ACCORDING TO SOME SOURCES the deal is off.",
    "Studies have shown that coffee helps.",
    "Research shows otherwise; sources say so too.",
    "Read the full story here",
    "Click here to learn more about the offer",
    "aCCording to ſtudies, it works.",  # long s again
    "Reports claim the talks failed.",
]
PLAIN = [
    "The city council said on Monday it would spend 40 million on new clinics over five years.",
    "“We have waited a long time for this,” said Amina Odhiambo, who has lived in Nairobi for decades.",
    "According to the ministry, 2,000 residents will benefit. Notes were taken.",
    "",
]


@pytest.mark.parametrize("text", MATCHING + PLAIN)
def test_gates_open_wherever_the_patterns_match(text):
    for rx, gate in ((cp._HEADING_RE, cp._HEADING_GATE), (cit._DANGLING_PHRASE_RE, cit._DANGLING_PHRASE_GATE)):
        if rx.search(text):
            assert gate.may_match(fold_case(text)), (rx.pattern[:40], text)


def test_gates_close_on_plain_news():
    text = PLAIN[0] + " " + PLAIN[1]
    assert not cp._HEADING_GATE.may_match(fold_case(text))
    assert not cit._DANGLING_PHRASE_GATE.may_match(fold_case(text))


def _texts():
    rng = random.Random(3)
    pieces = MATCHING + PLAIN + ["Source link", "[2] https://b.org/2021/05/01/x", "Dr. Jane Roe told reporters.",
                                 "https://www.bbc.co.uk/news/world-12345678", "\n", "\n\n"]
    for _ in range(150):
        yield "".join(rng.choice(pieces) + rng.choice([" ", "\n", "\n\n"]) for _ in range(rng.randint(1, 12)))


def _result(text):
    res = cit.Citations().extract(Article(body=text, language="en"))
    return res.values, [e.to_dict() for e in res.evidence], res.details


def test_extract_unchanged_with_the_gates_held_open(monkeypatch):
    gated = [_result(t) for t in _texts()]
    monkeypatch.setattr(cp, "_HEADING_GATE", LiteralGate(None))
    monkeypatch.setattr(cit, "_DANGLING_PHRASE_GATE", LiteralGate(None))
    assert [_result(t) for t in _texts()] == gated
