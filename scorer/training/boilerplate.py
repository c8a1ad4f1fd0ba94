"""Train and evaluate the boilerplate family: the line classifier and the facet model.

Data (all under ``<data>/boilerplate``): the article-extraction benchmark (181 pages with their
true bodies; project-wide split by page id, 25 % held out) and trafilatura's evaluation segments.

* Line classifier (``boilerplate_lines.json`` in ``out/data``, :mod:`scorer.training.tables`):
  logistic regression over :data:`~scorer.features.boilerplate_lines.FEATURES`, fitted on the training pages' lines:
  (a) every paragraph of the visible page text, labelled by the true body, and (b) the true body
  with injected furniture (:func:`scorer.corpora.aeb.injected_docs`).
* Facet (``models/facet_boilerplate.json``): ``fit_linear`` over the extractor's in-body
  features, clean true bodies and the same bodies with ordinary news metadata
  (:func:`scorer.corpora.aeb.news_meta_docs`) or incidental page chrome
  (:func:`scorer.corpora.aeb.page_chrome_docs`) (negative) vs the same bodies with injected
  furniture (positive). An injected body whose furniture the page-chrome allowance takes
  entirely (:func:`chrome_absorbed`: only a share line, a "Home" or a "Comments" heading was
  injected) is no longer padded as the facet reads it: it gets one line of a farm's own padding
  (:func:`padded_docs`; 22 of the 179 injected bodies, 10 train / 12 test, when this was decided).

``python -m scorer.training.boilerplate train|evaluate [--data DIR] [--out DIR]``.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Optional

from ..corpora import aeb
from ..corpora.base import data_dir, require
from ..features import boilerplate_lines as BL
from . import tables

LINES_JSON = BL.DATA
THRESHOLDS = (0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
MAX_DUMP_CONTENT_FPR = 0.02  # the model may flag at most 2 % of true-body lines in dumps


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _manifest(data: Path) -> list[dict]:
    base = Path(data) / "boilerplate"
    out = []
    for name in ("aeb_ground-truth.json", "aeb_html_part1.tar", "aeb_html_part2.tar", "trafilatura_evaldata.json"):
        p = base / name
        if p.exists():
            out.append({"file": f"boilerplate/{name}", "sha256": _sha256(p), "bytes": p.stat().st_size})
    return out


# --- line data ---------------------------------------------------------------------------------

def _dump_lines(doc_text: str, body: str) -> tuple[list[str], list[bool]]:
    body_lines = {ln.strip() for ln in body.split("\n") if ln.strip()}
    texts = [ln.strip() for ln in doc_text.split("\n") if ln.strip()]
    return texts, [t not in body_lines for t in texts]


def line_documents(data: Optional[Path] = None, seed: int = 0) -> list[dict]:
    """One record per document: page id, split, source ('page'|'dump'), lines, labels."""
    docs = []
    bodies = {p.id: p.body for p in aeb.pages(data)}
    for page, paras in aeb.labelled_paragraphs(data):
        docs.append({"id": page.id, "split": aeb.split_of(page.id), "src": "page",
                     "lines": [p.text for p in paras], "labels": [p.is_boilerplate for p in paras]})
    for d in aeb.injected_docs(data, seed=seed):
        if d.kind != "boilerplate":
            continue
        texts, labels = _dump_lines(d.text, bodies[d.story])
        docs.append({"id": d.story, "split": aeb.split_of(d.story), "src": "dump", "lines": texts, "labels": labels})
    return docs


def fit_line_model(docs: list[dict], C: float = 1.0) -> BL.LineModel:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    X, y = [], []
    for d in docs:
        X += BL.line_features(d["lines"])
        y += d["labels"]
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=int)
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale = np.where(scale > 1e-12, scale, 1.0)
    # Dumps are few next to pages but are the case that matters: weight them up to parity.
    n_page = sum(len(d["labels"]) for d in docs if d["src"] == "page")
    n_dump = sum(len(d["labels"]) for d in docs if d["src"] == "dump")
    w = np.concatenate([np.full(len(d["labels"]), 1.0 if d["src"] == "page" else n_page / max(n_dump, 1))
                        for d in docs])
    lr = LogisticRegression(C=C, max_iter=5000).fit((X - mean) / scale, y, sample_weight=w)
    return BL.LineModel(tuple(BL.FEATURES), tuple(float(v) for v in mean), tuple(float(v) for v in scale),
                        tuple(float(v) for v in lr.coef_[0]), float(lr.intercept_[0]), threshold=0.9)


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def line_metrics(docs: list[dict], model: Optional[BL.LineModel], threshold: float) -> dict:
    """Paragraph-level P/R/F1 of the full decision (cues + zones + model), per source.

    A line counts as flagged when flags cover at least half of its characters (consent
    sentences inside prose flag part of a line).
    """
    out = {}
    for src in ("page", "dump"):
        tp = fp = fn = tn = 0
        ctp = cfp = cfn = 0
        for d in docs:
            if d["src"] != src:
                continue
            text = "\n".join(d["lines"])
            spans, pos = [], 0
            for ln in d["lines"]:
                spans.append((pos, pos + len(ln)))
                pos += len(ln) + 1
            flags = BL.classify_lines(text, spans, model=model, threshold=threshold)
            cover = [0] * len(spans)
            for f in flags:
                for k, (s, e) in enumerate(spans):
                    if f.start < e and s < f.end:
                        cover[k] += min(e, f.end) - max(s, f.start)
            for (s, e), c, lab in zip(spans, cover, d["labels"]):
                pred = c * 2 >= (e - s)
                tp += pred and lab
                fp += pred and not lab
                fn += (not pred) and lab
                tn += (not pred) and not lab
                ctp += (not pred) and not lab
                cfp += (not pred) and lab
                cfn += pred and not lab
        m = _prf(tp, fp, fn)
        m["content_flagged_rate"] = round(fp / (fp + tn), 4) if fp + tn else 0.0
        m["content_class"] = _prf(ctp, cfp, cfn)
        m["lines"] = tp + fp + fn + tn
        m["boilerplate_share"] = round((tp + fn) / max(m["lines"], 1), 4)
        out[src] = m
    return out


def train_lines(data: Optional[Path], out: Path) -> dict:
    """Fit the line classifier and write it to ``out`` (no default: it was the package's own
    table, rewritten whatever ``--out`` named)."""
    data = data_dir(data)
    docs = line_documents(data)
    train = [d for d in docs if d["split"] == "train"]
    test = [d for d in docs if d["split"] == "test"]
    model = fit_line_model(train)
    # Threshold on the training pages: best page F1 whose dump content-flag rate stays low.
    best, best_thr, sweep = -1.0, THRESHOLDS[-1], {}
    for thr in THRESHOLDS:
        m = line_metrics(train, model, thr)
        sweep[str(thr)] = {"page_f1": m["page"]["f1"], "dump_f1": m["dump"]["f1"],
                           "dump_content_flagged": m["dump"]["content_flagged_rate"]}
        score = m["page"]["f1"] + m["dump"]["f1"]
        if m["dump"]["content_flagged_rate"] <= MAX_DUMP_CONTENT_FPR and score > best:
            best, best_thr = score, thr
    model = BL.LineModel(model.features, model.mean, model.scale, model.coef, model.intercept, best_thr)
    held = line_metrics(test, model, best_thr)
    cues_only = line_metrics(test, None, 1.01)
    metrics = {"threshold": best_thr, "train_sweep": sweep, "test": held, "test_cues_only": cues_only,
               "pages": {"train": len({d['id'] for d in train}), "test": len({d['id'] for d in test})}}
    payload = {"what": "boilerplate line classifier (scorer.features.boilerplate_lines)",
               "trained_with": "python -m scorer.training.boilerplate train",
               "model": model.to_dict(), "metrics": metrics, "manifest": _manifest(data)}
    tables.write_text(Path(out), json.dumps(payload, indent=1) + "\n")
    BL.line_model.cache_clear()
    return metrics


# --- facet -------------------------------------------------------------------------------------

def chrome_absorbed(text: str) -> bool:
    """A text (an injected body) whose every stripped furniture line is page chrome the
    allowance takes or news metadata: the facet counts nothing in it, by design
    (scorer.features.boilerplate_lines.PAGE_CHROME_TYPES). :func:`scorer.corpora.aeb.injected_docs`
    is left as it is (the mt facet trains on it); :func:`padded_docs` gives these documents one
    farm line for the facet's and the reliability model's training."""
    from ..features.boilerplate import Boilerplate
    from ..ingest import parse_text

    details = Boilerplate().extract(parse_text(text)).details
    return bool(details.get("page_chrome")) and not details["flagged"]


# The padding a farm adds that no allowance takes (aeb._INJECT's kinds that are never page chrome,
# news metadata or a credit): one such line joins an injected body whose furniture was all chrome.
_FARM_KINDS = ("author_box", "comment_form", "consent", "cta", "emoji", "source_link")


def farm_lines() -> list[str]:
    """The hand-written farm padding lines (aeb._INJECT) that no allowance takes."""
    from ..features.boilerplate import _BARE_SOURCE_RE

    out = []
    for kind in _FARM_KINDS:
        for line in aeb._INJECT[kind]:
            cue = BL.cue_of(line)
            if (cue is not None and not BL.page_chrome_type(line, cue) and not BL.news_meta_type(line, cue)
                    and (kind != "source_link" or _BARE_SOURCE_RE.fullmatch(line))):
                out.append(line)
    return out


def with_farm_line(text: str, farm: list[str], rng: random.Random) -> tuple[str, str]:
    """``text`` with one of the ``farm`` lines (:func:`farm_lines`, filled in) as a paragraph of
    its own, first (three times in ten) or last, in the text's paragraph separator; and the line."""
    line = aeb._fill(rng.choice(farm), rng)
    sep = "\n\n" if "\n\n" in text.strip() else "\n"
    paras = text.split(sep)
    paras.insert(0 if rng.random() < 0.3 else len(paras), line)
    return sep.join(paras), line


