"""Evasion of the machine-fingerprint checks by typography and Unicode tricks: a text that
triggers a strong signal must still trigger it when the phrase is written with curly
apostrophes, other whitespace, invisible characters or lookalike letters; honest text in other
scripts must keep its characters. Texts written for these tests."""
from __future__ import annotations

import pytest

from scorer.features.ai_style import AiStyle
from scorer.ingest import parse_text

X = AiStyle()
RESIDUE = "ai_style.residue_count"

NEWS = (
    "Harbour officials in Port Elsmere said on Tuesday that a cargo ship ran aground near the "
    "northern breakwater after its steering failed in heavy fog.\n\n"
    "Nobody was hurt, the port authority said in a statement, but the channel was closed for "
    "six hours while two tugs pulled the vessel free."
)


def residue(text: str) -> list[str]:
    """The residue spans found in ``text`` (as the body shows them); offsets checked."""
    art = parse_text(text)
    ev = [e for e in X.extract(art).evidence if e.feature == RESIDUE]
    assert all(art.body[e.start:e.end] == e.snippet for e in ev)
    return [e.snippet for e in ev]


def with_line(line: str) -> str:
    return NEWS.replace("\n\nNobody", f"\n\n{line}\n\nNobody")


# --- residue written with other apostrophes and whitespace ------------------------------------
@pytest.mark.parametrize("line", [
    # WordPress curls apostrophes by default: the residue reached the page as "I’m sorry".
    "I’m sorry, but I can’t provide details about the vessel.",
    "I don’t have real-time data on the port closures.",
    "Here’s a rewritten version of the article about the harbour.",
    "Certainly! Here’s a summary of the harbour incident.",
    "I can’t fulfill this request without more details.",
    # Other whitespace between the words of the phrase.
    "As\u00a0an\u00a0AI\u00a0language\u00a0model, I cannot verify the port's statement.",
    "As an AI  language model, I cannot verify the port's statement.",
    "As\tan AI language\u202fmodel, I cannot verify the port's statement.",
    "As of my last\u2009knowledge update, the harbour was open.",
])
def test_residue_found_whatever_the_apostrophe_or_space(line):
    assert residue(with_line(line))


def test_residue_across_a_hard_wrapped_line_break():
    text = ("Officials said the harbour would reopen on Friday. As an AI\n"
            "language model, I cannot confirm this.\n\n" + NEWS)
    assert residue(text) == ["As an AI\nlanguage model"]

