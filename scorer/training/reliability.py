"""The reliability score: training, held-out evaluation, leave-one-source-out, baseline.

``spinscore train --only reliability`` fits a shallow gradient-boosted tree ensemble
(:mod:`scorer.treemodel`) on the *combiner* side of the story split — stories no facet model
saw — from the facet risks, the strongest defect facet (:mod:`scorer.combiner_inputs`) and the
features each facet model reads (minus the proficiency profile below), and writes
``models/reliability.json`` (features, trees, Platt calibration shifted to even prior odds,
data manifest, metrics, library versions) and ``models/metrics.json``. The positive class is
*unreliable*; the score is ``100 × (1 − P(unreliable))`` = ``100 × P(reliable)``. A logistic
regression on the same inputs and a TF-IDF + logistic regression baseline are evaluated beside
it on the same split.

Why these inputs: the facet risks carry most of the signal and make the reasons readable
("mt risk 0.97" with its spans); the raw features let the model use what the facets summarise
away and keep feature-level reasons.
"""
from __future__ import annotations

import json
import math
import platform
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

from ..article import Article
from ..combiner_inputs import FACET_PREFIX
from ..combiner_inputs import NAMES as COMBINED_INPUTS
from ..combiner_inputs import combined_inputs
from ..corpora.base import Doc
from ..corpora.split import side
from ..linmodel import LinearModel, fit_linear
from ..treemodel import TreeModel, fit_trees
from . import short_eval, tables
from .corpus import assemble, corpus_of, manifest
from .evalmetrics import accuracy, auroc, auroc_ci, brier, ci_text, detection_at_false_alarm, reliability_table

C = 0.1  # logistic regression (comparison and the readability facet)
MAX_DEPTH, N_TREES, LEARNING_RATE = 3, 300, 0.05
DEFECTS = ("mt", "llm", "spun", "boilerplate", "invented_refs")


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---- features ----------------------------------------------------------------------------------
_worker_scorer = None
_worker_models_dir: object = ()  # sentinel: nothing built yet


def _init(models_dir):
    """Build the feature scorer (models and tables load here) once per models folder."""
    global _worker_scorer, _worker_models_dir
    if _worker_scorer is not None and _worker_models_dir == models_dir:
        return
    from ..scoring import Scorer

    _worker_scorer = Scorer(models_dir=models_dir, use_model=False)
    _worker_models_dir = models_dir


def doc_article(doc: Doc, text: Optional[str] = None) -> Article:
    """The article a corpus document is scored as (``text`` instead of its own, e.g. with
    furniture injected); raises SpinscoreError as ``parse_text`` does."""
    from dataclasses import replace

    from ..ingest import parse_text

    art = parse_text(doc.text if text is None else text, name="x.html" if doc.fmt == "html" else "")
    return replace(art, published=doc.published) if doc.published and not art.published else art


def _features(doc: Doc) -> Optional[dict]:
    from ..errors import SpinscoreError

    try:
        art, results = _worker_scorer.extract(doc_article(doc))
    except SpinscoreError:
        return None
    values = {}
    for res in results.values():
        values.update(res.values)
    values.update({FACET_PREFIX + k: v for k, v in _worker_scorer.facets(results).items()})
    return values


def code_fingerprint(models_dir: Optional[Path]) -> str:
    """Hash of everything that decides a document's features: extractor code, shipped tables,
    facet models. A cache entry is valid only for the same fingerprint."""
    from ..model import default_models_dir

    return tables.extractor_fingerprint(Path(models_dir or default_models_dir()))


def _doc_key(d: Doc) -> str:
    import hashlib

    return hashlib.sha256(f"{d.fmt}\0{d.published}\0{d.text}".encode()).hexdigest()