def padded_docs(data: Optional[Path] = None, seed: int = 0) -> tuple[list, int]:
    """:func:`scorer.corpora.aeb.injected_docs`, where an injected body whose furniture the
    page-chrome allowance takes entirely (:func:`chrome_absorbed`) gets one line of a farm's own
    padding (consent text, "Source link", a call to action, a comment-form body, an author box,
    emoji bait: a draw of its own, the injected text and its draws unchanged) after its chrome:
    it stays a padded page, and the facet and the reliability model keep as many positives with
    a single counted line as before, when such chrome was counted (left out, 22 one-line
    positives took the reliability model's boilerplate AUROC from 0.922 to 0.854: a single cookie
    sentence under an article scored 54 instead of 15). Also how many were given a line."""
    docs = list(aeb.injected_docs(data, seed=seed))
    farm = farm_lines()
    out, n = [], 0
    for d in docs:
        if d.kind == "boilerplate" and chrome_absorbed(d.text):
            text, line = with_farm_line(d.text, farm, random.Random(f"{seed}:farm:{d.story}"))
            d = dataclasses.replace(d, text=text, meta={**d.meta, "chrome_absorbed": True, "farm_line": line})
            n += 1
        out.append(d)
    return out, n


def _facet_rows(docs, names):
    from ..features.boilerplate import Boilerplate
    from ..ingest import parse_text

    ex = Boilerplate()
    rows = []
    for d in docs:
        art = parse_text(d.text)
        vals = ex.extract(art).values
        rows.append([vals.get(n) if vals.get(n) is not None else float("nan") for n in names])
    return rows


