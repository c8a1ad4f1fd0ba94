"""Feature families. Each built-in module registers its extractor when imported.

To add a family: write ``scorer/features/<name>.py`` with an :class:`Extractor` subclass,
call :func:`register` at import, and list the module in ``BUILTINS``.
"""
from __future__ import annotations

import importlib

from .base import Evidence, Extractor, FeatureResult, FeatureSpec, feature_names, register, registered

BUILTINS = ("boilerplate", "readability", "mt", "citations", "ai_style")
_loaded = False


def load_builtins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for name in BUILTINS:
        try:
            importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            # A family not built yet is simply absent (its facet stays null).
            if exc.name != f"{__name__}.{name}":
                raise


__all__ = ["Evidence", "Extractor", "FeatureResult", "FeatureSpec", "feature_names", "register",
           "registered", "load_builtins", "BUILTINS"]
