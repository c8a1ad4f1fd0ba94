"""The pipeline: Article -> features -> facet risks -> reliability score -> Report.

No file reading here beyond :meth:`Scorer.score_file`'s call into ingestion, and no text
parsing in the model: each room does its own job.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, fields, replace
from itertools import zip_longest
from operator import attrgetter
from pathlib import Path
from typing import Optional

from . import errors
from .article import Article, Paragraph, with_known
from . import page_kind
from .caveats import MIN_SCORED_WORDS, CaveatRules, not_an_article, scorable
from .combiner_inputs import FACET_PREFIX
from .combiner_inputs import NAMES as COMBINED_INPUTS
from .combiner_inputs import DEFECT_FACETS, credit_to_facets, model_inputs
from .dumps import is_dump
from .features.base import FLOOR, LOG_ODDS, Evidence, Extractor, FeatureResult, RiskRule, registered
from .ingest import DEFAULT_MAX_BYTES, headline, parse_bytes, read_bytes, scrub_surrogates
from .linmodel import LinearModel
from .model import default_models_dir, facet_model_path, load_optional, reliability_model_path
from .report import FACETS, Reason, Report, verdict_for
from .text import word_count
from .warc import is_warc

MAX_EVIDENCE_PER_REASON = 12
_EVIDENCE_ORDER = attrgetter("start", "end", "feature")  # a report's evidence in text order (a C-level key)
# A feature that moved the log-odds by less than this is not a reason: at most about a point of
# score (100 x 0.25 x 0.05 where the curve is steepest), and on a reliable article such crumbs
# were listed as "reasons" ("ai_style risk 0.01, +0.03"). They still count in the score.
MIN_REASON_CONTRIBUTION = 0.05


def _retitle(article: Article) -> Article:
    """A text dump's first line is its title only if it is not page furniture ("Skip to
    content"): once boilerplate is blanked, take the first remaining headline-like line."""
    if article.source_format not in ("text", "markdown") or not article.title:
        return article
    first = headline(article.body.lstrip().split("\n", 1)[0])
    if first != article.title or headline(article.content.lstrip().split("\n", 1)[0]).startswith(first):
        return article
    line = next((headline(ln) for ln in article.content.split("\n") if ln.strip()), "")
    return replace(article, title=line if 0 < len(line) <= 150 else None)


# A defect family leads the reasons when it moved the score at least this share as much as the
# strongest one, or at least LEAD_FAMILY_MIN log-odds (see Scorer._rank_reasons).
LEAD_FAMILY_SHARE = 0.25
# Without the absolute floor a dominant family (furniture at +3.8) kept every other defect out of
# the lead, however clearly it moved the score (LLM style at +0.85), and spent the third reason on
# its own second feature. Measured on held-out articles with two defects (test-side MT, LLM, spun
# and invented-reference documents with furniture injected, 680): both defects among the top three
# reasons 72.6 % -> 81.0 % (floor 0.5: 77.2 %); single-defect held-out articles unchanged
# (their defect among the top three: 98.6 % of those scored under 40, either way).
LEAD_FAMILY_MIN = 0.25

# Longer texts are analysed up to a paragraph break before this many characters (report caveat
# ``truncated``). Why: a worker's memory grows with the text, ~100 bytes per character (a
# 4.8 MB text file peaked at 681 MB; 1 MB at 235 MB, 300 KB at 159 MB), so one long file could
# break a batch's memory bound whatever its other files. 500,000 characters is five times the
# longest document of every corpus we train and evaluate on (97 KB) and ~80,000 words; a text
# that long is a dump or a book, not an article, and its first half-million characters say how
# it was written. 0 turns the limit off (``--max-chars 0``).
MAX_ANALYSED_CHARS = 500_000


@dataclass(frozen=True)
class ScorerSettings:
    """What a batch's scorers are built from, as one picklable value.

    The batch parent, its forked or spawned workers and each Spark executor build their own
    :class:`Scorer` from the same settings; a new setting is a field here, not another argument
    threaded through every layer between the command line and the worker."""

    models_dir: Optional[str | Path] = None
    max_bytes: int = DEFAULT_MAX_BYTES
    fast_html: bool = False
    max_chars: int = MAX_ANALYSED_CHARS

    def build(self) -> "Scorer":
        return Scorer(**{f.name: getattr(self, f.name) for f in fields(self)})  # each field is a Scorer's