def _auroc(y, s) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(y, s)), 4)


def xsum_human(data: Path) -> list:
    """BBC XSum human articles (ai/ corpus) as clean negatives for the false-alarm rate."""
    from ..corpora.base import Doc

    p = Path(data) / "ai" / "fastdetectgpt_xsum_gpt-4.raw_data.json"
    if not p.exists():
        return []
    d = json.loads(p.read_text(encoding="utf-8"))
    return [Doc(text=t, kind="human", source="xsum", story=f"xsum{i}") for i, t in enumerate(d["original"])]


def train_facet(data: Optional[Path] = None, out: Path = Path("models")) -> dict:
    import numpy as np

    from ..features.boilerplate import RISK_FEATURES
    from ..linmodel import fit_linear

    data = data_dir(data)
    names = list(RISK_FEATURES)
    # Negatives: the clean bodies and the same bodies with ordinary news metadata (a byline, a
    # copyright line, an ad marker ...: aeb.news_meta_docs) or incidental page chrome (a share
    # bar, a "Comments" heading, "Skip to content" ...: aeb.page_chrome_docs), which is no padding.
    injected, absorbed = padded_docs(data, seed=0)
    docs = injected + list(aeb.news_meta_docs(data, seed=0)) + list(aeb.page_chrome_docs(data, seed=0))
    train = [d for d in docs if d.meta["split"] == "train"]
    test = [d for d in docs if d.meta["split"] == "test"]
    Xtr = np.asarray(_facet_rows(train, names), dtype=float)
    ytr = np.asarray([1 - d.reliable for d in train])
    model = fit_linear(Xtr, ytr, names, name="facet_boilerplate", positive_class="boilerplate",
                       groups=[d.story for d in train], C=0.5)
    Xte = _facet_rows(test, names)
    yte = [1 - d.reliable for d in test]
    pte = [model.predict_proba(dict(zip(names, r))) for r in Xte]
    neg = [p for p, y in zip(pte, yte) if y == 0]
    pos = [p for p, y in zip(pte, yte) if y == 1]
    with_meta = [p for p, d in zip(pte, test) if d.meta.get("news_meta")]
    with_chrome = [p for p, d in zip(pte, test) if d.meta.get("page_chrome")]
    xs = xsum_human(data)
    px = [model.predict_proba(dict(zip(names, r))) for r in _facet_rows(xs, names)] if xs else []
    metrics = {
        "test_auroc": _auroc(yte, pte),
        "test_n": {"clean": len(neg), "injected": len(pos)},
        "false_alarm_at_0.5": {"aeb_clean_bodies": round(sum(p >= 0.5 for p in neg) / max(len(neg), 1), 4),
                               "aeb_bodies_with_news_metadata": round(sum(p >= 0.5 for p in with_meta)
                                                                      / max(len(with_meta), 1), 4),
                               "aeb_bodies_with_page_chrome": round(sum(p >= 0.5 for p in with_chrome)
                                                                    / max(len(with_chrome), 1), 4),
                               "xsum_human": round(sum(p >= 0.5 for p in px) / max(len(px), 1), 4) if px else None},
        "detection_at_0.5": round(sum(p >= 0.5 for p in pos) / max(len(pos), 1), 4),
        "brier": round(statistics.fmean((p - y) ** 2 for p, y in zip(pte, yte)), 4),
        "injected_chrome_only_given_a_farm_line": absorbed,
    }
    model.metrics = metrics
    model.manifest = _manifest(data)
    model.meta = {"trained_with": "python -m scorer.training.boilerplate train",
                  "data": "aeb true bodies, clean and with ordinary news metadata or incidental page chrome, vs "
                          "the same with injected furniture (seed 0; bodies whose injected furniture is all "
                          "allowed page chrome given one farm line); split by page",
                  "n_train": len(train)}
    Path(out).mkdir(parents=True, exist_ok=True)
    tables.save_model(model, Path(out) / "facet_boilerplate.json")
    return metrics


