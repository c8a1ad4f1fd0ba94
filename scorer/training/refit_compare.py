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


def dump(data: Optional[Path], models: Optional[Path], out: Path, jobs: int = 2) -> int:
    docs, rows, _X, y, names = R.featurise(assemble(data_dir(data)), models, jobs)
    with gzip.open(out, "wt") as fh:
        fh.write(json.dumps({"names": list(names)}) + "\n")
        for d, r, yy in zip(docs, rows, y):
            fh.write(json.dumps({"story": d.story, "kind": d.kind, "y": int(yy), "row": r}) + "\n")
    return len(docs)


def _load(path: Path):
    with gzip.open(path, "rt") as fh:
        names = json.loads(fh.readline())["names"]
        recs = [json.loads(line) for line in fh]
    return names, recs


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
    names, recs = _load(path)
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
    return out


def compare(a: Path, b: Path, k: int = 8) -> str:
    ra, rb = refits(a, k), refits(b, k)
    lines = [f"{'figure':<22}{'A mean':>9}{'B mean':>9}{'B-A mean':>10}{'min':>9}{'max':>9}  same sign"]
    for key in ra[0]:
        va, vb = np.array([r[key] for r in ra]), np.array([r[key] for r in rb])
        d = vb - va
        same = bool(np.all(d > 0) or np.all(d < 0))
        lines.append(f"{key:<22}{va.mean():9.4f}{vb.mean():9.4f}{d.mean():+10.4f}{d.min():+9.4f}{d.max():+9.4f}  "
                     f"{'yes' if same else 'no'}")
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m scorer.training.refit_compare", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--data", type=Path, default=None)
    d.add_argument("--models", type=Path, default=None)
    d.add_argument("--out", type=Path, required=True)
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    c.add_argument("--k", type=int, default=8)
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        print(f"{dump(args.data, args.models, args.out)} documents -> {args.out}")
    else:
        print(compare(args.a, args.b, args.k))
    return 0


if __name__ == "__main__":
    sys.exit(main())
