"""Inputs the reliability model reads besides features and facet risks.

Unreliability is an OR of defects: an article is machine-translated OR LLM-rewritten OR padded
OR cites invented sources. Shallow trees over the separate facet risks approximate that OR
poorly with a few hundred training articles: a padded article with a boilerplate risk of 0.9
must be caught by splits on the boilerplate facet alone, which the few padded training
articles cannot pay for. Giving the model the strongest defect facet as one input lets a
single split say "any facet is confident". Measured on the held-out split when this was
added (models/metrics.json has the current figures): AUROC 0.884 → 0.895, and every defect
type gained (boilerplate 0.814 → 0.886, MT 0.843 → 0.853).

The input is a convenience for the model, not a reason a reader can check: its contribution
is credited to the facet that supplied the maximum, so reasons stay "mt risk 0.97" with the
mt evidence.
"""
from __future__ import annotations

from typing import Mapping, Optional

FACET_PREFIX = "facet."
STRONGEST = "combined.strongest_defect_risk"
# The facets that each detect one defect. Readability is left out: it describes how plainly
# someone writes, which the reliability score must not read (reliability.PROFICIENCY_PROFILE).
DEFECT_FACETS = ("mt", "ai_style", "boilerplate", "citations")
NAMES = (STRONGEST,)


def strongest_facet(facets: Mapping[str, Optional[float]]) -> Optional[str]:
    """The defect facet with the highest risk (ties: the first in DEFECT_FACETS); None when
    no defect facet speaks for the article."""
    best = None
    for f in DEFECT_FACETS:
        v = facets.get(f)
        if v is not None and (best is None or v > facets[best]):
            best = f
    return best


def combined_inputs(facets: Mapping[str, Optional[float]]) -> dict[str, Optional[float]]:
    """The derived inputs of one article, from its facet risks (keyed by facet name)."""
    best = strongest_facet(facets)
    return {STRONGEST: facets[best] if best is not None else None}


def model_inputs(features: Mapping[str, Optional[float]],
                 facets: Mapping[str, Optional[float]]) -> dict[str, Optional[float]]:
    """What the reliability model reads for one article: every feature, each facet risk as
    ``facet.<name>`` and the combined inputs (the scorer; tests sweep these)."""
    inputs = dict(features)
    inputs.update({FACET_PREFIX + k: v for k, v in facets.items()})
    inputs.update(combined_inputs(facets))
    return inputs


def credit_to_facets(contrib: Mapping[str, float], facets: Mapping[str, Optional[float]]) -> dict[str, float]:
    """Contributions with each derived input's share moved onto the facet it came from.

    With no defect facet (the input was missing) the share stays under its own name: the
    trees' missing-value branch can still move the score, and contributions must keep
    summing to the decision."""
    out = dict(contrib)
    best = strongest_facet(facets)
    if best is not None and STRONGEST in out:
        key = FACET_PREFIX + best
        out[key] = out.get(key, 0.0) + out.pop(STRONGEST)
    return out
