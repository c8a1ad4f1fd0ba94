"""How the score holds up on short texts: the held-out articles cut to their first ~90 and ~150 words.

Users score news briefs, ledes and pages whose extraction kept only a few paragraphs; the corpus
(and every other held-out figure) is whole articles. A facet's n-gram average over 90 words is
noisier than over 600, and a per-1,000-words rate jumps by 11 with one hit, so the same model
ranks short texts worse. This module measures how much, on the test side of the story split:
each eligible article is cut at the first sentence end after ``n`` words (its own layout kept),
scored by the model just fitted, and reported as AUROC per defect and the share of human texts
scored under 40.

Eligible: human, MT, LLM and spun articles in plain text, whose defect (or cleanness) runs
through the whole text. Not articles with references appended (invented or sound): a cut drops
the list and leaves its markers dangling, a real defect the cut created. Not padded articles:
the furniture sits anywhere, a cut may drop all of it. Texts that do not reach ``n`` words, or
would lose fewer than ``MIN_REST`` words, are left out (they are not shortened).

Measured, not built (reliability-10 studies, same split):

* Training the combiner on cut copies of its own articles as well (one each, 60-250 words),
  with and without a capped word-count input: human texts under 40 at ~90 words 8.9 % → 8.6 %,
  and defects caught at 2 % human false alarms on whole articles fell 65 % → 62 %. What short
  texts lose is in the facets' evidence, not in how the combiner weighs it.
* A length-aware calibration: the Platt slope times ``w / (w + k)`` below the median training
  length, ``k`` fitted on out-of-fold scores of cut copies of the combiner-side articles
  (k = 150 words). Held-out human texts under 40 fell (whole articles 5.1 % → 4.4 %, ~90 words
  8.9 % → 5.4 %, ~150 words 11.8 % → 8.1 %), but only as a move along the same ROC curve:
  defects scored under 40 fell with them (~90 words 56 % → 45 %), and held-out log-loss at the
  training class mix improved only for the shortest texts (~60 words 0.556 → 0.547; ~90 words
  0.512 → 0.515, whole articles 0.398 → 0.402). A cut-off users can move themselves is no reason to change
  the score. (With free intercepts the held-out Platt slope does fall with length, 0.85 for
  whole articles to 0.60 at ~90 words; one intercept for every length absorbs most of it.)
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Optional, Sequence

import numpy as np

from ..corpora.base import Doc
from ..report import UNRELIABLE_BELOW
from .evalmetrics import auroc, brier, detection_at_false_alarm

LENGTHS = (90, 150)
KINDS = ("human", "mt", "llm", "spun")
MIN_REST = 15  # words a cut must drop; otherwise the text is (nearly) whole already

# A sentence ends at . ! ? (optionally followed by a closing quote) before whitespace, or at a
# line break.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019]))\s+|\n+")


def truncate(text: str, n: int) -> Optional[str]:
    """``text`` up to the first sentence end at or after ``n`` words, or None when the text has
    no such end with at least ``MIN_REST`` words after it, or the first sentences run past
    1.6 × ``n`` words (one run-on sentence would not be a short text of that length)."""
    for m in _SENTENCE_END.finditer(text):
        words = len(text[:m.start()].split())
        if words >= n:
            if words > 1.6 * n or len(text[m.end():].split()) < MIN_REST:
                return None
            return text[:m.start()]
    return None


def eligible(doc: Doc) -> bool:
    return doc.kind in KINDS and doc.fmt == "text" and not doc.source.endswith("refs")


def cut_docs(docs: Sequence[Doc], n: int) -> list[Doc]:
    """The eligible documents cut to ~``n`` words (same story, kind and source)."""
    out = []
    for d in docs:
        if eligible(d):
            t = truncate(d.text, n)
            if t is not None:
                out.append(replace(d, text=t))
    return out


def metrics(kinds: Sequence[str], sources: Sequence[str], p_unreliable: Sequence[float]) -> dict:
    """AUROC (all, per defect), human share under 40 (all, per source), defects caught at
    2 % / 5 % human false alarms, for one length."""
    k = np.asarray(kinds)
    src = np.asarray(sources)
    p = np.asarray(p_unreliable, dtype=float)
    human = k == "human"
    y = (~human).astype(int)
    cut = 1 - UNRELIABLE_BELOW / 100
    out = {"n": int(len(p)), "n_human": int(human.sum()), "auroc": auroc(y, p), "brier": brier(y, p),
           "per_defect": {},
           "human_score_below_40": round(float(np.mean(p[human] > cut)), 4) if human.any() else None,
           "detected_at_human_false_alarm": detection_at_false_alarm(p[human], p[~human], rates=(0.02, 0.05))}
    for kind in KINDS[1:]:
        this = k == kind
        if this.any() and human.any():
            out["per_defect"][kind] = {"n": int(this.sum()), "auroc": auroc(y[human | this], p[human | this])}
    out["human_score_below_40_by_source"] = {
        s: round(float(np.mean(p[human & (src == s)] > cut)), 4) for s in sorted(set(src[human].tolist()))}
    return out


def evaluate(test_docs: Sequence[Doc], predict: Callable[[list[Doc]], tuple[list[Doc], np.ndarray]],
             lengths: Sequence[int] = LENGTHS) -> dict:
    """``predict(docs)`` returns the documents it could score and their P(unreliable).
    ``whole``: the same eligible articles uncut, the figures to compare with."""
    out = {}
    docs, p = predict([d for d in test_docs if eligible(d)])
    if docs:
        out["whole"] = metrics([d.kind for d in docs], [d.source for d in docs], p)
    for n in lengths:
        docs, p = predict(cut_docs(test_docs, n))
        if docs:
            out[f"words_{n}"] = metrics([d.kind for d in docs], [d.source for d in docs], p)
    return out


def format_lines(m: dict) -> list[str]:
    if not m:
        return []
    lines = ["short texts (held-out human/MT/LLM/spun articles, whole and cut to their first ~N words):"]
    for key, v in m.items():
        caught = v.get("detected_at_human_false_alarm", {})
        label = "whole" if key == "whole" else key.replace("words_", "~") + " words"
        lines.append(f"  {label:<10} n={v['n']:<5} AUROC {v['auroc']}  "
                     + "  ".join(f"{d} {x['auroc']}" for d, x in v["per_defect"].items())
                     + f"  human scored < 40: {v['human_score_below_40']}"
                     + "  caught at 2/5 % human false alarms: "
                     + "/".join(f"{caught[r]['detected']:.0%}" for r in ("0.02", "0.05") if r in caught))
    return lines