def truncated(article: Article, max_chars: int) -> Article:
    """``article`` cut to at most ``max_chars`` characters of body, at the last paragraph break
    ("\\n\\n") before the limit, else the last line break, else the last space, else at the
    limit itself (a break is used only when it keeps at least half the limit). Paragraphs and
    anchor spans are kept as far as they lie in the part kept (a paragraph that straddles the
    cut is clipped); ``meta["truncated_from"]`` records the whole body's length. An article
    within the limit (or ``max_chars`` 0) is returned as it is."""
    body = article.body
    if not max_chars or len(body) <= max_chars:
        return article
    cut = max_chars
    for sep in ("\n\n", "\n", " "):
        at = body.rfind(sep, 0, max_chars)
        if at >= max_chars // 2:
            cut = at
            break
    paragraphs = tuple(Paragraph(p.start, min(p.end, cut)) for p in article.paragraphs if p.start < cut)
    meta = dict(article.meta, truncated_from=len(body))
    if meta.get("links"):
        meta["links"] = [ln for ln in meta["links"] if ln.get("end", 0) <= cut]
    return replace(article, body=body[:cut], content=article.content[:cut], paragraphs=paragraphs, meta=meta)


@dataclass
class Scorer:
    """Scores articles. Build once, reuse: models and tables load on construction.

    ``models_dir`` defaults to the shipped models (``SPINSCORE_MODELS`` overrides).
    ``use_model=False`` computes features and facets but no score (useful for training).
    ``fast_html=True`` extracts full HTML pages in trafilatura's fast mode (``--fast-html``;
    :func:`scorer.htmltext.extract_page`), and their reports carry the ``fast_html`` caveat.
    """

    models_dir: Optional[Path] = None
    max_bytes: int = DEFAULT_MAX_BYTES
    top_reasons: int = 5
    use_model: bool = True
    extractors: list[Extractor] = field(default_factory=list)
    fast_html: bool = False
    max_chars: int = MAX_ANALYSED_CHARS

    def __post_init__(self) -> None:
        if self.max_chars < 0:  # 0 is "no limit"; a negative limit would cut at nonsense offsets
            raise ValueError(f"max_chars must be 0 (no limit) or more, not {self.max_chars}")
        if self.models_dir is not None:
            self.models_dir = Path(self.models_dir)
        from .training.tables import select

        # A trained output's derived tables (DIR/data, `spinscore train`) go with its models.
        select(self.models_dir or default_models_dir())
        if not self.extractors:
            self.extractors = registered()
        self.specs = {s.name: s for e in self.extractors for s in e.specs}
        self.family_of = {s.name: e.name for e in self.extractors for s in e.specs}
        self.facet_models: dict[str, Optional[LinearModel]] = {}
        for ex in self.extractors:
            m = load_optional(facet_model_path(ex.name, self.models_dir))
            if m is not None:
                m.check_features(ex.feature_names, source=str(facet_model_path(ex.name, self.models_dir)))
            self.facet_models[ex.name] = m
        self.model: Optional[LinearModel] = None
        if self.use_model:
            path = reliability_model_path(self.models_dir)
            self.model = load_optional(path)
            if self.model is not None:
                self.model.check_features(
                    list(self.specs) + [FACET_PREFIX + f for f in FACETS] + list(COMBINED_INPUTS),
                    source=str(path)
                )

    @property
    def caveat_rules(self) -> CaveatRules:
        """The caveats' measured figures come from the reliability model in use (built once per
        model; the model may be swapped after construction, as training code does)."""
        if getattr(self, "_caveats_for", False) is not self.model:
            self._caveats_for = self.model
            self._caveat_rules = CaveatRules(self.model.metrics if self.model is not None else None)
        return self._caveat_rules

    # ---- features ------------------------------------------------------------------------
    def extract(self, article: Article) -> tuple[Article, dict[str, FeatureResult]]:
        """Run every extractor in order; boilerplate spans are blanked for the ones after it."""
        results: dict[str, FeatureResult] = {}
        for ex in self.extractors:
            try:
                res = ex.extract(article)
            except Exception as exc:  # a bug in an extractor must not lose the row
                raise errors.InternalError(
                    f"internal error in the {ex.name} extractor: {type(exc).__name__}: {exc}"
                ) from exc
            self._apply_language(ex, article, res)
            results[ex.name] = res
            if res.strip:
                article = article.without(res.strip)
        return article, results

    def _apply_language(self, ex: Extractor, article: Article, res: FeatureResult) -> None:
        values = res.values
        if article.is_english:  # nothing is nulled: every feature not computed is None
            for spec in ex.specs:
                if spec.name not in values:
                    values[spec.name] = None
            return
        nulled = set()
        for spec in ex.specs:
            if spec.english_only and not article.is_english:
                res.values[spec.name] = None
                nulled.add(spec.name)
                lang = article.language or "undetermined"
                res.not_applicable.setdefault(
                    spec.name, f"English-only feature; article language is {lang}"
                )
            else:
                res.values.setdefault(spec.name, None)
        if nulled:
            # Evidence of a feature reported as not applicable explains nothing: an extractor that
            # reads an undetermined language as English (ai_style, citations) left spans such as
            # "As an AI language model" on a null ai_style.residue_count.
            res.evidence = [e for e in res.evidence if e.feature not in nulled]

    def facets(self, results: dict[str, FeatureResult]) -> dict[str, Optional[float]]:
        """Facet risks. A facet is null when its model cannot speak for the article: when none
        of its features apply, or when most of them are English-only and were nulled (a model
        would read the missing majority as 'average' and return its base rate, not evidence)."""
        out: dict[str, Optional[float]] = {f: None for f in FACETS}
        for ex in self.extractors:
            res = results.get(ex.name)
            model = self.facet_models.get(ex.name)
            if res is None or model is None:
                continue
            if all(v is None for v in map(res.values.get, model.features)):
                continue
            nulled = sum(map(res.not_applicable.__contains__, model.features)) if res.not_applicable else 0
            if nulled * 2 > len(model.features):
                continue
            out[ex.name] = ex.risk(res, model)
        return out

    # ---- scoring -------------------------------------------------------------------------
    def score_article(self, article: Article, *, path: Optional[str] = None, sha256: Optional[str] = None) -> Report:
        article, results = self.extract(truncated(article, self.max_chars))
        article = _retitle(article)
        features: dict[str, Optional[float]] = {}
        evidence: list[Evidence] = []
        not_applicable: dict[str, str] = {}
        details: dict = {}
        for name, res in results.items():
            features.update(res.values)
            evidence.extend(res.evidence)
            not_applicable.update(res.not_applicable)
            if res.details:
                details[name] = res.details
        evidence.sort(key=_EVIDENCE_ORDER)
        facets = self.facets(results)
        rules = self.risk_rules(results, facets)
        for name, applied in rules.items():
            # A copy: the extractor's details stay as it returned them.
            details[name] = {**details.get(name, {}), "risk_rules": [r.to_dict() for r in applied]}
        score = None
        reasons: list[Reason]
        wc = word_count(article.content)
        # Too little text to score (caveats.scorable): no score, reasons by facet risk as without
        # a model; the too_short caveat says so. Counted on the whole body, furniture included:
        # the boilerplate facet reads it all, and a page that is all furniture (a farm's padding,
        # a listing's teasers) has no content words yet is scored. The body is counted only when
        # the content falls short: it holds the content, so the content's count is then enough.
        body_words = word_count(article.body) if wc < MIN_SCORED_WORDS else wc
        if self.model is not None and scorable(body_words):
            inputs = model_inputs(features, facets)
            # Probability and per-feature contributions from one pass over the model.
            p_unreliable, contrib = self.model.explain(inputs)
            contrib = credit_to_facets(contrib, facets)
            score = round(100.0 * (1.0 - p_unreliable), 1)
            reasons = self._model_reasons(inputs, evidence, facets, contrib, results, rules)
        else:
            reasons = self._facet_reasons(facets, evidence, results, rules)
        caveats = self.caveat_rules.for_article(wc, article.language, facets, body_words=body_words,
                                                fast_html=bool(article.meta.get("fast_html")),
                                                truncated_from=article.meta.get("truncated_from"),
                                                analysed_chars=len(article.body),
                                                language_mix=article.meta.get("language_mix"),
                                                hidden_words=article.meta.get("hidden_words"),
                                                hidden_title_words=article.meta.get("hidden_title_words"),
                                                evidence=evidence, body=article.body)
        listing = page_kind.detect(article.body, article.html, article.url) if article.source_format == "html" else None
        if listing is not None:  # the score stays (see scorer.page_kind): the caveat says what it describes
            caveats.append(not_an_article(listing.signals, listing.examples))
            details["page_kind"] = listing.to_dict()
        return Report(
            path=path if path is not None else article.path, status="ok",
            title=article.title, date=article.published, date_modified=article.date_modified, url=article.url,
            language=article.language, language_confidence=article.language_confidence,
            source_format=article.source_format, encoding=article.encoding, sha256=sha256,
            word_count=wc, score=score, verdict=verdict_for(score),
            facets=facets, features=features, not_applicable=not_applicable,
            reasons=reasons, evidence=evidence, details=details,
            model=(self.model.meta.get("version") or self.model.name) if self.model else None,
            caveats=caveats,
            body=article.body,
        )

    def risk_rules(self, results: dict[str, FeatureResult],
                   facets: dict[str, Optional[float]]) -> dict[str, list[RiskRule]]:
        """Per facet with a risk, the documented rules outside its model that applied
        (:meth:`Extractor.risk_rules`); facets with none are left out."""
        out = {}
        for ex in self.extractors:
            res = results.get(ex.name)
            if res is not None and facets.get(ex.name) is not None:
                applied = ex.risk_rules(res)
                if applied:
                    out[ex.name] = applied
        return out

    def _facet_drivers(self, results: dict[str, FeatureResult], families,
                       rules: Optional[dict[str, list[RiskRule]]] = None) -> dict[str, tuple[tuple[str, ...], ...]]:
        """Per facet of ``families``, the features that raised its risk, strongest first, in
        tiers: the order a facet reason shows its evidence in (a tier's spans interleaved, one
        of each feature in turn). Only for the facets given a reason.

        Each floor's features are a tier and come first (they hold the risk whatever the model
        says: a chatbot-residue article whose model risk was 0.27 showed two questions to the
        reader and an n-gram sentence before "Certainly! Here is a"; an MT floor of three
        fingerprint kinds shows one span of each). Then, a tier each, the learned features
        (coefficient × standardised value > 0 in the facet's model) and the log-odds rules'
        features, by the log-odds each added."""
        out: dict[str, tuple[tuple[str, ...], ...]] = {}
        for fam in families:
            model, res = self.facet_models.get(fam), results.get(fam)
            if model is None or res is None:
                continue
            applied = (rules or {}).get(fam, ())
            tiers = [r.features for r in applied if r.kind == FLOOR]
            weighed = [(c, f) for f, c in model.contributions(res.values).items() if c > 0]
            weighed += [(r.value, f) for r in applied if r.kind == LOG_ODDS for f in r.features]
            seen = {f for t in tiers for f in t}
            for _, f in sorted(weighed, key=lambda t: (-t[0], t[1])):
                if f not in seen:
                    seen.add(f)
                    tiers.append((f,))
            out[fam] = tuple(tiers)
        return out

    def _evidence_for(self, feature: str, evidence: list[Evidence],
                      drivers: Optional[dict[str, tuple[tuple[str, ...], ...]]] = None) -> tuple:
        if feature.startswith(FACET_PREFIX):
            fam = feature[len(FACET_PREFIX):]
            family = [e for e in evidence if e.feature.startswith(fam + ".")]
            # A facet reason explains a *risk*: first the spans of the features that raised it
            # (strongest first, in text order within one feature), then the family's other
            # risk spans. Credit spans ("named source", "dateline") lowered the risk, so they
            # are not shown as why it is high, unless they are all the family has (even when a
            # fitted model gave a credit feature a small positive weight).
            tiers = (drivers or {}).get(fam, ())
            risk = [e for e in family if not self._is_credit(e.feature)]
            by_feature: dict[str, list[Evidence]] = {}
            for e in risk:  # text order within each feature
                by_feature.setdefault(e.feature, []).append(e)
            raised = []
            for tier in tiers:
                per_feature = [by_feature[f] for f in tier if f in by_feature]
                raised += [e for turn in zip_longest(*per_feature) for e in turn if e is not None]
                if len(raised) >= MAX_EVIDENCE_PER_REASON:
                    break
            shown = {f for tier in tiers for f in tier}
            chosen = raised + [e for e in risk if e.feature not in shown] or family
        else:
            chosen = [e for e in evidence if e.feature == feature]
            spec = self.specs.get(feature)
            if not chosen and spec is not None and spec.evidence_from:
                # An aggregate ("distinct kinds of furniture", "share of MT-reading sentences")
                # has no spans of its own: the spans it was computed from, one of each source
                # feature in turn (four fingerprint kinds show four kinds, not three "$ 100"s).
                # Never the rest of the family: "spinner-preferred words" shown with the n-gram
                # model's sentences explained nothing it claimed.
                by_source = [[e for e in evidence if e.feature == f] for f in spec.evidence_from]
                chosen = [e for turn in zip_longest(*by_source) for e in turn if e is not None]
        return tuple(chosen[:MAX_EVIDENCE_PER_REASON])

    def _is_credit(self, feature: str) -> bool:
        spec = self.specs.get(feature)
        return spec is not None and spec.risk_direction < 0

    def _describe(self, feature: str, value: Optional[float]) -> str:
        if feature.startswith(FACET_PREFIX):
            fam = feature[len(FACET_PREFIX):]
            return f"{fam} risk {value:.2f}" if value is not None else f"{fam} risk n/a"
        spec = self.specs.get(feature)
        desc = spec.description if spec else feature
        return f"{desc}: {value:g}" if value is not None else f"{desc}: n/a"

    def _family(self, feature: str) -> str:
        if feature.startswith(FACET_PREFIX):
            return feature[len(FACET_PREFIX):]
        return self.family_of.get(feature, feature.split(".")[0])

    def _rank_reasons(self, contrib: dict[str, float]) -> list[tuple[float, str]]:
        """The features that moved the score towards "unreliable", one per defect family first.

        Families (a facet with its own features) that moved the score at least
        ``LEAD_FAMILY_SHARE`` as much as the strongest family or at least ``LEAD_FAMILY_MIN``
        log-odds, in the order of their summed
        contribution, each represented by its strongest feature; then the remaining features
        by contribution (a family that barely moved the score does not jump the queue).
        Why: an article with several defects had its top three reasons spent on one of them
        (boilerplate risk, furniture lines, furniture kinds) while a second defect that moved
        the score as much, split over three inputs, came fourth; the reader asks "what is
        wrong", and the answer is a list of defects, each with its evidence."""
        pos = sorted(((c, f) for f, c in contrib.items() if c >= MIN_REASON_CONTRIBUTION),
                     key=lambda t: (-t[0], t[1]))
        total: dict[str, float] = {}
        first: dict[str, tuple[float, str]] = {}  # each family's strongest feature (pos is sorted)
        for c, f in pos:
            fam = self._family(f)
            total[fam] = total.get(fam, 0.0) + c
            first.setdefault(fam, (c, f))
        top = max(total.values(), default=0.0)
        lead = [first[fam] for fam in sorted(first, key=lambda fam: (-total[fam], fam))
                if total[fam] >= min(LEAD_FAMILY_SHARE * top, LEAD_FAMILY_MIN)]
        rest = [t for t in pos if t not in lead]
        return (lead + rest)[: self.top_reasons]

    @staticmethod
    def _ruled(message: str, applied) -> str:
        """A facet reason's message with the rules that moved the risk outside its model."""
        return f"{message} ({'; '.join(r.note for r in applied)})" if applied else message

    def _model_reasons(self, inputs, evidence, facets, contrib: dict[str, float], results=None,
                       rules=None) -> list[Reason]:
        # A feature that does not apply (English-only features of a non-English article, an
        # empty text's rates) reaches the trees as missing, and the branch the trees learned for
        # missing can carry a contribution; that is arithmetic, not a reason a reader can check
        # ("agreement slips: n/a, +0.67" on an Italian page). It still counts in the score.
        ranked = self._rank_reasons({f: c for f, c in contrib.items() if inputs.get(f) is not None})
        rules = rules or {}
        drivers = self._facet_drivers(results or {}, [f[len(FACET_PREFIX):] for _, f in ranked
                                                      if f.startswith(FACET_PREFIX)], rules)
        out = []
        for c, f in ranked:
            fam = self._family(f)
            message = self._describe(f, inputs.get(f))
            if f.startswith(FACET_PREFIX):
                message = self._ruled(message, rules.get(fam))
            if self._is_credit(f):
                # A credit feature only counts against an article by being low (the trees are
                # monotone): say so, or "named sources (credit)" reads as a reason for doubt.
                message += " (less than reliable articles usually have)"
            shown = self._evidence_for(f, evidence, drivers)
            if not shown and not self._is_credit(f) and not f.startswith(FACET_PREFIX):
                # Say why a reason has no spans rather than leave the reader looking for them.
                message += " (measured over the whole text: no single span to show)"
            out.append(Reason(feature=f, facet=fam, value=inputs.get(f), contribution=c,
                              message=message, evidence=shown))
        return out

    def _facet_reasons(self, facets, evidence, results=None, rules=None) -> list[Reason]:
        """Without a score (no reliability model, or a text too short to score): the defect
        facets ranked by risk, then features by evidence count. Not the readability facet: it
        describes how plainly someone writes, which no verdict may rest on (DEFECT_FACETS); a
        one-line text had "readability risk 0.85" as a reason."""
        rules = rules or {}
        defects = {k: v for k, v in facets.items() if k in DEFECT_FACETS}
        drivers = self._facet_drivers(results or {}, [k for k, v in defects.items() if v and v >= 0.5], rules)
        out = []
        for fam, risk in sorted(((k, v) for k, v in defects.items() if v), key=lambda t: (-t[1], t[0])):
            if risk >= 0.5:
                out.append(Reason(feature=FACET_PREFIX + fam, facet=fam, value=risk, contribution=risk,
                                  message=self._ruled(self._describe(FACET_PREFIX + fam, risk), rules.get(fam)),
                                  evidence=self._evidence_for(FACET_PREFIX + fam, evidence, drivers)))
        if not out:
            counts: dict[str, int] = {}
            for e in evidence:
                counts[e.feature] = counts.get(e.feature, 0) + 1
            for f, n in sorted(counts.items(), key=lambda t: (-t[1], t[0]))[: self.top_reasons]:
                out.append(Reason(feature=f, facet=self.family_of.get(f, f.split(".")[0]),
                                  value=None, contribution=0.0,
                                  message=f"{self._describe(f, None).rsplit(':', 1)[0]}: {n} hit(s)",
                                  evidence=self._evidence_for(f, evidence)))
        return out[: self.top_reasons]

    # ---- entry points with error handling -------------------------------------------------
    def score_bytes(self, data: bytes, *, name: str = "", path: Optional[str] = None,
                    known: Optional[dict] = None) -> Report:
        """Score one article's bytes (format sniffed). ``known``: metadata that came with the
        text rather than in it (a table's title/date/url columns: :func:`with_known`)."""
        digest = hashlib.sha256(data).hexdigest()
        try:
            article = parse_bytes(data, name=name, path=path, fast_html=self.fast_html)
            if known:
                article = with_known(article, **known)
            return self.score_article(article, path=path, sha256=digest)
        except errors.SpinscoreError as exc:
            return Report.failed(path, exc.code, exc.message, sha256=digest)

    def score_text(self, text: str, *, name: str = "", path: Optional[str] = None,
                   known: Optional[dict] = None) -> Report:
        # Lone surrogates cannot be encoded; they become U+FFFD as in ingestion.
        return self.score_bytes(scrub_surrogates(text).encode("utf-8"), name=name, path=path, known=known)

    def score_file(self, path: str | os.PathLike) -> Report:
        """Score one file; input problems become an ``error`` report, never an exception. A web
        archive or a JSON Lines dump is many articles: it gets a ``many_articles`` error that
        says to use ``spinscore batch`` (read as one article it gave "binary" or "malformed
        JSON", which told the user nothing)."""
        p = str(path)
        kind = "a JSON Lines dump" if is_dump(p) else "a web archive" if is_warc(p) else None
        if kind is not None:
            return Report.failed(p, errors.ManyArticles.code,
                                 f"{kind} holds many articles, one per record: score it with "
                                 f"`spinscore batch {p} --out rows.jsonl` (one row per article)")
        try:
            data = read_bytes(p, self.max_bytes)
        except errors.SpinscoreError as exc:
            return Report.failed(p, exc.code, exc.message)
        return self.score_bytes(data, name=p, path=p)
