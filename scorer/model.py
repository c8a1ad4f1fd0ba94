"""Where the shipped models live and how they are loaded (JSON only, never pickle).

``models/`` at the top of the repository is installed as the package ``scorer._models``.
Facet models are ``facet_<family>.json``; the reliability model is ``reliability.json``.
``SPINSCORE_MODELS`` (or ``--models DIR``) points at another folder.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

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
    """A model file of either format (linear or tree ensemble), refused clearly when corrupt."""
    from .linmodel import read_model_json
    from .treemodel import FORMAT as TREES, TreeModel

    p = Path(path)
    d = read_model_json(p)
    if isinstance(d, dict) and d.get("format") == TREES:
        return TreeModel.from_dict(d, source=str(p))
    return LinearModel.from_dict(d, source=str(p))


@lru_cache(maxsize=32)
def _load_cached(path: str, mtime: float):
    return load_model(path)


def load_optional(path: Path):
    """The model at ``path``, or None when no such file exists (that facet/score is null).

    A file that exists but is corrupt raises :class:`~scorer.errors.ModelError`.
    """
    if not path.exists():
        return None
    return _load_cached(str(path), path.stat().st_mtime)