def extract_all(docs: list[Doc], models_dir: Optional[Path], jobs: int = 2,
                cache_dir: Optional[Path] = None) -> list[Optional[dict]]:
    """Features of every document, in parallel; cached on disk when ``cache_dir`` is given
    (or $SPINSCORE_CACHE is set), keyed by document and code fingerprint."""
    import multiprocessing as mp
    import os

    cache_dir = cache_dir or (Path(os.environ["SPINSCORE_CACHE"]) if os.environ.get("SPINSCORE_CACHE") else None)
    cache: dict = {}
    cache_file = None
    if cache_dir:
        cache_file = Path(cache_dir) / f"features-{code_fingerprint(models_dir)}.jsonl"
        if cache_file.exists():
            for line in cache_file.open():
                try:
                    k, v = json.loads(line)
                except ValueError:
                    # An append cut short (Ctrl-C, a full disk): that document is extracted
                    # again. Raised, it read as "a corpus file is damaged", and no new download
                    # of the corpora could mend a cache.
                    continue
                cache[k] = v
    keys = [_doc_key(d) for d in docs]
    todo = [i for i, k in enumerate(keys) if k not in cache]
    _init(models_dir)
    if todo:
        if jobs <= 1:
            new = [_features(docs[i]) for i in todo]
        else:
            with mp.get_context("fork").Pool(jobs) as pool:
                new = pool.map(_features, [docs[i] for i in todo], chunksize=16)
        for i, v in zip(todo, new):
            cache[keys[i]] = v
        if cache_file:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            with cache_file.open("a") as fh:
                for i, v in zip(todo, new):
                    fh.write(json.dumps([keys[i], v]) + "\n")
    return [cache[k] for k in keys]


# Reported, never scored: they describe the input's length or format, which differ between the
# training corpora for reasons that have nothing to do with reliability (every HTML page in the
# corpus is human; LLM texts are shorter) — a model would learn the corpora, not the defect.
NOT_SCORED = {"readability.word_count"}

# Not scored either: features that describe *how plainly* someone writes — vocabulary
# frequency and richness, sentence-length rhythm, readability formulas, punctuation profile.
# Human news in the training corpora is native, professional English; a model that reads them
# learns "plain English = machine-made" and repeats the bias of detectors that flag most TOEFL
# essays as AI (Liang et al. 2023). Measured when this was decided: held-out AUROC 0.888 with
# them vs 0.884 without, human articles scored < 40 10.7 % vs 10.0 %, and five news texts
# written in the English of Nairobi, Dhaka, Lagos, Manila and Seoul newsrooms
# (tests/test_non_native.py) scored 31, 21, 37, 27, 9 with them and 61, 62, 62, 27, 41 without.
# The facets that own these features keep them (the ai_style and mt facets are tested on
# non-native text themselves), and the readability facet is still reported: it describes the
# text; it does not move the score.
# ``ai_style.vocab_human`` joined the list with the strongest-defect input (scorer.combiner_inputs):
# it rewards native newsroom idiom ("said", "told", "according to"), so its absence pushed short
# plain reports towards "unreliable" (0.2 log-odds on a 103-word Seoul report). Its LLM twin
# ``vocab_llm`` stays: words LLMs over-use are a machine fingerprint, not a level of English.
# Held-out figures with and without it were within 0.005 on every defect type.
PROFICIENCY_PROFILE = re.compile(
    r"^(?:readability\.|facet\.readability$"
    r"|mt\.(?:rare_word_share|mean_word_zipf|common_word_share|mattr|function_word_share|sentence_length_cv"
    r"|contractions_per_1000|cohesive_per_1000)$"
    r"|ai_style\.(?:mean_zipf|rare_word_share|sentence_length_cv|paragraph_length_cv|opening_repeat_share"
    r"|vocab_human)$)")


def scored(name: str) -> bool:
    """Whether the reliability model may read this feature (see NOT_SCORED, PROFICIENCY_PROFILE)."""
    return name not in NOT_SCORED and not PROFICIENCY_PROFILE.match(name)


def input_names(models_dir: Optional[Path]) -> list[str]:
    """The reliability model's inputs: the facet risks, and the features each facet model reads.

    A family's facet model already leaves out what its data cannot teach (presence counts,
    HTML page context, formatting its corpora lack); the reliability model follows that choice
    instead of relearning corpus quirks from those features.
    """
    from ..features.base import registered
    from ..report import FACETS

    _init(models_dir)
    names = []
    for e in registered():
        model = _worker_scorer.facet_models.get(e.name)
        used = set(model.features) if model is not None else None
        names += [s.name for s in e.specs if scored(s.name) and (used is None or s.name in used)]
    facets = [f"facet.{f}" for f in FACETS if _worker_scorer.facet_models.get(f) is not None]
    return names + [f for f in facets if scored(f)] + list(COMBINED_INPUTS)


