"""spinscore: offline scoring of news articles for source quality and AI-spin.

    >>> import scorer
    >>> report = scorer.score_file("seeds/002_e0444446a155daab.txt")
    >>> report.score, report.verdict, report.facets
    >>> for row in scorer.score_folder("seeds"): ...

Every number comes with its evidence: ``report.reasons`` lists the features that moved the
score, each with the exact spans of text (offsets into the article body + snippet).
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

__version__ = "0.1.0"

from .article import Article, Paragraph
from .errors import InputError, ModelError, SpinscoreError
from .ingest import load_article, parse_text
from .report import SCHEMA_VERSION, Reason, Report
from .scoring import Scorer


@lru_cache(maxsize=4)
def _default_scorer(models_dir: Optional[str] = None) -> Scorer:
    return Scorer(models_dir=Path(models_dir) if models_dir else None)


def score_text(text: str, *, name: str = "", models_dir: Optional[str] = None) -> Report:
    """Score article text given as a string (text, Markdown, HTML or JSON)."""
    return _default_scorer(models_dir).score_text(text, name=name)


def score_file(path: str | os.PathLike, *, models_dir: Optional[str] = None) -> Report:
    """Score one file. Input problems give a report with ``status == "error"``, not an exception."""
    return _default_scorer(models_dir).score_file(path)


def score_folder(folder: str | os.PathLike, *, models_dir: Optional[str] = None,
                 progress: bool = False, **walk_options) -> Iterator[Report]:
    """Yield a report per file under ``folder`` (sorted; one per file, errors included)."""
    from .batch import WalkIssue, walk

    paths = list(walk(folder, **walk_options))
    scorer = _default_scorer(models_dir)
    for i, p in enumerate(paths, 1):
        if progress:
            print(f"\r{i}/{len(paths)} {os.path.basename(p)[:40]:<40}", end="", flush=True)
        if isinstance(p, WalkIssue):  # a folder it cannot list, a named pipe, a link loop
            yield Report.failed(p, p.code, p.message)
            continue
        yield scorer.score_file(p)
    if progress:
        print()


def __getattr__(name: str):
    if name == "ArticleFeatures":  # sklearn import deferred until asked for
        from .transformer import ArticleFeatures

        return ArticleFeatures
    if name == "to_frame":  # pandas import deferred until asked for
        from .frame import to_frame

        return to_frame
    raise AttributeError(name)


__all__ = [
    "Article", "Paragraph", "Report", "Reason", "Scorer", "SCHEMA_VERSION", "ArticleFeatures",
    "InputError", "ModelError", "SpinscoreError", "load_article", "parse_text", "score_file",
    "score_folder", "score_text", "to_frame", "__version__",
]
