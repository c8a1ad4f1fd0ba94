"""Train and evaluate the ``mt`` facet: human vs machine translation (and spun text).

Data (``--data``, laid out like ../shared/data): WMT document-level X->English sets and WMT21
segment files grouped into pseudo-documents (:mod:`scorer.corpora.wmt`), English-original news
(native negatives), PPS tortured phrases (:mod:`scorer.corpora.spin`).

Positives are commercial MT (``Online-*``) outputs and spun versions of human documents;
negatives are human translations and native English. Curly quotes are straightened in every
training text first: in WMT the human references use curly quotes and the MT outputs straight
ones, a label leak that would teach the model typography instead of translation.

Derived run-time tables (``scorer/data/mt_fwngram.json``, ``scorer/data/mt_tortured.json``) are
rebuilt by :func:`build_tables`; evaluation rebuilds the n-gram table inside every fold so no
held-out document (or held-out language) ever contributes to it.

Run: ``python -m scorer.training.mt train|evaluate [--data DIR] [--out models/]``.
"""
from __future__ import annotations

import hashlib
import json
import math
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..article import Article, Paragraph
from ..corpora import spin as spin_corpus
from ..corpora import wmt
from ..corpora.base import Doc, data_dir
from ..features import mt as mt_feat
from ..features.mt_lexicon import bigram_key
from ..features.mt_profile import ngrams, shape_stream, tokens
from ..features.mt_words import FUNCTION_WORDS
from ..text import split_paragraphs

REPO = Path(__file__).resolve().parents[2]
DATA_OUT = REPO / "scorer" / "data"
FWNGRAM_FILE = "mt_fwngram.json"
TORTURED_FILE = "mt_tortured.json"
FWNGRAM_FEATURE = "mt.fwngram_logodds"
LOLO_LANGS = ("ru", "de", "cs", "zh")
FWNGRAM_TOP = 4000  # n-grams kept in the shipped table
FWNGRAM_MIN_DOCS = 5
SPIN_WORD_RATE = 0.4
_STRAIGHTEN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'})


# --- corpus ----------------------------------------------------------------------------------
@dataclass
class Sample:
    doc: Doc
    y: int
    lang: str  # source language ("en" for native English)
    group: str  # story id
    kind: str  # human | native | mt | spun


def _lang(doc: Doc) -> str:
    if doc.meta.get("native"):
        return "en"
    return str(doc.meta.get("pair", "xx-en")).split("-")[0]


def assemble(data: Path, *, with_spun: bool = True, spin_pairs=None) -> list[Sample]:
    """Human refs + native English (y=0) vs commercial MT (y=1), news domain, plus spun text."""
    out: list[Sample] = []
    docs = list(wmt.load_xx_en(data, files=[f for f in wmt.XX_EN_FILES if f[1] != "uk-en"], domains={"news"}))
    docs += list(wmt.load_segments(data))
    for d in docs:
        if d.kind == "human":
            out.append(Sample(d, 0, _lang(d), d.story, "human"))
        elif d.meta.get("commercial"):
            out.append(Sample(d, 1, _lang(d), d.story, "mt"))
    for d in wmt.load_native_english(data, domains={"news"}):
        out.append(Sample(d, 0, "en", d.story, "native"))
    if with_spun:
        pairs = spin_pairs if spin_pairs is not None else spin_corpus.load_pairs(data)
        humans = [s.doc for s in out if s.kind == "human" and s.doc.meta.get("system") in ("ref.A",)]
        humans += [s.doc for s in out if s.kind == "native"]
        for d in spin_corpus.spun_docs(humans, pairs, seed=7, word_rate=SPIN_WORD_RATE):
            lang = "en" if d.meta.get("native") else _lang(d)
            out.append(Sample(d, 1, lang, d.story, "spun"))
    return out


def to_article(text: str) -> Article:
    """Corpus text -> Article without language detection (the corpora are English by construction)."""
    text = text.translate(_STRAIGHTEN)
    return Article(body=text, paragraphs=tuple(Paragraph(s, e) for s, e in split_paragraphs(text)),
                   language="en", language_confidence=1.0)