def matrix(rows: list[dict], names: list[str]) -> np.ndarray:
    X = np.full((len(rows), len(names)), np.nan)
    for i, r in enumerate(rows):
        for j, n in enumerate(names):
            v = r.get(n)
            if v is not None and math.isfinite(v):
                X[i, j] = v
    return X


# ---- evaluation ----------------------------------------------------------------------------------
def _tfidf_baseline(train_docs, y_tr, test_docs):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=50000, sublinear_tf=True)
    Xtr = vec.fit_transform([d.text for d in train_docs])
    clf = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced").fit(Xtr, y_tr)
    return clf.predict_proba(vec.transform([d.text for d in test_docs]))[:, 1]


def _predict(model: LinearModel, rows: list[dict]) -> np.ndarray:
    return np.array([model.predict_proba(r) for r in rows])


# The facet that is built to find each defect (spun text is the mt facet's second target).
DEFECT_FACET = {"mt": "mt", "spun": "mt", "llm": "ai_style", "boilerplate": "boilerplate",
                "invented_refs": "citations"}


def own_facet_auroc(docs, y, rows) -> dict:
    """Per defect, the AUROC of its own facet alone against the same human articles.

    Why report it: one score must rank every human article against every defect, so a human
    text that one facet finds slightly odd outranks an article whose only defect another facet
    sees. The gap between this figure and the score's per-defect AUROC is that cost of a
    single number; a facet's own figure is what a user filtering on that facet gets. A facet
    that does not apply (None: a non-English page) counts as risk 0."""
    kinds = np.array([d.kind for d in docs])
    out = {}
    for k, facet in DEFECT_FACET.items():
        m = (kinds == "human") | (kinds == k)
        if (kinds == k).any():
            v = np.array([r.get(FACET_PREFIX + facet) or 0.0 for r in rows], dtype=float)
            out[k] = {"facet": facet, "auroc": auroc(y[m], v[m])}
    return out


def _split_metrics(docs, y, p) -> dict:
    stories = np.array([d.story for d in docs])
    out = {"n": len(y), "auroc": auroc(y, p), "auroc_ci95": auroc_ci(y, p, stories),
           "accuracy_at_0.5": accuracy(y, p), "brier": brier(y, p),
           "reliability_table": reliability_table(y, p)}
    kinds = np.array([d.kind for d in docs])
    human = kinds == "human"
    out["per_defect"] = {}
    for k in DEFECTS:
        this = kinds == k
        m = human | this
        if this.any():
            out["per_defect"][k] = {"n": int(this.sum()), "auroc": auroc(y[m], p[m]),
                                    "auroc_ci95": auroc_ci(y[m], p[m], stories[m]),
                                    # share of this defect's articles scored under 50
                                    "detected_at_0.5": round(float(np.mean(p[this] >= 0.5)), 4),
                                    "detected_at_human_false_alarm": detection_at_false_alarm(
                                        p[human], p[this], rates=(0.02, 0.05))}
    # What the most confident verdicts catch: the threshold that flags 1-10 % of human articles.
    out["detected_at_human_false_alarm"] = detection_at_false_alarm(p[human], p[y == 1])
    out["human_flagged"] = {"likely_unreliable(score<40)": round(float(np.mean(p[human] > 0.6)), 4),
                            "not_likely_reliable(score<75)": round(float(np.mean(p[human] > 0.25)), 4)}
    out["human_with_news_metadata"] = news_metadata_pairs(docs, p)
    out["human_with_page_chrome"] = page_chrome_pairs(docs, p)
    corp = np.array([corpus_of(d) for d in docs])
    out["per_source"] = {}
    for c in sorted(set(corp)):
        m = corp == c
        hm = m & human
        out["per_source"][c] = {"n": int(m.sum()), "auroc": auroc(y[m], p[m]),
                                "accuracy_at_0.5": accuracy(y[m], p[m]), "brier": brier(y[m], p[m]),
                                "human_score_below_40": round(float(np.mean(p[hm] > 0.6)), 4) if hm.any() else None}
    return out


