"""Report rows as a pandas DataFrame, the review order, and the notebook's plots.

pandas and matplotlib are optional (``pip install "spinscore[notebook]"``) and imported only
when a function here is called.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .caveats import codes as caveat_codes
from .render_html import band_of, facet_of, read_rows
from .report import FACETS

BASE_COLUMNS = ["path", "status", "error_code", "score", "verdict", "title", "date", "language",
                "word_count"]
FACET_COLUMNS = [f"facet.{f}" for f in FACETS]
TAIL_COLUMNS = ["n_evidence", "top_reason", "caveats"]
CLUSTER_COLUMNS = ["cluster_id", "cluster_size", "is_original", "cluster_original"]
_EXTRA = "pip install \"spinscore[notebook]\""


def _need(module: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(f"{module} is needed for this: {_EXTRA}") from exc


def rows_of(data: Any) -> list[dict]:
    """Rows from a JSONL path, a list of row dicts, or Reports (any iterable, e.g. score_folder)."""
    if isinstance(data, (str, os.PathLike)):
        return read_rows(Path(data))
    return [d if isinstance(d, dict) else d.to_dict() for d in data]


def flat(row: dict) -> dict:
    """One flat record: the base fields, ``facet.<f>``, evidence count, the top reason."""
    out = {k: row.get(k) for k in BASE_COLUMNS}
    facets = row.get("facets") or {}
    for f in FACETS:
        out[f"facet.{f}"] = facets.get(f)
    out["n_evidence"] = len(row.get("evidence") or [])
    reasons = row.get("reasons") or []
    out["top_reason"] = reasons[0].get("message") if reasons else None
    out["caveats"] = caveat_codes(row)
    for f in CLUSTER_COLUMNS:  # batch rows: copy clusters (scorer.batch_clusters)
        if f in row:
            out[f] = row.get(f)
    return out


def to_frame(data: Any):
    """A DataFrame with one row per report: path, status, error_code, score, verdict, title,
    date, language, word_count, ``facet.<f>`` for each facet, n_evidence, top_reason, caveats (and the
    copy-cluster columns when the rows have them). ``data``: a JSONL path, row dicts or Reports."""
    pd = _need("pandas")
    records = [flat(r) for r in rows_of(data)]
    columns = BASE_COLUMNS + FACET_COLUMNS + TAIL_COLUMNS
    columns += [c for c in CLUSTER_COLUMNS if any(c in r for r in records)]
    frame = pd.DataFrame.from_records(records, columns=columns)
    for c in ["score", "word_count"] + FACET_COLUMNS:
        frame[c] = pd.to_numeric(frame[c], errors="coerce")
    return frame


def sites_frame(data: Any, *, worst: int = 3):
    """A DataFrame with one row per site (:func:`scorer.sites.rollup`, in its order), the columns
    of ``spinscore sites --out FILE.csv``. ``data``: what ``spinscore sites`` reads (a batch's JSONL
    or CSV, the Spark job's Parquet file or folder: Parquet needs pyarrow), row dicts or Reports."""
    from .sites import CSV_COLUMNS, flat as site_flat, is_parquet, read_rows as read_batch, rollup

    pd = _need("pandas")
    if isinstance(data, (str, os.PathLike)) and (os.fspath(data).lower().endswith(".csv") or is_parquet(data)):
        rows = read_batch(data)  # streamed: a crawl's Parquet does not fit a list
    else:
        rows = rows_of(data)  # a JSONL path (a JSON list too), row dicts, Reports
    return pd.DataFrame.from_records([site_flat(s.to_dict()) for s in rollup(rows, worst=worst)],
                                     columns=CSV_COLUMNS)


def _max_facet(row: dict) -> float:
    vals = [v for v in (row.get("facets") or {}).values() if isinstance(v, (int, float))]
    return max(vals) if vals else -1.0


def review_order(data: Any, *, errors: bool = True) -> list[dict]:
    """Rows to check first: lowest score first; unscored rows after, by highest facet risk,
    then by most evidence spans; error rows last (or left out with ``errors=False``).
    Ties keep input order."""
    rows = [r for r in rows_of(data) if errors or r.get("status") == "ok"]

    def key(ir):
        i, r = ir
        if r.get("status") != "ok":
            return (2, 0.0, 0.0, 0, i)
        s = r.get("score")
        if isinstance(s, (int, float)):
            return (0, float(s), 0.0, 0, i)
        return (1, 0.0, -_max_facet(r), -len(r.get("evidence") or []), i)

    return [r for _, r in sorted(enumerate(rows), key=key)]


def _figure(width: float, height: float):
    _need("matplotlib")
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def plot_score_distribution(data: Any):
    """Histogram of scores with the verdict bands; returns a matplotlib Figure."""
    rows = rows_of(data)
    scores = [r["score"] for r in rows if isinstance(r.get("score"), (int, float))]
    fig = _figure(6.5, 3.0)
    ax = fig.add_subplot()
    for lo, hi, color in ((0, 40, "#c92a2a"), (40, 75, "#e67700"), (75, 100, "#2b8a3e")):
        ax.axvspan(lo, hi, color=color, alpha=0.08)
    if scores:
        ax.hist(scores, bins=range(0, 105, 5), color="#495057")
    else:
        ax.text(50, 0.5, "no scores yet: no reliability model installed", ha="center", va="center")
        ax.set_ylim(0, 1)
    ax.set_xlim(0, 100)
    ax.set_xlabel("reliability score (higher = more reliable)")
    ax.set_ylabel("articles")
    ax.set_title(f"Score distribution ({len(scores)} of {len(rows)} scored)")
    return fig


def plot_facets(data: Any, *, limit: int = 30):
    """Per article: facet risks as grouped bars (or, where no facet model exists yet, the
    number of evidence spans per facet). Returns a matplotlib Figure."""
    rows = [r for r in rows_of(data) if r.get("status") == "ok"][:limit]
    have_risk = any(isinstance(v, (int, float)) for r in rows for v in (r.get("facets") or {}).values())
    fig = _figure(7.5, 0.45 * max(len(rows), 2) + 1.2)
    ax = fig.add_subplot()
    height = 0.8 / len(FACETS)
    colors = {"readability": "#1c7ed6", "mt": "#e8590c", "citations": "#2f9e44",
              "boilerplate": "#495057", "ai_style": "#ae3ec9"}
    for k, f in enumerate(FACETS):
        if have_risk:
            vals = [((r.get("facets") or {}).get(f) or 0.0) for r in rows]
        else:
            vals = [sum(1 for e in r.get("evidence") or [] if facet_of(e.get("feature")) == f) for r in rows]
        ax.barh([i + k * height for i in range(len(rows))], vals, height=height, label=f, color=colors[f])
    labels = [((r.get("title") or os.path.basename(r.get("path") or ""))[:45]) for r in rows]
    ax.set_yticks([i + 0.4 - height / 2 for i in range(len(rows))], labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("facet risk (0 = clean)" if have_risk else "evidence spans per facet (no facet models yet)")
    if have_risk:
        ax.set_xlim(0, 1)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig


def band_counts(data: Any) -> dict[str, int]:
    """Rows per verdict band (``reliable``, ``mixed``, ``unreliable``, ``unscored``, ``error``)."""
    out = {b: 0 for b in ("reliable", "mixed", "unreliable", "unscored", "error")}
    for r in rows_of(data):
        out[band_of(r)] += 1
    return out


__all__ = ["to_frame", "review_order", "plot_score_distribution", "plot_facets", "band_counts",
           "rows_of", "flat", "read_rows"]