def train(data: Path, out: Path) -> dict:
    """Fit the line classifier (``out/data``, :func:`scorer.training.tables.tables_dir`) then the
    facet (``out/facet_boilerplate.json``), fitted on what the new line classifier flags."""
    lines_m = train_lines(data, tables.tables_dir(out) / LINES_JSON.name)
    tables.select(out)
    facet_m = train_facet(data, out)
    return {"lines": lines_m, "facet": facet_m}


# --- HTML main text: shingle F1 on the benchmark ----------------------------------------------

_TOKEN_RE = re.compile(r"\w+")


def _shingles(text: str, n: int = 4) -> Counter:
    toks = _TOKEN_RE.findall(text or "")
    return Counter(tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i:i + n])


def shingle_tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    """As the benchmark's evaluate.py: 4-token shingle multisets, normalised per page."""
    a, b = _shingles(true), _shingles(pred)
    tp = sum((a & b).values())
    fp = sum((b - a).values())
    fn = sum((a - b).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def shingle_f1(results: list[tuple[float, float, float]]) -> dict:
    def prec(tp, fp, fn):
        return 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)

    def rec(tp, fp, fn):
        return 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)

    p = statistics.fmean(prec(*r) for r in results if r[0] + r[1] > 0)
    r = statistics.fmean(rec(*x) for x in results if x[0] + x[2] > 0)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4), "pages": len(results)}


def evaluate_html(data: Optional[Path] = None, limit: Optional[int] = None) -> dict:
    """Shingle F1 of :func:`scorer.htmltext.extract_page` and of plain trafilatura."""
    import trafilatura

    from ..htmltext import extract_page

    ours, base = [], []
    t0 = time.time()
    pages = aeb.pages(data_dir(data))[:limit]
    for p in pages:
        ours.append(shingle_tp_fp_fn(p.body, extract_page(p.html).body))
        base.append(shingle_tp_fp_fn(p.body, trafilatura.extract(p.html, include_comments=False) or ""))
    return {"extract_page": shingle_f1(ours), "trafilatura_default": shingle_f1(base),
            "seconds": round(time.time() - t0, 1)}