# --- feature cache ---------------------------------------------------------------------------
def _key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def featurise(samples: list[Sample], cache: Optional[Path] = None) -> tuple[list[dict], list[list[str]]]:
    """Feature values (fwngram excluded: it is fold-dependent) and shape streams per sample."""
    store: dict = {}
    if cache and cache.exists():
        store = json.loads(cache.read_text())
    ext = mt_feat.MachineTranslation()
    values, streams = [], []
    dirty = False
    for s in samples:
        k = _key(s.doc.text)
        if k not in store:
            art = to_article(s.doc.text)
            r = ext.extract(art)
            store[k] = {"v": r.values, "s": shape_stream(tokens(art.content))}
            dirty = True
        values.append(store[k]["v"])
        streams.append(store[k]["s"])
    if cache and dirty:
        cache.write_text(json.dumps(store))
    return values, streams


# --- function-word n-gram table --------------------------------------------------------------
def fit_fwngram(streams: list[list[str]], y: list[int], top: int = FWNGRAM_TOP) -> dict[str, float]:
    """Smoothed log-odds of each n-gram (document frequency), machine (1) vs human (0)."""
    df = [Counter(), Counter()]
    nd = [0, 0]
    for st, lab in zip(streams, y):
        nd[lab] += 1
        df[lab].update(set(ngrams(st)))
    scored = []
    for g in set(df[0]) | set(df[1]):
        a, b = df[1][g], df[0][g]
        if a + b < FWNGRAM_MIN_DOCS:
            continue
        w = math.log((a + 1) / (nd[1] + 2)) - math.log((b + 1) / (nd[0] + 2))
        scored.append((abs(w) * math.sqrt(a + b), g, w))
    scored.sort(reverse=True)
    return {g: round(w, 4) for _, g, w in scored[:top]}


def _fw_scores(streams, weights) -> list[Optional[float]]:
    from ..features.mt_profile import fwngram_score

    return [fwngram_score(st, weights) for st in streams]


def crossfit_fw(streams, y, groups, folds: int = 5) -> list[Optional[float]]:
    """fwngram score of each training doc from a table fitted without its story (no leakage)."""
    from sklearn.model_selection import GroupKFold

    out: list[Optional[float]] = [None] * len(y)
    idx = list(range(len(y)))
    for tr, te in GroupKFold(n_splits=folds).split(idx, y, groups):
        w = fit_fwngram([streams[i] for i in tr], [y[i] for i in tr])
        for i, sc in zip(te, _fw_scores([streams[i] for i in te], w)):
            out[i] = sc
    return out


# --- tortured-phrase statistics ---------------------------------------------------------------
def build_tortured_table(pairs, human_texts: list[str]) -> dict:
    """Hashed spinner bigrams + spinner-preferred word scores from PPS pairs.

    A bigram is kept when it contains a substituted word, is not part of any expected phrase,
    and never occurs in the human texts given (news references): that filter keeps ordinary
    news collocations ("public health") out of the table.
    """
    from ..features.mt_words import zipf

    expected_bi = set()
    for p in pairs:
        ew = p.expected.split()
        expected_bi.update(zip(ew, ew[1:]))
    cand = set()
    sub_counts: Counter = Counter()
    for p in pairs:
        tw, ew = p.tortured.split(), set(p.expected.split())
        subst = {w for w in tw if w not in ew}
        sub_counts.update(w for w in subst if w.isalpha())
        for a, b in zip(tw, tw[1:]):
            # Two content words, one of them a substitute that is not an everyday word: pairs
            # like "birthday party" or "of change" occur in the lists but also in any newspaper.
            if ((a in subst and zipf(a) < 5.0) or (b in subst and zipf(b) < 5.0)) \
                    and (a, b) not in expected_bi and a not in FUNCTION_WORDS and b not in FUNCTION_WORDS \
                    and a.isalpha() and b.isalpha():
                cand.add((a, b))
    seen = set()
    for t in human_texts:
        ws = t.lower().split()
        seen.update(zip(ws, ws[1:]))
    bigrams = sorted(bigram_key(a, b) for a, b in cand if (a, b) not in seen)
    total = sum(sub_counts.values()) or 1
    spin_words = {}
    for w, c in sub_counts.items():
        z = zipf(w)
        if c < 3 or z < 2.0 or w in FUNCTION_WORDS:
            continue
        score = math.log10(c / total) - (z - 9.0) - 2.0  # log10(share among substitutes / share in English) - 2
        if score > 0:
            spin_words[w] = round(score, 3)
    return {"bigrams": bigrams, "spin_words": dict(sorted(spin_words.items()))}


