"""The one interface every feature family implements, and the registry that lists them.

An extractor reads an :class:`~scorer.article.Article` (never a file) and returns named numeric
features plus the evidence spans behind them. Feature names are ``family.name``. A family may
also declare spans that later extractors should not read (the boilerplate family does).
"""
from __future__ import annotations

import math
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import mul
from typing import Callable, Generic, Iterator, Optional, Sequence, TypeVar

from ..article import Article
from ..text import Span, snippet


@dataclass(frozen=True)
class Evidence:
    """A span of ``Article.body`` that triggered a feature, with a one-line reason."""

    feature: str
    start: int
    end: int
    snippet: str
    reason: str

    @classmethod
    def at(cls, feature: str, text: str, start: int, end: int, reason: str) -> "Evidence":
        return cls(feature=feature, start=start, end=end, snippet=snippet(text, start, end), reason=reason)

    def to_dict(self) -> dict:
        return {"feature": self.feature, "start": self.start, "end": self.end,
                "snippet": self.snippet, "reason": self.reason}


@dataclass(frozen=True)
class FeatureSpec:
    """A feature's name (``family.name``), what it measures, and where it applies.

    ``english_only`` features are reported as null with a reason for other languages, never
    computed as if the text were English. ``risk_direction`` is +1 when larger values are
    more suspicious, -1 when smaller are, 0 when it depends (documentation and sanity tests).
    """

    name: str
    description: str
    english_only: bool = False
    risk_direction: int = 0
    # An aggregate (distinct kinds, a share of sentences, a summed log-ratio) has no spans of its
    # own: the features whose spans it is computed from. A reason shows those, never another
    # feature's spans that merely share the family (they explain something else).
    evidence_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class RiskRule:
    """A documented rule that moves a facet's risk outside its learned model, as it applied to
    one article: the features whose values set it off, and what it did.

    ``kind`` is ``"floor"`` (the risk is at least ``value``, whatever the model says) or
    ``"log_odds"`` (``value`` is added to the model's log-odds before calibration). The rules
    exist for signs the training corpora cannot teach (chatbot residue, assistant formatting,
    impossible citation dates, dense MT fingerprints); a reader must see them as the cause, so
    a facet reason shows the spans of their features first and says which applied, and a
    report lists them under ``details.<facet>.risk_rules``."""

    features: tuple[str, ...]
    kind: str
    value: float
    note: str

    def to_dict(self) -> dict:
        return {"features": list(self.features), "kind": self.kind, "value": self.value, "note": self.note}


FLOOR, LOG_ODDS = "floor", "log_odds"


def risk_with_rules(model, values, rules: Sequence[RiskRule]) -> float:
    """The model's calibrated risk with ``rules`` applied: log-odds rules added before
    calibration, then the highest floor (the same arithmetic each facet used before the rules
    were named: ``z + 1.0 + 1.0`` is summed as ``z + 2.0``)."""
    added = sum(r.value for r in rules if r.kind == LOG_ODDS)
    p = round(model.calibrate(model.decision(values) + added), 6) if added else model.predict_proba(values)
    for r in rules:
        if r.kind == FLOOR:
            p = max(p, r.value)
    return p


@dataclass
class FeatureResult:
    values: dict[str, Optional[float]]
    evidence: list[Evidence] = field(default_factory=list)
    strip: list[Span] = field(default_factory=list)
    not_applicable: dict[str, str] = field(default_factory=dict)
    # Anything else worth showing a user (counts by kind, the cleaned text, ...). Must be JSON-able.
    details: dict = field(default_factory=dict)


class Extractor:
    """Base class. Subclasses set ``name``, ``specs`` and implement :meth:`extract`.

    ``order`` decides when it runs: lower first. Boilerplate runs first so the others can read
    ``Article.content`` without page furniture.
    """

    name: str = ""
    specs: tuple[FeatureSpec, ...] = ()
    order: int = 50

    @property
    def feature_names(self) -> list[str]:
        return [s.name for s in self.specs]

    def extract(self, article: Article) -> FeatureResult:  # pragma: no cover - interface
        raise NotImplementedError

    def risk(self, result: FeatureResult, model) -> Optional[float]:
        """Facet risk in [0, 1] from this family's features and its learned facet model.

        The default is the model's calibrated probability; ``None`` without a model. Families
        may override to add a documented floor for a near-certain sign.
        """
        if model is None:
            return None
        return model.predict_proba(result.values)

    def risk_rules(self, result: FeatureResult) -> list[RiskRule]:
        """The documented rules outside the model that :meth:`risk` applied to this result, in
        the order a reader should see them (none by default). A family that overrides
        :meth:`risk` with a floor or added log-odds builds its risk from this same list, so the
        explanation cannot drift from the arithmetic."""
        return []