def news_metadata_pairs(docs, p) -> dict:
    """Human articles carrying ordinary news metadata (a byline, a copyright line, an ad marker
    ...: scorer.corpora.aeb.with_news_metadata) and the same articles without it: the share of
    each scored under 40 ("likely unreliable") and under 75. The false alarm users meet when they
    score a copied or scraped news page."""
    return _variant_pairs(docs, p, "news_meta")


def page_chrome_pairs(docs, p) -> dict:
    """Human articles carrying incidental page chrome (a share bar, a "Comments" heading, "Skip
    to content", "Read more" ...: scorer.corpora.aeb.with_page_chrome) and the same articles
    without it, as :func:`news_metadata_pairs`: the false alarm of an article copied from a
    browser, a feed or a crawl."""
    return _variant_pairs(docs, p, "page_chrome")


def _variant_pairs(docs, p, key: str) -> dict:
    """The human variants whose ``meta[key]`` is set, each with the human document it was made
    from (same story, its ``base_source``): their shares under 40 and 75 and the score change."""
    original = {(d.story, d.source): i for i, d in enumerate(docs)
                if d.kind == "human" and not d.meta.get("news_meta") and not d.meta.get("page_chrome")}
    pairs = [(i, original[(d.story, d.meta.get("base_source"))]) for i, d in enumerate(docs)
             if d.kind == "human" and d.meta.get(key) and (d.story, d.meta.get("base_source")) in original]
    if not pairs:
        return {"n": 0}
    with_, without = np.array([p[i] for i, _ in pairs]), np.array([p[j] for _, j in pairs])
    return {"n": len(pairs),
            "score_below_40": round(float(np.mean(with_ > 0.6)), 4),
            "same_articles_without_below_40": round(float(np.mean(without > 0.6)), 4),
            "score_below_75": round(float(np.mean(with_ > 0.25)), 4),
            "same_articles_without_below_75": round(float(np.mean(without > 0.25)), 4),
            "mean_score_change": round(float(np.mean(100 * (without - with_))), 2)}


def monotone_directions(names: list[str]) -> list[int]:
    """Per combiner input, the only direction it may move the decision: +1 for facet risks and
    the strongest defect, each feature's documented ``risk_direction`` (+1 risk, -1 credit, 0
    free) otherwise.

    Why: without it the trees learned interactions such as "after the mt splits, a *low*
    ai_style risk means MT", so a 103-word Seoul report with every facet under 0.31 scored 34
    with "ai_style risk 0.04" as its top reason. Constrained, no input can count against an
    article for being low on its own risk scale, and the path attributions follow: a split can
    only credit an input in its own direction. Held out (same split, same inputs): AUROC 0.899
    → 0.902, human articles under 40: 8.3 % → 7.8 %, MT 0.856 → 0.874, LLM 0.934 → 0.924."""
    from ..features.base import registered

    direction = {s.name: int(s.risk_direction) for e in registered() for s in e.specs}
    return [1 if n.startswith(FACET_PREFIX) or n in COMBINED_INPUTS else direction.get(n, 0) for n in names]


def _fit(X, y, names, groups) -> TreeModel:
    return fit_trees(X, y, names, name="reliability", positive_class="unreliable", groups=groups,
                     max_depth=MAX_DEPTH, max_iter=N_TREES, learning_rate=LEARNING_RATE,
                     monotonic=monotone_directions(list(names)))


def _fit_linear(X, y, names, groups) -> LinearModel:
    """The logistic-regression alternative, kept as the comparison the tree model must beat."""
    return fit_linear(X, y, names, name="reliability-linear", positive_class="unreliable", C=C,
                      calibration="platt", groups=groups)


def _facets_of(row: dict) -> dict:
    return {k[len(FACET_PREFIX):]: v for k, v in row.items() if k.startswith(FACET_PREFIX)}


