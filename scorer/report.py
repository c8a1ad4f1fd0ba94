"""The report contract: one JSON object per article (see README, "Report schema").

Other tools read these rows: fields may be added, never renamed or dropped. Bump
``SCHEMA_VERSION``'s minor number for additions, the major number never (without a migration).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

SCHEMA_VERSION = "1.12"  # 1.1: batch rows add fingerprint + cluster_* fields; error codes timeout, worker_died
# 1.2: caveats (scorer.caveats); 1.3: caveat code fast_html (--fast-html); 1.4: caveat code
# truncated (texts over --max-chars); 1.5: caveat code record_truncated (WARC-Truncated records);
# 1.6: error codes duplicate_archive, malformed_dump, many_articles (JSON Lines dumps: rows FILE#LINE)
# 1.7: caveat codes mixed_language (with its "spans", the one caveat key beside code and message)
# and not_an_article (with details.page_kind)
# 1.8: field date_modified (the page's declared last update; CSV: after the features); caveat code
# obfuscated_text (with its "spans")
# 1.9: caveat code ai_disclosure (with its "spans"); details.boilerplate.page_chrome
# 1.10: details.<facet>.risk_rules (the documented rules outside a facet's model that set its risk)
# 1.11: caveat code too_short (under caveats.MIN_SCORED_WORDS words: score and verdict null)
# 1.12: the obfuscated_text caveat's title_spans (hidden words of the title, offsets into it);
# caveat code paywalled (with its "spans": the prompt lines)
FACETS = ("readability", "mt", "citations", "boilerplate", "ai_style")

# Verdict bands on the 0–100 score (higher = more reliable). Documented in the README.
BANDS = ((75.0, "likely reliable"), (40.0, "mixed"), (0.0, "likely unreliable"))
UNRELIABLE_BELOW = next(floor for floor, name in BANDS if name == "mixed")  # "likely unreliable" under it


def verdict_for(score: Optional[float]) -> Optional[str]:
    if score is None:
        return None
    for floor, name in BANDS:
        if score >= floor:
            return name
    return BANDS[-1][1]


@dataclass(frozen=True)
class Reason:
    """One feature that moved the score, with the evidence behind it.

    ``contribution`` is in log-odds of *unreliable* (positive = pushed the score down),
    coefficient × standardised value in the reliability model; without a model it is the
    family's facet risk, so reasons are still ranked.
    """

    feature: str
    facet: str
    value: Optional[float]
    contribution: float
    message: str
    evidence: tuple = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature": self.feature, "facet": self.facet, "value": self.value,
            "contribution": round(self.contribution, 4), "message": self.message,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass
class Report:
    path: Optional[str]
    status: str  # "ok" | "error"
    error: Optional[str] = None
    error_code: Optional[str] = None
    title: Optional[str] = None
    date: Optional[str] = None  # the first publication
    url: Optional[str] = None
    date_modified: Optional[str] = None  # the page's last update, when it declares a credible one
    language: Optional[str] = None
    language_confidence: Optional[float] = None
    source_format: Optional[str] = None
    encoding: Optional[str] = None
    sha256: Optional[str] = None
    word_count: Optional[int] = None
    score: Optional[float] = None
    verdict: Optional[str] = None
    facets: dict[str, Optional[float]] = field(default_factory=lambda: {f: None for f in FACETS})
    features: dict[str, Optional[float]] = field(default_factory=dict)
    not_applicable: dict[str, str] = field(default_factory=dict)
    reasons: list[Reason] = field(default_factory=list)
    evidence: list = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    model: Optional[str] = None
    caveats: list = field(default_factory=list)  # scorer.caveats.Caveat
    body: Optional[str] = None  # kept in memory for rendering; not serialised by default

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_dict(self, include_body: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "path": self.path, "status": self.status, "error": self.error,
            "error_code": self.error_code, "title": self.title, "date": self.date,
            "date_modified": self.date_modified,
            "url": self.url, "language": self.language,
            "language_confidence": self.language_confidence,
            "source_format": self.source_format, "encoding": self.encoding,
            "sha256": self.sha256, "word_count": self.word_count,
            "score": self.score, "verdict": self.verdict,
            "facets": dict(self.facets),
            "features": dict(self.features),
            "not_applicable": dict(self.not_applicable),
            "reasons": [r.to_dict() for r in self.reasons],
            "evidence": [e.to_dict() for e in self.evidence],
            "details": self.details,
            "model": self.model,
            "caveats": [c.to_dict() for c in self.caveats],
        }
        if include_body:
            d["body"] = self.body
        return d

    def _repr_html_(self) -> str:
        """Notebook display: gauge, facet bars, the text with its evidence highlighted."""
        from .render_html import render_report

        return render_report(self)

    @classmethod
    def failed(cls, path: Optional[str], code: str, message: str, sha256: Optional[str] = None) -> "Report":
        return cls(path=path, status="error", error=message, error_code=code, sha256=sha256)

    @classmethod
    def crashed(cls, path: Optional[str], exc: BaseException, sha256: Optional[str] = None) -> "Report":
        """The ``internal`` error row of an input whose scoring raised ``exc`` (a bug in
        spinscore: the batch and the Spark job catch it so one input never stops the rest)."""
        from .errors import InternalError

        return cls.failed(path, InternalError.code, f"{type(exc).__name__}: {exc}", sha256=sha256)