_REGISTRY: dict[str, Extractor] = {}


def register(extractor: Extractor) -> Extractor:
    """Add an extractor (built-ins use this too). Names are unique."""
    if not extractor.name:
        raise ValueError("extractor has no name")
    for spec in extractor.specs:
        if not spec.name.startswith(extractor.name + "."):
            raise ValueError(f"feature {spec.name!r} must start with {extractor.name + '.'!r}")
    _REGISTRY[extractor.name] = extractor
    return extractor


def registered() -> list[Extractor]:
    from . import load_builtins  # the built-ins register on import

    load_builtins()
    return sorted(_REGISTRY.values(), key=lambda e: (e.order, e.name))


def feature_names() -> list[str]:
    return [n for e in registered() for n in e.feature_names]


def finite(x: float) -> Optional[float]:
    """Round for stable JSON; NaN/inf (division by zero in a metric) become None."""
    if x is None or isinstance(x, bool):
        return None if x is None else float(x)
    if not math.isfinite(x):
        return None
    return round(float(x), 6)


def per_1000(count: int, n_words: int) -> float:
    return 1000.0 * count / n_words if n_words else 0.0


def pstdev_of_ints(xs: Sequence[int]) -> float:
    """``statistics.pstdev(xs)`` of a non-empty list of ints, to the last bit, in integer
    arithmetic. statistics builds its exact sums from a Fraction per value (~13 µs for 30
    sentence lengths, four calls per article); for ints the same exact variance is
    ``(n·Σx² - (Σx)²) / n²``, and its square root is rounded as statistics rounds it
    (correctly: one float for one rational, whatever its representation)."""
    n = len(xs)
    if n < 1:
        raise ValueError("pstdev_of_ints requires at least one value")
    total = sum(xs)
    num, den = n * sum(map(mul, xs, xs)) - total * total, n * n
    g = math.gcd(num, den)
    return _float_sqrt_of_frac(num // g, den // g)


_SQRT_BIT_WIDTH = 2 * sys.float_info.mant_dig + 3  # statistics' _sqrt_bit_width


def _float_sqrt_of_frac(n: int, m: int) -> float:
    """Square root of n/m as a float, correctly rounded: statistics._float_sqrt_of_frac (a
    private helper, so copied rather than imported; https://bugs.python.org/msg407078)."""
    q = (n.bit_length() - m.bit_length() - _SQRT_BIT_WIDTH) // 2
    if q >= 0:
        numerator, denominator = _isqrt_rto(n, m << 2 * q) << q, 1
    else:
        numerator, denominator = _isqrt_rto(n << -2 * q, m), 1 << -q
    return numerator / denominator  # the one rounding, to float


def _isqrt_rto(n: int, m: int) -> int:
    """Square root of n/m, rounded to an integer by round-to-odd."""
    a = math.isqrt(n // m)
    return a | (a * a * m != n)


T = TypeVar("T")


class TableSlot(Generic[T]):
    """The learned table an extractor reads: the shipped one (``shipped()``, loaded once by its
    module), unless training or a test has put its own in with :meth:`use` (fold models,
    tables without held-out data). A stack, so nested uses give back the one before.

    One mechanism for every such table: the n-gram model, the tortured-phrase table and the
    swap-in-context table each had its own list, pushed and popped from outside."""

    def __init__(self, shipped: Callable[[], T]):
        self._shipped = shipped
        self._stack: list[T] = []

    def current(self) -> T:
        return self._stack[-1] if self._stack else self._shipped()

    @contextmanager
    def use(self, table: T) -> Iterator[T]:
        self._stack.append(table)
        try:
            yield table
        finally:
            self._stack.pop()
