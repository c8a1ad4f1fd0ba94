"""Do the reasons name the defect? Held-out checks of the explanations, not of the score.

A report is read top down: a user who sees "likely unreliable" checks the first reasons and their
spans. Two figures, both on the test side of the story split:

* ``defect_in_top3``: of the defective articles scored under 40 (the ones a user acts on), the
  share whose defect's facet family is among the first three reasons, per defect.
* ``two_defects_in_top3``: the same articles (whatever their score) with page furniture injected
  as well (the project's hand-written furniture, ``scorer.corpora.aeb``; seeded per story), so
  each has two defects: the share whose top three reasons name both. Content farms stack
  defects (a spun or LLM-rewritten copy padded with a scraper's furniture); the reasons must not
  spend all three places on the loudest one.

Each article goes through the product path (``Scorer.score_article``), so the figures describe
the reports users read.
"""
from __future__ import annotations

import random
from typing import Optional, Sequence

from ..corpora import aeb
from ..corpora.base import Doc
from ..errors import SpinscoreError
from ..report import UNRELIABLE_BELOW
from ..scoring import Scorer
from .reliability import DEFECT_FACET, doc_article

TOP = 3


def _families(scorer: Scorer, text: str, doc: Doc) -> Optional[tuple[float, set[str]]]:
    try:
        art = doc_article(doc, text)
    except SpinscoreError:
        return None
    rep = scorer.score_article(art)
    if not rep.ok or rep.score is None:
        return None
    return rep.score, {r.facet for r in rep.reasons[:TOP]}


def _share(hits: list[bool]) -> Optional[float]:
    return round(sum(hits) / len(hits), 4) if hits else None


def evaluate(scorer: Scorer, docs: Sequence[Doc]) -> dict:
    """Both figures for the defective documents of ``docs`` (pass the test side only)."""
    named: dict[str, list[bool]] = {}
    both: dict[str, list[bool]] = {}
    for d in docs:
        fam = DEFECT_FACET.get(d.kind)
        if fam is None:
            continue
        got = _families(scorer, d.text, d)
        if got is not None and got[0] < UNRELIABLE_BELOW:
            named.setdefault(d.kind, []).append(fam in got[1])
        if d.kind == "boilerplate" or d.fmt != "text":
            continue
        rng = random.Random(f"reasons:{d.story}:{d.kind}")
        padded = aeb.inject_boilerplate(d.text, aeb.furniture_blocks(rng, rng.randint(1, 5)), rng)
        got = _families(scorer, padded, d)
        if got is not None:
            both.setdefault(d.kind, []).append(fam in got[1] and "boilerplate" in got[1])

    def table(by: dict[str, list[bool]]) -> dict:
        out = {k: {"n": len(v), "share": _share(v)} for k, v in sorted(by.items())}
        every = [x for v in by.values() for x in v]
        out["all"] = {"n": len(every), "share": _share(every)}
        return out

    return {"defect_in_top3": table(named), "two_defects_in_top3": table(both)}


def format_lines(m: dict) -> list[str]:
    out = []
    for key, what in (("defect_in_top3", f"defect named in the top {TOP} reasons (articles scored < 40)"),
                      ("two_defects_in_top3", f"both defects named in the top {TOP} (furniture injected too)")):
        t = m.get(key) or {}
        if t:
            out.append(f"{what}: " + ", ".join(
                f"{k} {v['share']:.1%} (n={v['n']})" for k, v in t.items() if v.get("share") is not None))
    return out