def build_tables(data: Path, out_dir: Path = DATA_OUT, cache: Optional[Path] = None) -> dict:
    """Rebuild both shipped tables from the corpora (all documents)."""
    data = data_dir(data)
    pairs = spin_corpus.load_pairs(data)
    samples = assemble(data, with_spun=False)
    human_texts = [s.doc.text for s in samples if s.y == 0 and s.kind == "human"]
    tort = build_tortured_table(pairs, human_texts)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / TORTURED_FILE).write_text(json.dumps(
        {"about": "hashed spinner bigrams (blake2b-40 of 'w1 w2') and spinner-preference word scores, "
                  "derived from Problematic Paper Screener pairs by scorer.training.mt.build_tortured_table",
         **tort}, separators=(",", ":")))
    # The n-gram table is fitted on everything the facet model is trained on (spun included).
    samples = assemble(data, with_spun=True, spin_pairs=pairs)
    _, streams = featurise(samples, cache)
    w = fit_fwngram(streams, [s.y for s in samples])
    (out_dir / FWNGRAM_FILE).write_text(json.dumps(
        {"about": "log-odds machine vs human translation of function-word/shape 1-3-grams, "
                  "built by scorer.training.mt.fit_fwngram", "max_n": 3, "weights": w},
        separators=(",", ":")))
    from ..features import mt_lexicon, mt_profile

    mt_lexicon._load_shipped.cache_clear()
    mt_profile.load_fwngram.cache_clear()
    return {"bigrams": len(tort["bigrams"]), "spin_words": len(tort["spin_words"]), "fwngrams": len(w)}


# --- model -----------------------------------------------------------------------------------
def feature_list() -> list[str]:
    return [s.name for s in mt_feat.MachineTranslation.specs]


def _matrix(values: list[dict], fw: list[Optional[float]], feats: list[str]):
    import numpy as np

    X = np.full((len(values), len(feats)), np.nan)
    for i, v in enumerate(values):
        for j, f in enumerate(feats):
            x = fw[i] if f == FWNGRAM_FEATURE else v.get(f)
            if x is not None:
                X[i, j] = x
    return X


def _fit_predict(values, streams, y, groups, tr, te, feats):
    """Fit on ``tr`` (fwngram cross-fitted inside), return calibrated P(mt) for ``te``."""
    from ..linmodel import fit_linear

    ytr = [y[i] for i in tr]
    gtr = [groups[i] for i in tr]
    fw_tr = crossfit_fw([streams[i] for i in tr], ytr, gtr)
    weights = fit_fwngram([streams[i] for i in tr], ytr)
    fw_te = _fw_scores([streams[i] for i in te], weights)
    model = fit_linear(_matrix([values[i] for i in tr], fw_tr, feats), ytr, feats, name="mt",
                       positive_class="machine-translated or spun", C=0.5, groups=gtr)
    return [model.predict_proba(dict(zip(feats, row))) for row in _matrix([values[i] for i in te], fw_te, feats).tolist()]


def _auroc(y, p) -> Optional[float]:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auroc_safe(roc_auc_score, y, p)), 4) if len(set(y)) == 2 else None


def roc_auroc_safe(fn, y, p):
    import numpy as np

    p = np.nan_to_num(np.asarray(p, dtype=float), nan=0.5)
    return fn(y, p)


def _tfidf_baseline(texts_tr, y_tr, texts_te, y_te) -> Optional[float]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=50000)
    Xtr = vec.fit_transform(texts_tr)
    clf = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced").fit(Xtr, y_tr)
    return _auroc(y_te, clf.decision_function(vec.transform(texts_te)))


