"""Train and evaluate the citations facet model; measure URL-check false alarms on real URLs.

Data (all synthetic on the positive side, see :mod:`scorer.corpora.refs`): every human news
text (AEB bodies, XSum, PolitiFact, GossipCop originals) appears as
  * ``plain``  – as published (negative; most real news cites no URL),
  * ``clean``  – with well-formed references added (negative; so "has references" is no signal),
  * three defect kinds drawn per story from ``DEFECT_KINDS`` (positives).
Split by story (all versions of one text on one side). Numbers on this data say how well the
checks find the defects we inject; they are not a measurement on real content farms.

Run:  python -m scorer.training.citations [--data DIR] [--out models/] [--fast]
"""
from __future__ import annotations

import hashlib
import json
import math
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Optional

from ..article import Article, Paragraph
from ..corpora.base import data_dir
from ..corpora.split import is_test
from ..corpora.refs import DEFECT_KINDS, inject_references, load_human_news, load_real_urls, story_date
from ..features.citations import Citations
from ..features.citations_tables import entities_in
from ..features.citations_urls import off_pattern, parse_url
from ..language import detect_language
from ..linmodel import fit_linear
from ..text import split_paragraphs
from . import tables

F = "citations."
# Presence and outlet-quality features are reported but left out of the facet model: presence
# is not a defect, and outlet quality depends on which ratings table a user loads.
MODEL_FEATURES = [F + n for n in (
    "dangling_marker_share", "uncited_reference_share", "duplicate_reference_count",
    "overloaded_reference_count", "malformed_url_share", "off_pattern_share", "future_dated_count",
    "shared_date_share", "anachronism_count", "non_source_share", "slug_mismatch_share",
    "unsupported_attribution_per_1000", "source_line_count", "named_attribution_per_1000", "dateline")]
KINDS_PER_STORY = 3
THRESHOLD = 0.5


def _article(text: str, published: Optional[str], language: Optional[str]) -> Article:
    return Article(body=text, published=published, language=language,
                   paragraphs=tuple(Paragraph(s, e) for s, e in split_paragraphs(text)))


def build_rows(data: Optional[Path] = None, *, max_per_source: Optional[int] = None, seed: int = 0) -> list[dict]:
    """Feature rows: story, source, variant ('plain', 'clean' or a defect kind), label, values."""
    ex = Citations()
    rows = []
    for doc in load_human_news(data, max_per_source=max_per_source):
        lang, _ = detect_language(doc.text)
        pub = story_date(doc.story)
        r = random.Random(f"{seed}:{doc.story}")
        variants = [("plain", doc.text, pub.isoformat()), ]
        for kind in ["clean", *r.sample(DEFECT_KINDS, KINDS_PER_STORY)]:
            inj = inject_references(doc.text, kind, seed=f"{seed}:{doc.story}", published=pub)
            variants.append((kind, inj.text, inj.published))
        for kind, text, published in variants:
            res = ex.extract(_article(text, published, lang))
            rows.append({"story": doc.story, "source": doc.source, "variant": kind,
                         "label": int(kind not in ("plain", "clean")), "values": res.values})
    return rows


def _matrix(rows: list[dict]):
    import numpy as np

    X = np.array([[(r["values"].get(f) if r["values"].get(f) is not None else math.nan)
                   for f in MODEL_FEATURES] for r in rows], dtype=float)
    y = np.array([r["label"] for r in rows])
    return X, y


