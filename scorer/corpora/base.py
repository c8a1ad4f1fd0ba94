"""The record every corpus loader yields, and where the corpora live.

The corpora are not part of the package (licences, size): a user points ``--data`` (or
``SPINSCORE_DATA``) at a folder laid out like ``../shared/data`` (see README, "Retraining").
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..errors import SpinscoreError

# kind: what the document is. "human" is reliable reporting; the rest are defects.
KINDS = ("human", "mt", "llm", "spun", "boilerplate", "invented_refs")


class DataMissing(SpinscoreError):
    """A corpus file the command needs is not there."""

    code = "data_missing"


@dataclass(frozen=True)
class Doc:
    text: str
    kind: str  # one of KINDS
    source: str  # corpus name, e.g. "wmt21_ru-en", "xsum_gpt-4", "llmfake_politifact"
    story: str  # group id: every version of one story shares it (split on this!)
    fmt: str = "text"  # "text" or "html" (raw page) — how to feed it to the loader
    title: Optional[str] = None
    published: Optional[str] = None
    url: Optional[str] = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def reliable(self) -> int:
        return int(self.kind == "human")


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The corpora folder: ``explicit``, else $SPINSCORE_DATA, else ../shared/data next to the repo."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("SPINSCORE_DATA")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        cand = parent / "shared" / "data"
        if cand.is_dir():
            return cand
        cand = parent.parent / "shared" / "data"
        if cand.is_dir():
            return cand
    return Path("../shared/data")


def require(path: Path) -> Path:
    if not path.exists():
        raise DataMissing(f"corpus file not found: {path} (see README, 'Retraining', for where to get it)")
    return path