def evaluate(data: Path | None = None, cache: Optional[Path] = Path("/tmp/mt_feature_cache_eval.json"),
             quick: bool = False) -> dict:
    """Held-out numbers: grouped 5-fold AUROC, leave-one-language-out AUROC (+ TF-IDF baseline),
    spun-text AUROC with spinner pairs held out, false alarms on native English, speed."""
    import numpy as np
    from sklearn.model_selection import GroupKFold

    data = data_dir(data)
    pairs = spin_corpus.load_pairs(data)
    pairs_a, pairs_b = spin_corpus.split_pairs(pairs)
    samples = assemble(data, with_spun=True, spin_pairs=pairs_b)  # spun with held-out pairs
    if quick:
        samples = [s for s in samples if s.lang in ("ru", "de", "en")]
    # Tortured-phrase statistics from the other half of the pairs only: the spun test texts
    # use substitutions the detector's table never saw.
    from ..features.mt_lexicon import use_table

    table_a = build_tortured_table(pairs_a, [s.doc.text for s in samples if s.kind == "human"])
    with use_table(table_a):
        values, streams = featurise(samples, cache)
    y = [s.y for s in samples]
    groups = [s.group for s in samples]
    feats = feature_list()
    idx = np.arange(len(samples))
    metrics: dict = {"n_docs": len(samples), "counts": dict(Counter(f"{s.lang}:{s.kind}" for s in samples))}

    # 1. grouped 5-fold over all pairs: human vs commercial MT, and human vs spun
    p_all = np.full(len(samples), np.nan)
    for tr, te in GroupKFold(n_splits=5).split(idx, y, groups):
        p_all[te] = _fit_predict(values, streams, y, groups, list(tr), list(te), feats)
    is_h = np.array([s.y == 0 for s in samples])
    is_mt = np.array([s.kind == "mt" for s in samples])
    is_spun = np.array([s.kind == "spun" for s in samples])
    sel = is_h | is_mt
    metrics["heldout_auroc_human_vs_mt"] = _auroc(np.array(y)[sel], p_all[sel])
    sel = is_h | is_spun
    metrics["heldout_auroc_human_vs_spun_heldout_pairs"] = _auroc(np.array(y)[sel], p_all[sel])
    metrics["heldout_by_lang"] = {}
    for lang in LOLO_LANGS:
        sel = np.array([s.lang == lang and s.kind in ("human", "mt") for s in samples])
        metrics["heldout_by_lang"][lang] = _auroc(np.array(y)[sel], p_all[sel])
    # calibration sanity: mean predicted vs observed rate in five probability bins
    bins = []
    for lo in (0.0, 0.2, 0.4, 0.6, 0.8):
        m = (p_all >= lo) & (p_all < lo + 0.2 + (1e-9 if lo == 0.8 else 0))
        if m.sum():
            bins.append({"bin": f"{lo:.1f}-{lo + 0.2:.1f}", "n": int(m.sum()),
                         "mean_p": round(float(p_all[m].mean()), 3), "rate": round(float(np.array(y)[m].mean()), 3)})
    metrics["calibration_bins"] = bins
    native = np.array([s.kind == "native" for s in samples])
    metrics["native_mean_risk"] = round(float(p_all[native].mean()), 4)
    metrics["native_false_alarm_rate_at_0.5"] = round(float((p_all[native] >= 0.5).mean()), 4)
    human_tr = np.array([s.kind == "human" for s in samples])
    metrics["human_translation_false_alarm_rate_at_0.5"] = round(float((p_all[human_tr] >= 0.5).mean()), 4)

    # 2. leave-one-language-out: train without a source language, test on its human vs MT
    lolo = {}
    for lang in LOLO_LANGS:
        tr = [i for i, s in enumerate(samples) if s.lang != lang and not (s.kind == "spun" and s.lang == lang)]
        te = [i for i, s in enumerate(samples) if s.lang == lang and s.kind in ("human", "mt")]
        if not te:
            continue
        p = _fit_predict(values, streams, y, groups, tr, te, feats)
        yte = [y[i] for i in te]
        tr_b = [i for i in tr if samples[i].kind in ("human", "mt")]
        base = _tfidf_baseline([samples[i].doc.text.translate(_STRAIGHTEN) for i in tr_b], [y[i] for i in tr_b],
                               [samples[i].doc.text.translate(_STRAIGHTEN) for i in te], yte)
        lolo[lang] = {"auroc": _auroc(yte, p), "tfidf_lr_baseline": base, "n_test": len(te)}
    metrics["lolo"] = lolo
    # the reference baseline: TF-IDF + LR trained on ru->en only
    ru = [i for i, s in enumerate(samples) if s.lang == "ru" and s.kind in ("human", "mt")]
    metrics["tfidf_trained_on_ru"] = {}
    for lang in LOLO_LANGS[1:]:
        te = [i for i, s in enumerate(samples) if s.lang == lang and s.kind in ("human", "mt")]
        if te:
            metrics["tfidf_trained_on_ru"][lang] = _tfidf_baseline(
                [samples[i].doc.text.translate(_STRAIGHTEN) for i in ru], [y[i] for i in ru],
                [samples[i].doc.text.translate(_STRAIGHTEN) for i in te], [y[i] for i in te])

    # 3. spacing/casing false alarms on native English (raw text: typography kept)
    metrics["false_alarms"] = false_alarms(data)
    metrics["ms_per_article"] = speed([s.doc.text for s in samples[:200]])
    return metrics