def evaluate_segments(data: Optional[Path] = None) -> dict:
    """trafilatura's evaluation segments, context-free: how often a cue fires on each side.

    ``with`` segments are real main text (a cue here is a false alarm); ``without`` are real
    furniture (multilingual; the lexicon is mostly English, so recall is low by design).
    """
    d = json.loads(require(data_dir(data) / "boilerplate" / "trafilatura_evaldata.json").read_text(encoding="utf-8"))
    with_hits = with_n = wo_hits = wo_n = 0
    for rec in d.values():
        for s in rec.get("with", []):
            with_n += 1
            with_hits += BL.cue_of(s) is not None
        for s in rec.get("without", []):
            wo_n += 1
            wo_hits += BL.cue_of(s) is not None
    return {"with_segments": with_n, "cue_on_with_rate": round(with_hits / max(with_n, 1), 4),
            "without_segments": wo_n, "cue_on_without_rate": round(wo_hits / max(wo_n, 1), 4)}


def evaluate(data: Path, html: bool = True) -> dict:
    """Held-out numbers: line P/R/F1 (test pages), facet AUROC/false alarms, HTML shingle F1."""
    data = data_dir(data)
    docs = [d for d in line_documents(data) if d["split"] == "test"]
    model = BL.line_model()
    out = {"lines": line_metrics(docs, model, model.threshold if model else 1.01),
           "segments": evaluate_segments(data)}
    from ..model import facet_model_path, load_optional

    fm = load_optional(facet_model_path("boilerplate"))
    if fm is not None:
        out["facet"] = fm.metrics
    if html:
        out["html"] = evaluate_html(data)
    return out


def format_report(metrics: dict) -> str:
    rows = ["boilerplate family: held-out evaluation", ""]
    lines_m = metrics.get("lines") or metrics.get("test")
    if lines_m and "test" in lines_m:  # train()'s: train_lines' metrics, the held-out ones under "test"
        lines_m = lines_m["test"]
    if lines_m:
        rows.append(f"{'paragraphs (test pages)':<28}{'P':>8}{'R':>8}{'F1':>8}{'content flagged':>17}{'lines':>8}")
        for src, label in (("page", "visible page text"), ("dump", "body + injected furniture")):
            m = lines_m[src]
            rows.append(f"{label:<28}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}"
                        f"{m['content_flagged_rate']:>17.3f}{m['lines']:>8}")
        rows.append("")
    if "segments" in metrics:
        s = metrics["segments"]
        rows.append(f"cue lexicon on trafilatura segments: fires on {s['cue_on_with_rate']:.3f} of "
                    f"{s['with_segments']} main-text segments, {s['cue_on_without_rate']:.3f} of "
                    f"{s['without_segments']} furniture segments")
    if "facet" in metrics:
        f = metrics["facet"]
        fa = f.get("false_alarm_at_0.5", {})
        rows.append(f"facet: AUROC {f.get('test_auroc')}  detection@0.5 {f.get('detection_at_0.5')}  "
                    f"false alarms@0.5 aeb {fa.get('aeb_clean_bodies')} (with news metadata "
                    f"{fa.get('aeb_bodies_with_news_metadata')}, with page chrome "
                    f"{fa.get('aeb_bodies_with_page_chrome')}) xsum {fa.get('xsum_human')}  "
                    f"brier {f.get('brier')}")
    if "html" in metrics:
        h = metrics["html"]
        rows.append("")
        rows.append(f"{'HTML main text (181 pages)':<28}{'P':>8}{'R':>8}{'F1':>8}")
        for k in ("extract_page", "trafilatura_default"):
            m = h[k]
            rows.append(f"{k:<28}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}")
    return "\n".join(rows)


if __name__ == "__main__":  # pragma: no cover - manual entry point until the CLI wires it
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=("train", "evaluate"))
    ap.add_argument("--data", default=None)
    ap.add_argument("--out", default="models")
    a = ap.parse_args()
    if a.cmd == "train":
        res = train(data_dir(a.data), Path(a.out))
        print(json.dumps(res, indent=1))
    else:
        print(format_report(evaluate(data_dir(a.data))))
    sys.exit(0)
