"""Where the shipped models live and how they are loaded (JSON only, never pickle).

``models/`` at the top of the repository is installed as the package ``scorer._models``.
Facet models are ``facet_<family>.json``; the reliability model is ``reliability.json``.
``SPINSCORE_MODELS`` (or ``--models DIR``) points at another folder.
"""
from __future__ import annotations

import math
import os
from functools import lru_cache
from pathlib import Path

from .errors import ModelError
from .linmodel import LinearModel


def default_models_dir() -> Path:
    env = os.environ.get("SPINSCORE_MODELS")
    if env:
        return Path(env)
    try:
        from importlib.resources import files

        return Path(str(files("scorer._models")))
    except (ModuleNotFoundError, TypeError):
        return Path(__file__).resolve().parent.parent / "models"


def facet_model_path(family: str, models_dir: Path | None = None) -> Path:
    return (models_dir or default_models_dir()) / f"facet_{family}.json"


def reliability_model_path(models_dir: Path | None = None) -> Path:
    return (models_dir or default_models_dir()) / "reliability.json"


def load_model(path: str | Path):
    """A model file of either format (linear or tree ensemble), refused clearly when corrupt.

    Every refusal is a :class:`~scorer.errors.ModelError` whose message names the file: not
    JSON or cut short, another format or format version, missing or mistyped fields, arrays of
    different lengths, non-finite numbers (NaN/Infinity are valid to Python's JSON reader),
    tree nodes that point outside the tree or back up it (which would loop forever).
    """
    from .linmodel import FORMAT as LINEAR, read_model_json
    from .treemodel import FORMAT as TREES, TreeModel

    p = Path(path)
    d = read_model_json(p)
    if not isinstance(d, dict):
        raise ModelError(f"{p}: not a spinscore model (a JSON object with a 'format' field expected)")
    fmt = d.get("format")
    if fmt not in (LINEAR, TREES):
        raise ModelError(f"{p}: model format {fmt!r} is not one this version of spinscore reads "
                         f"({LINEAR!r} or {TREES!r}); was it written by another version? "
                         "Retrain with `spinscore train` or use the matching spinscore")
    model = TreeModel.from_dict(d, source=str(p)) if fmt == TREES else LinearModel.from_dict(d, source=str(p))
    _validate(model, str(p))
    return model


def _finite(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _validate(model, source: str) -> None:
    """Checks the per-format loaders leave out (numbers finite, features named, trees acyclic,
    calibration usable): a tampered file must fail here, not as NaN scores or a hang later."""
    if not all(isinstance(f, str) for f in model.features):
        raise ModelError(f"{source}: feature names must be strings")
    if len(set(model.features)) != len(model.features):
        raise ModelError(f"{source}: the feature list names a feature twice")
    cal = model.calibration
    method = cal.get("method", "none")
    if method == "platt":
        if not (_finite(cal.get("a")) and _finite(cal.get("b"))):
            raise ModelError(f"{source}: platt calibration needs finite numbers a and b")
    elif method == "isotonic":
        xs, ys = cal.get("x"), cal.get("y")
        if not (isinstance(xs, list) and isinstance(ys, list) and xs and len(xs) == len(ys)
                and all(map(_finite, xs + ys)) and xs == sorted(xs)):
            raise ModelError(f"{source}: isotonic calibration needs sorted finite x and y of one length")
    elif method != "none":
        raise ModelError(f"{source}: unknown calibration method {method!r}")
    if hasattr(model, "trees"):
        if not _finite(model.baseline):
            raise ModelError(f"{source}: model holds non-finite numbers (baseline)")
        for i, t in enumerate(model.trees):
            if not all(map(_finite, t["threshold"] + t["value"])):
                raise ModelError(f"{source}: tree {i} holds non-finite numbers")
            ints = t["feature"] + t["left"] + t["right"]
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in ints):
                raise ModelError(f"{source}: tree {i} has non-integer node indices")
            for node, is_leaf in enumerate(t["leaf"]):
                if not is_leaf and not (t["left"][node] > node and t["right"][node] > node):
                    raise ModelError(f"{source}: tree {i} node {node} points back up the tree")


def used_features(model) -> set[str]:
    """The features a model's prediction can depend on: split on by some tree, or with a
    non-zero coefficient."""
    if hasattr(model, "trees"):
        return {model.features[f] for t in model.trees
                for f, leaf in zip(t["feature"], t["leaf"]) if not leaf}
    return {f for f, c in zip(model.features, model.coef) if c != 0.0}


def check_models_dir(models_dir: Path | None = None, *, require_models: bool = True) -> None:
    """Refuse a models folder the scorer would silently half-use: missing, not a folder, with
    no model file at all (``require_models``), or whose reliability model reads a facet risk
    (``facet.mt``) whose ``facet_mt.json`` is not beside it: that facet would be null for every
    article and the score would quietly change meaning."""
    d = models_dir or default_models_dir()
    if not d.is_dir():
        raise ModelError(f"models folder not found: {d}" if not d.exists() else f"models folder {d} is not a folder")
    rel = reliability_model_path(d)
    if require_models and not rel.exists() and not any(d.glob("facet_*.json")):
        raise ModelError(f"no model files in {d} (reliability.json, facet_*.json); "
                         "is it a spinscore models folder? (`spinscore train --out DIR` writes one)")
    model = load_optional(rel)
    if model is None:
        return
    for name in sorted(used_features(model)):
        if name.startswith("facet."):
            facet = facet_model_path(name[len("facet."):], d)
            if not facet.exists():
                raise ModelError(f"{rel}: uses the {name[len('facet.'):]} facet risk, but {facet} is missing; "
                                 "copy it from the same training run or retrain")


@lru_cache(maxsize=32)
def _load_cached(path: str, mtime: float):
    return load_model(path)


def load_optional(path: Path):
    """The model at ``path``, or None when no such file exists (that facet/score is null).

    A file that exists but is corrupt raises :class:`~scorer.errors.ModelError`.
    """
    if not path.exists():
        if not path.parent.is_dir():  # a mistyped --models / SPINSCORE_MODELS: say so, not null
            raise ModelError(f"models folder not found: {path.parent}")
        return None
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise ModelError(f"model file {path} is unreadable: {exc.strerror or exc}") from None
    return _load_cached(str(path), mtime)