def false_alarms(data: Path) -> dict:
    """Spacing and casing hits per 1,000 words on English-original news and on seed 002."""
    ext = mt_feat.MachineTranslation()
    out = {}
    groups = {"native_news": list(wmt.load_native_english(data, domains={"news"})),
              "native_ecommerce": list(wmt.load_native_english(data, domains={"ecommerce"}))}
    for name, docs in groups.items():
        words = 0
        hits = Counter()
        docs_with = Counter()
        for d in docs:
            r = ext.extract(to_article_raw(d.text))
            words += r.details["words"]
            for k, c in r.details["hits_by_kind"].items():
                hits[k] += c
                docs_with[k] += 1
        spacing = sum(hits[k] for k in ("currency_space", "percent_space", "hyphen_space", "space_before_punct",
                                        "broken_apostrophe"))
        casing = sum(hits[k] for k in ("brand_case", "inconsistent_case", "lost_inner_capital"))
        out[name] = {"docs": len(docs), "words": words,
                     "spacing_per_1000": round(1000 * spacing / max(words, 1), 4),
                     "casing_per_1000": round(1000 * casing / max(words, 1), 4),
                     "hits_by_kind": dict(hits), "docs_with_hit": dict(docs_with)}
    seed = data.parent / "seeds" / "002_e0444446a155daab.txt"
    if seed.exists():
        from ..ingest import load_article

        r = ext.extract(load_article(seed))
        n = max(r.details.get("words", 0), 1)
        out["seed_002"] = {"words": n, "hits_by_kind": r.details.get("hits_by_kind", {})}
    return out


def to_article_raw(text: str) -> Article:
    return Article(body=text, paragraphs=tuple(Paragraph(s, e) for s, e in split_paragraphs(text)),
                   language="en", language_confidence=1.0)


def speed(texts: list[str]) -> float:
    ext = mt_feat.MachineTranslation()
    arts = [to_article_raw(t) for t in texts]
    ext.extract(arts[0])  # warm the lazy tables
    t0 = time.perf_counter()
    words = 0
    for a in arts:
        words += ext.extract(a).details["words"]
    dt = time.perf_counter() - t0
    # normalise to a 3 KB (~500-word) article
    return round(1000 * dt / words * 500, 2) if words else 0.0


def train(data: Path, out: Path, cache: Optional[Path] = Path("/tmp/mt_feature_cache.json"),
          rebuild_tables: bool = True, metrics: Optional[dict] = None) -> dict:
    """Rebuild the data tables, fit the facet model on everything, write ``out/facet_mt.json``."""
    from ..linmodel import fit_linear

    data = data_dir(data)
    tables = build_tables(data, cache=cache) if rebuild_tables else {}
    pairs = spin_corpus.load_pairs(data)
    samples = assemble(data, with_spun=True, spin_pairs=pairs)
    values, streams = featurise(samples, cache)
    y = [s.y for s in samples]
    groups = [s.group for s in samples]
    feats = feature_list()
    fw = crossfit_fw(streams, y, groups)
    model = fit_linear(_matrix(values, fw, feats), y, feats, name="mt",
                       positive_class="machine-translated or spun", C=0.5, groups=groups)
    metrics = dict(metrics or {})
    metrics["train_counts"] = dict(Counter(f"{s.lang}:{s.kind}" for s in samples))
    metrics["tables"] = tables
    model.metrics = metrics
    model.manifest = _manifest(data)
    model.meta = {"trained": "scorer.training.mt.train", "fwngram_table": FWNGRAM_FILE,
                  "tortured_table": TORTURED_FILE, "quotes_straightened": True}
    out.mkdir(parents=True, exist_ok=True)
    model.save(out / "facet_mt.json")
    return metrics