def _split(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """The project-wide story split (scorer.corpora.split), so the reliability evaluation's
    held-out stories are unseen by this facet model too."""
    test = [r for r in rows if is_test(r["story"])]
    return [r for r in rows if not is_test(r["story"])], test


def _fit(rows: list[dict]):
    X, y = _matrix(rows)
    return fit_linear(X, y, MODEL_FEATURES, name="facet_citations", positive_class="invented citations",
                      groups=[r["story"] for r in rows], C=1.0, calibration="platt")


def _heldout(rows: list[dict]) -> dict:
    from sklearn.metrics import average_precision_score, roc_auc_score

    train_rows, test_rows = _split(rows)
    model = _fit(train_rows)
    p = [model.predict_proba(r["values"]) for r in test_rows]
    y = [r["label"] for r in test_rows]
    by_variant: dict[str, list[float]] = defaultdict(list)
    by_source_plain: dict[str, list[float]] = defaultdict(list)
    for r, pi in zip(test_rows, p):
        by_variant[r["variant"]].append(pi)
        if r["variant"] == "plain":
            by_source_plain[r["source"]].append(pi)
    neg = sorted(pi for r, pi in zip(test_rows, p) if not r["label"])
    thr5 = neg[min(len(neg) - 1, int(math.ceil(0.95 * len(neg))) - 1)] if neg else THRESHOLD
    per_kind = {}
    for kind, ps in sorted(by_variant.items()):
        per_kind[kind] = {"n": len(ps), "flag_rate@0.5": round(sum(x >= THRESHOLD for x in ps) / len(ps), 4),
                          "mean_risk": round(sum(ps) / len(ps), 4)}
        if kind not in ("plain", "clean"):
            per_kind[kind]["auroc_vs_negatives"] = round(roc_auc_score(
                [0] * len(neg) + [1] * len(ps), neg + ps), 4)
    return {
        "n_train_rows": len(train_rows), "n_test_rows": len(test_rows),
        "n_test_stories": len({r["story"] for r in test_rows}),
        "auroc": round(roc_auc_score(y, p), 4), "average_precision": round(average_precision_score(y, p), 4),
        "false_alarm_plain_human@0.5": per_kind["plain"]["flag_rate@0.5"],
        "false_alarm_clean_refs@0.5": per_kind["clean"]["flag_rate@0.5"],
        "false_alarm_plain_by_source@0.5": {s: round(sum(x >= THRESHOLD for x in ps) / len(ps), 4)
                                            for s, ps in sorted(by_source_plain.items())},
        "threshold_at_5pct_fpr": round(thr5, 4),
        "per_kind": per_kind,
    }


def url_false_alarms(data: Optional[Path] = None) -> dict:
    """Run the offline URL checks over the real article URLs (each one a real, live article)."""
    rows = load_real_urls(data)
    n = len(rows)
    raw_mal = [r["url"] for r in rows if parse_url(r["url"]).malformed]
    infos = [(r, parse_url(r["url_stripped"])) for r in rows]
    mal = [(r["url_stripped"], i.malformed) for r, i in infos if i.malformed]
    off = [(r["url_stripped"], off_pattern(i)) for r, i in infos if off_pattern(i)]
    on_outlet = sum(1 for _, i in infos if i.domain in _outlet_domains())
    gold = [(r, i) for r, i in infos if r["gold_date"] and i.date]
    after = [(r["url_stripped"], r["gold_date"]) for r, i in gold if i.date.day.isoformat() > r["gold_date"]]
    anach = [r["url_stripped"] for r, i in infos
             if i.date and any(i.date.last_day < e.first for e in entities_in(list(i.tokens)))]
    ns = Counter(i.non_source for _, i in infos if i.non_source)
    return {
        "n_urls": n,
        "malformed_raw_rate": round(len(raw_mal) / n, 4),
        "malformed_rate": round(len(mal) / n, 4), "malformed_examples": mal[:5],
        "off_pattern_rate": round(len(off) / n, 4), "off_pattern_examples": off[:5],
        "urls_on_patterned_outlets": on_outlet,
        "malformed_or_off_pattern_rate": round(len({u for u, _ in mal} | {u for u, _ in off}) / n, 4),
        "dated_with_gold_date": len(gold), "dated_after_gold_date": len(after), "after_examples": after[:5],
        "anachronism_rate": round(len(anach) / n, 4), "anachronism_examples": anach[:5],
        "non_source_counts": dict(ns),
    }


def _outlet_domains() -> set[str]:
    from ..features.citations_tables import OUTLET_PATTERNS_BY_DOMAIN

    return set(OUTLET_PATTERNS_BY_DOMAIN)


def _manifest(data: Path) -> list[dict]:
    files = ["boilerplate/aeb_ground-truth.json", "ai/fastdetectgpt_xsum_gpt-4.raw_data.json",
             "ai/fastdetectgpt_xsum_gpt-3.5-turbo.raw_data.json", "ai/fastdetectgpt_xsum_davinci.raw_data.json",
             "ai/llmfake_synthetic-gpt-3.5-turbo_politifact_rewrite_generation_processed.csv",
             "ai/llmfake_synthetic-gpt-3.5-turbo_gossipcop_rewrite_generation_processed.csv",
             "citations/real_news_urls_from_benchmarks.tsv"]
    out = []
    for f in files:
        p = data / f
        if p.exists():
            out.append({"file": f, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()})
    return out


def evaluate(data: Optional[Path] = None, *, max_per_source: Optional[int] = None, rows: Optional[list] = None) -> dict:
    """Held-out numbers: story-split detection of each injected defect kind, false alarms on
    plain human news and on clean references, and URL-check false alarms on real URLs."""
    t = time.perf_counter()
    rows = rows if rows is not None else build_rows(data, max_per_source=max_per_source)
    metrics = _heldout(rows)
    metrics["url_checks"] = url_false_alarms(data)
    metrics["n_rows"] = len(rows)
    metrics["n_stories"] = len({r["story"] for r in rows})
    metrics["stories_by_source"] = dict(Counter(r["source"] for r in rows if r["variant"] == "plain"))
    metrics["seconds"] = round(time.perf_counter() - t, 1)
    metrics["note"] = ("positives are synthetic: human news with references injected by "
                       "scorer.corpora.refs; project-wide split by story")
    return metrics


def train(data: Path, out: Path) -> dict:
    """Evaluate on a story split, then fit on all rows and write ``out/facet_citations.json``."""
    data = data_dir(data)
    rows = build_rows(data)
    metrics = evaluate(data, rows=rows)
    # Ship the evaluated model (train side of the split): its metrics describe it exactly.
    model = _fit(_split(rows)[0])
    model.metrics = metrics
    counts = Counter(r["variant"] for r in rows)
    model.manifest = _manifest(data) + [{"counts": dict(counts), "stories": metrics["n_stories"]}]
    model.meta = {"family": "citations", "trained_on": "train side of the project story split (scorer.corpora.split)",
                  "threshold": THRESHOLD, "kinds_per_story": KINDS_PER_STORY}
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tables.save_model(model, out / "facet_citations.json")
    return metrics


def format_report(metrics: dict) -> str:
    lines = ["citations facet — held-out (story split; positives are SYNTHETIC injected references)",
             f"  stories {metrics.get('n_stories')}  rows {metrics.get('n_rows')}  test stories {metrics.get('n_test_stories')}",
             f"  AUROC {metrics['auroc']:.3f}   average precision {metrics['average_precision']:.3f}",
             f"  false alarms @0.5: plain human {metrics['false_alarm_plain_human@0.5']:.3f}, "
             f"clean references {metrics['false_alarm_clean_refs@0.5']:.3f}",
             "  plain human by source: " + ", ".join(f"{k} {v:.3f}" for k, v in metrics["false_alarm_plain_by_source@0.5"].items()),
             "", f"  {'variant':<22}{'n':>6}{'flagged@0.5':>13}{'mean risk':>11}{'AUROC vs neg':>14}"]
    for kind, d in metrics["per_kind"].items():
        auc = d.get("auroc_vs_negatives")
        lines.append(f"  {kind:<22}{d['n']:>6}{d['flag_rate@0.5']:>13.3f}{d['mean_risk']:>11.3f}"
                     f"{(f'{auc:.3f}' if auc is not None else '-'):>14}")
    u = metrics.get("url_checks")
    if u:
        lines += ["", f"  URL checks on {u['n_urls']} real article URLs:",
                  f"    malformed {u['malformed_rate']:.4f} (raw TSV incl. stray whitespace {u['malformed_raw_rate']:.4f}), "
                  f"off-pattern {u['off_pattern_rate']:.4f} ({u['urls_on_patterned_outlets']} on patterned outlets), "
                  f"either {u['malformed_or_off_pattern_rate']:.4f}",
                  f"    URL date after gold date: {u['dated_after_gold_date']} of {u['dated_with_gold_date']}; "
                  f"anachronism {u['anachronism_rate']:.4f}; non-source kinds {u['non_source_counts']}"]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=None)
    ap.add_argument("--out", default=None)
    ap.add_argument("--fast", action="store_true")
    a = ap.parse_args()
    if a.out:
        m = train(Path(a.data) if a.data else None, Path(a.out))
    else:
        m = evaluate(Path(a.data) if a.data else None, max_per_source=60 if a.fast else None)
    print(format_report(m))
    json.dump(m, sys.stderr, indent=1, default=str)