def featurise(docs: list[Doc], models_dir: Optional[Path], jobs: int = 2):
    """Features of every parseable document: (docs kept, rows, X, y, feature names)."""
    rows = extract_all(docs, models_dir, jobs)
    keep = [i for i, r in enumerate(rows) if r is not None]
    docs = [docs[i] for i in keep]
    # Derived here, not in _features: they follow from the facet risks, so the feature cache
    # stays valid when the derivation changes.
    rows = [{**rows[i], **combined_inputs(_facets_of(rows[i]))} for i in keep]
    names = input_names(models_dir)
    y = np.array([0 if d.kind == "human" else 1 for d in docs])
    return docs, rows, matrix(rows, names), y, names


def to_even_odds(model, train_share: float) -> dict:
    """Shift the calibration from the corpus's class balance to even prior odds.

    The corpus is built to be mostly defective (several defect versions per human story), so a
    probability calibrated on it assumes ~70 % of articles are unreliable before reading them —
    and pushes every human article towards "mixed". The score is P(reliable) at even prior
    odds: the Platt intercept loses the corpus log-odds (Bayes' rule; ranking and AUROC are
    unchanged). A user with a known base rate can shift it back the same way.
    """
    shift = math.log(train_share / (1.0 - train_share))
    if model.calibration.get("method") == "platt":
        model.calibration["b"] -= shift
    return {"train_unreliable_share": round(train_share, 4), "target_unreliable_share": 0.5,
            "logit_shift": round(-shift, 4)}


def fit_readability_facet(X, y, names, groups) -> LinearModel:
    """The readability facet from the readability features (``X``'s columns, named ``names``)."""
    m = fit_linear(X, y, list(names), name="facet_readability",
                   positive_class="unreliable (readability profile)", C=C, calibration="platt",
                   groups=groups)
    m.meta = {"trained_with": "spinscore train --only reliability",
              "data": "the reliability corpus, train side of the story split"}
    return m


def _facet_value(model: LinearModel, row: dict) -> Optional[float]:
    if all(row.get(f) is None for f in model.features):
        return None  # e.g. a non-English article: no readability feature applies
    return model.predict_proba(row)


def fit_docs(docs: list[Doc], models_dir: Optional[Path] = None, jobs: int = 1) -> TreeModel:
    """Fit a reliability model on ``docs`` (all of them); used by tests on a fixture corpus."""
    docs, rows, X, y, names = featurise(docs, models_dir, jobs)
    return _fit(X, y, names, np.array([d.story for d in docs]))


@dataclass
class TrainResult:
    model: LinearModel  # reliability.json
    readability: LinearModel  # facet_readability.json
    metrics: dict
    docs: list


def _reasons_metrics(models_dir: Optional[Path], model: TreeModel, test_docs: list[Doc]) -> dict:
    """Whether the reports' top reasons name the defect (scorer.training.reasons_eval), read
    through the product path with the model just fitted."""
    from ..scoring import Scorer
    from . import reasons_eval

    scorer = Scorer(models_dir=models_dir, use_model=False)
    scorer.model = model
    return reasons_eval.evaluate(scorer, test_docs)