def _manifest(data: Path) -> list[dict]:
    files = [data / wmt.MT_DIR / f for f, _, _ in wmt.XX_EN_FILES + wmt.EN_XX_FILES]
    files += sorted((data / wmt.MT_DIR / "wmt21_segments").glob("*.en"))
    files += [data / spin_corpus.SPIN_DIR / spin_corpus.CSV_FILE, data / spin_corpus.SPIN_DIR / spin_corpus.JSON_FILE]
    out = []
    for f in files:
        if f.exists():
            out.append({"file": str(f.relative_to(data)), "sha256": hashlib.sha256(f.read_bytes()).hexdigest(),
                        "bytes": f.stat().st_size})
    return out


def format_report(metrics: dict) -> str:
    lines = ["mt facet — document-level AUROC (human vs commercial MT)", ""]
    lines.append(f"  grouped 5-fold, all pairs        {metrics.get('heldout_auroc_human_vs_mt')}")
    for lang, a in (metrics.get("heldout_by_lang") or {}).items():
        lines.append(f"    {lang}->en                         {a}")
    lines.append(f"  human vs spun (held-out spinner pairs)  {metrics.get('heldout_auroc_human_vs_spun_heldout_pairs')}")
    lines.append("")
    lines.append("  leave-one-language-out      mt facet   TF-IDF+LR (same train)   TF-IDF+LR (ru only)")
    ru = metrics.get("tfidf_trained_on_ru") or {}
    for lang, r in (metrics.get("lolo") or {}).items():
        lines.append(f"    {lang}->en (n={r['n_test']:4d})           {r['auroc']!s:8}   {r['tfidf_lr_baseline']!s:22}   {ru.get(lang, '-')}")
    lines.append("")
    lines.append(f"  native English: mean risk {metrics.get('native_mean_risk')}, "
                 f"share >= 0.5: {metrics.get('native_false_alarm_rate_at_0.5')}; human translations >= 0.5: "
                 f"{metrics.get('human_translation_false_alarm_rate_at_0.5')}")
    lines.append("  calibration (bin, n, mean p, observed rate): " + "; ".join(
        f"{b['bin']} {b['n']} {b['mean_p']} {b['rate']}" for b in metrics.get("calibration_bins", [])))
    fa = metrics.get("false_alarms") or {}
    lines.append("")
    lines.append("  spacing / casing hits per 1,000 words on native text")
    for name, r in fa.items():
        if "spacing_per_1000" in r:
            lines.append(f"    {name:18} docs={r['docs']:4d} words={r['words']:6d} spacing={r['spacing_per_1000']} "
                         f"casing={r['casing_per_1000']} {r['hits_by_kind']}")
        else:
            lines.append(f"    {name:18} words={r['words']} hits={r['hits_by_kind']}")
    lines.append(f"  extract speed: {metrics.get('ms_per_article')} ms per 500-word article")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m scorer.training.mt")
    ap.add_argument("command", choices=["train", "evaluate", "tables"])
    ap.add_argument("--data", default=None)
    ap.add_argument("--out", default=str(REPO / "models"))
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args(argv)
    if a.command == "tables":
        print(build_tables(data_dir(a.data)))
    elif a.command == "evaluate":
        m = evaluate(data_dir(a.data), quick=a.quick)
        print(format_report(m))
        print(json.dumps(m, indent=1))
    else:
        m = evaluate(data_dir(a.data))
        print(format_report(m))
        train(data_dir(a.data), Path(a.out), rebuild_tables=True, metrics=m)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
