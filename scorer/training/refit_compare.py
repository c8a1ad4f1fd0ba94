"""Is a change to the combiner's inputs better, or did the trees just fall differently?

A retrain on the same split is deterministic, so one A/B comparison gives one number per
figure, and for figures near a cut (human articles scored < 40: ~30 of 685) the refit alone
moves them. This tool refits the combiner on K random 90 % subsets of the combiner-side stories
(subset 0 is all of them, i.e. the shipped fit), *paired*: variant A and variant B see the same
subsets. A change whose difference keeps its sign on every subset is a property of the change;
one that flips is refit noise.

Feature rows depend on the code as well as on the models, so each variant dumps its rows from
its own checkout:

    python -m scorer.training.refit_compare dump --models models --out /tmp/a.jsonl.gz   # in A
    python -m scorer.training.refit_compare dump --models models --out /tmp/b.jsonl.gz   # in B
    python -m scorer.training.refit_compare compare /tmp/a.jsonl.gz /tmp/b.jsonl.gz --k 8

Used for reliability-9 (README, "How the score is made").

**Probe texts** (``dump --probes DIR``: every ``*.txt`` there, by name): texts outside the corpora
whose score a project pins, such as the five non-native news briefs of
``tests/test_non_native.py``. Each refit scores them too, and ``compare`` prints each one's score
per variant (mean, and the lowest over the refits). A pinned text near a cut can fall either side
of it with the refit alone; this tells whether a change moves it or the trees did.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path
from typing import Optional

import numpy as np

from ..corpora.base import data_dir
from ..corpora.split import side
from . import reliability as R
from .corpus import assemble
from .evalmetrics import auroc, detection_at_false_alarm

FALSE_ALARMS = (0.01, 0.02, 0.05)
PROBE = "probe:"  # prefix of a probe text's score among a refit's figures


def dump(data: Optional[Path], models: Optional[Path], out: Path, jobs: int = 2,
         probes: Optional[Path] = None) -> int:
    docs, rows, _X, y, names = R.featurise(assemble(data_dir(data)), models, jobs)
    probe_rows = _probe_rows(probes, models) if probes is not None else []
    with gzip.open(out, "wt") as fh:
        fh.write(json.dumps({"names": list(names)}) + "\n")
        for d, r, yy in zip(docs, rows, y):
            fh.write(json.dumps({"story": d.story, "kind": d.kind, "y": int(yy), "row": r}) + "\n")
        for name, r in probe_rows:
            fh.write(json.dumps({"probe": name, "row": r}) + "\n")
    return len(docs)


def _probe_rows(folder: Path, models: Optional[Path]) -> list[tuple[str, dict]]:
    """(file stem, feature row) of every ``*.txt`` in ``folder``, read as the corpus texts are."""
    from ..corpora.base import Doc

    paths = sorted(Path(folder).glob("*.txt"))
    if not paths:
        raise SystemExit(f"--probes {folder}: no .txt file there")
    docs = [Doc(text=p.read_text(encoding="utf-8"), kind="human", source="probe", story=f"probe:{p.stem}")
            for p in paths]
    kept, rows, *_ = R.featurise(docs, models, jobs=1)
    if len(kept) != len(docs):
        raise SystemExit(f"--probes {folder}: {len(docs) - len(kept)} text(s) could not be read as articles")
    return [(d.story.split(":", 1)[1], r) for d, r in zip(kept, rows)]


def _load(path: Path):
    """(feature names, corpus records, probe records) of a dump."""
    with gzip.open(path, "rt") as fh:
        names = json.loads(fh.readline())["names"]
        recs = [json.loads(line) for line in fh]
    return names, [r for r in recs if "probe" not in r], [r for r in recs if "probe" in r]


def _figures(p: np.ndarray, y: np.ndarray, kinds: np.ndarray) -> dict:
    human = kinds == "human"
    out = {"auroc": auroc(y, p), "human_below_40": float(np.mean(p[human] >= 0.6))}
    for rate, v in detection_at_false_alarm(p[human], p[~human], FALSE_ALARMS).items():
        out[f"caught_at_{rate}"] = v["detected"]
    for k in sorted(set(kinds) - {"human"}):
        m = human | (kinds == k)
        out[f"auroc_{k}"] = auroc(y[m], p[m])
    return out


def refits(path: Path, k: int) -> list[dict]:
    names, recs, probes = _load(path)
    recs = [r for r in recs if side(r["story"]) != "train"]  # the combiner and test sides
    rows = [r["row"] for r in recs]
    X, y = R.matrix(rows, names), np.array([r["y"] for r in recs])
    test = np.array([side(r["story"]) == "test" for r in recs])
    groups = np.array([r["story"] for r in recs])
    kinds = np.array([r["kind"] for r in recs])[test]
    stories = sorted(set(groups[~test]))
    out = []
    for i in range(k):
        sub = ~test
        if i:
            drop = set(np.random.default_rng(i).choice(stories, size=len(stories) // 10, replace=False))
            sub = sub & ~np.isin(groups, list(drop))
        model = R._fit(X[sub], y[sub], names, groups[sub])
        R.to_even_odds(model, float(np.mean(y[sub])))
        p = R._predict(model, [rows[j] for j in np.where(test)[0]])
        out.append(_figures(p, y[test], kinds))
        if probes:
            # The score users see: 100 x P(reliable) at even prior odds.
            for rec, q in zip(probes, R._predict(model, [r["row"] for r in probes])):
                out[-1][PROBE + rec["probe"]] = round(100.0 * (1.0 - float(q)), 2)
    return out


def compare(a: Path, b: Path, k: int = 8) -> str:
    ra, rb = refits(a, k), refits(b, k)
    lines = [f"{'figure':<22}{'A mean':>9}{'B mean':>9}{'B-A mean':>10}{'min':>9}{'max':>9}  same sign"]
    probes = []
    for key in ra[0]:
        if key not in rb[0]:
            continue
        va, vb = np.array([r[key] for r in ra]), np.array([r[key] for r in rb])
        if key.startswith(PROBE):
            probes.append(f"{key:<22}{va.mean():9.2f}{vb.mean():9.2f}{(vb - va).mean():+10.2f}"
                          f"{va.min():9.2f}{vb.min():9.2f}")
            continue
        d = vb - va
        same = bool(np.all(d > 0) or np.all(d < 0))
        lines.append(f"{key:<22}{va.mean():9.4f}{vb.mean():9.4f}{d.mean():+10.4f}{d.min():+9.4f}{d.max():+9.4f}  "
                     f"{'yes' if same else 'no'}")
    if probes:
        lines.append(f"{'probe score':<22}{'A mean':>9}{'B mean':>9}{'B-A mean':>10}{'A min':>9}{'B min':>9}")
        lines.extend(probes)
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m scorer.training.refit_compare", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--data", type=Path, default=None)
    d.add_argument("--models", type=Path, default=None)
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--probes", type=Path, default=None,
                   help="also score every .txt in this folder in each refit (texts whose score you pin)")
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    c.add_argument("--k", type=int, default=8)
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        print(f"{dump(args.data, args.models, args.out, probes=args.probes)} documents -> {args.out}")
    else:
        print(compare(args.a, args.b, args.k))
    return 0


if __name__ == "__main__":
    sys.exit(main())