def run(data: Path, models_dir: Optional[Path] = None, jobs: int = 2, loso: bool = True) -> TrainResult:
    """Fit on the train side of the story split, evaluate on the test side.

    The shipped model is the one evaluated (train side only), so the held-out numbers in its
    metrics describe exactly the model users run, and the evaluation gate can re-check it.
    """
    _log("assembling the corpus …")
    all_docs = assemble(data, log=_log)
    _log(f"{len(all_docs)} documents; extracting features …")
    docs, rows, X, y, names = featurise(all_docs, models_dir, jobs)
    dropped = len(all_docs) - len(docs)
    sides = np.array([side(d.story) for d in docs])
    # The readability facet has no corpus of its own: it is learned here from the readability
    # features alone, on the train side like every other facet. It is reported, not scored:
    # neither it nor its features feed the combiner (PROFICIENCY_PROFILE).
    tr = sides == "train"
    from ..features.base import registered

    rnames = [s.name for e in registered() if e.name == "readability" for s in e.specs if s.name not in NOT_SCORED]
    read_model = fit_readability_facet(matrix(rows, rnames)[tr], y[tr], rnames, np.array([d.story for d in docs])[tr])
    read_prior = to_even_odds(read_model, float(np.mean(y[tr])))
    # Fit on the combiner side (stories no facet model was trained on), test on the test side;
    # the facets' own training stories are left out of both (see scorer.corpora.split).
    keep = ~tr
    docs = [d for d, k in zip(docs, keep) if k]
    rows = [r for r, k in zip(rows, keep) if k]
    X, y, sides = X[keep], y[keep], sides[keep]
    test = sides == "test"
    groups = np.array([d.story for d in docs])

    model = _fit(X[~test], y[~test], names, groups[~test])
    prior = to_even_odds(model, float(np.mean(y[~test])))
    test_idx = np.where(test)[0]
    test_docs, test_rows = [docs[i] for i in test_idx], [rows[i] for i in test_idx]
    p = _predict(model, test_rows)
    metrics = {"held_out": _split_metrics(test_docs, y[test], p)}
    metrics["held_out"]["own_facet_alone"] = own_facet_auroc(test_docs, y[test], test_rows)
    _log("checking the reasons on the test side …")
    metrics["held_out"]["reasons"] = _reasons_metrics(models_dir, model, test_docs)
    _log("scoring the held-out articles cut short …")

    def predict_docs(ds):
        kept, kept_rows = featurise(ds, models_dir, jobs)[:2]
        return kept, _predict(model, kept_rows)

    metrics["held_out"]["short_texts"] = short_eval.evaluate(test_docs, predict_docs)
    lin = _fit_linear(X[~test], y[~test], names, groups[~test])
    metrics["logistic_regression_held_out"] = _split_metrics(test_docs, y[test], _predict(lin, test_rows))
    metrics["logistic_regression_held_out"].pop("reliability_table", None)
    base = _tfidf_baseline([docs[i] for i in np.where(~test)[0]], y[~test], test_docs)
    metrics["baseline_tfidf_held_out"] = _split_metrics(test_docs, y[test], base)
    metrics["baseline_tfidf_held_out"].pop("reliability_table", None)

    if loso:
        corp = np.array([corpus_of(d) for d in docs])
        metrics["leave_one_source_out"] = {}
        for c in sorted(set(corp)):
            held = corp == c
            if len(set(y[held].tolist())) < 2:
                continue
            m = _fit(X[~held], y[~held], names, groups[~held])
            pc = _predict(m, [rows[i] for i in np.where(held)[0]])
            bc = _tfidf_baseline([docs[i] for i in np.where(~held)[0]], y[~held],
                                 [docs[i] for i in np.where(held)[0]])
            metrics["leave_one_source_out"][c] = {"n": int(held.sum()), "auroc": auroc(y[held], pc),
                                                  "baseline_tfidf_auroc": auroc(y[held], bc)}
            _log(f"  LOSO {c}: {metrics['leave_one_source_out'][c]}")

    metrics["documents"] = {"total": len(docs), "combiner": int((~test).sum()), "test": int(test.sum()),
                            "unparseable_dropped": dropped}
    read_model.meta["prior"] = read_prior
    read_model.metrics = {"held_out_auroc": auroc(y[test], [
        _facet_value(read_model, rows[i]) or 0.5 for i in np.where(test)[0]])}
    model.metrics = metrics
    model.manifest = manifest(data, docs)
    read_model.manifest = model.manifest

    import sklearn

    model.meta = {"version": "reliability-12", "not_scored": "word count and the proficiency profile (PROFICIENCY_PROFILE in scorer/training/reliability.py)", "trained_on": "combiner side of the story split (stories unseen by the facet models)",
                  "model": f"gradient-boosted trees, depth {MAX_DEPTH}, {N_TREES} trees, lr {LEARNING_RATE}, "
                           "monotone in each input's risk direction",
                  "prior": prior, "python": platform.python_version(), "numpy": np.__version__,
                  "scikit-learn": sklearn.__version__, "score": "100 * (1 - P(unreliable))"}
    return TrainResult(model, read_model, metrics, docs)


def train(data: Path, out: Path) -> dict:
    res = run(data, models_dir=out)
    out.mkdir(parents=True, exist_ok=True)
    tables.save_model(res.model, out / "reliability.json")
    tables.save_model(res.readability, out / "facet_readability.json")
    metrics = res.metrics
    tables.write_text(out / "metrics.json", json.dumps(metrics, indent=1) + "\n")
    return metrics


def evaluate(data: Path) -> dict:
    return run(data).metrics


def _ci(v: dict) -> str:
    text = ci_text(v.get("auroc_ci95"))
    return f"[{text}]" if text else ""


def _score_cut(v: dict) -> str:
    """The fixed-false-alarm threshold as the score a user filters on (flag: score below it)."""
    t = v.get("threshold")
    return f" (score < {100 * (1 - t):.1f})" if t is not None else ""


def format_report(m: dict) -> str:
    lines = []
    h = m["held_out"]
    b = m.get("baseline_tfidf_held_out", {})
    lr = m.get("logistic_regression_held_out", {})
    lines.append(f"held-out: n={h['n']}  AUROC {h['auroc']} {_ci(h)}  accuracy@0.5 {h['accuracy_at_0.5']}  "
                 f"Brier {h['brier']}   (logistic regression {lr.get('auroc')}; TF-IDF+LR baseline {b.get('auroc')})")
    dfa = h.get("detected_at_human_false_alarm")
    if dfa:
        lines.append("defective articles caught when the threshold flags a given share of human articles: " +
                     ", ".join(f"{float(r):.0%} -> {v['detected']:.1%}" + _score_cut(v) for r, v in dfa.items()))
    lines.append("per defect type (human vs defect, held-out):")
    own = h.get("own_facet_alone", {})
    for k, v in h["per_defect"].items():
        alone = f"   its facet alone ({own[k]['facet']}) {own[k]['auroc']}" if k in own else ""
        lines.append(f"  {k:<16} n={v['n']:<5} AUROC {v['auroc']} {_ci(v)}  detected@0.5 "
                     f"{v.get('detected_at_0.5')}   baseline {b.get('per_defect', {}).get(k, {}).get('auroc')}{alone}")
    lines.append("per source (held-out):")
    for k, v in h["per_source"].items():
        lines.append(f"  {k:<22} n={v['n']:<5} AUROC {v['auroc']}  acc {v['accuracy_at_0.5']}  Brier {v.get('brier')}  "
                     f"human scored < 40: {v.get('human_score_below_40')}")
    lines.append(f"human articles flagged (held-out): {h.get('human_flagged')}")
    for key, what in (("human_with_news_metadata", "news metadata (byline, copyright, ad marker ..."),
                      ("human_with_page_chrome", "page chrome (share bar, comments heading, navigation ...")):
        pair = h.get(key) or {}
        if pair.get("n"):
            lines.append(f"human articles with {what}; n={pair['n']}): "
                         f"scored < 40 {pair['score_below_40']:.1%} (the same articles without: "
                         f"{pair['same_articles_without_below_40']:.1%}), < 75 {pair['score_below_75']:.1%} "
                         f"({pair['same_articles_without_below_75']:.1%}), mean score change {pair['mean_score_change']:+.2f}")
    from .reasons_eval import format_lines

    lines += format_lines(h.get("reasons") or {})
    lines += short_eval.format_lines(h.get("short_texts") or {})
    if "leave_one_source_out" in m:
        lines.append("leave-one-source-out (train without the corpus, test on it):")
        for k, v in m["leave_one_source_out"].items():
            lines.append(f"  {k:<22} n={v['n']:<5} AUROC {v['auroc']}   baseline {v['baseline_tfidf_auroc']}")
    lines.append("reliability table (held-out; P(unreliable)):")
    for r in h["reliability_table"]:
        lines.append(f"  {r['bin']}  n={r['n']:<5} predicted {r['mean_predicted']:.3f}  observed {r['observed']:.3f}")
    return "\n".join(lines)
