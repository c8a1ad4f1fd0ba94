"""The one per-key memo the hot paths share: looked up in C, bounded in keys and key length.

Per-word work (a word's syllables, its shape, its CRC cells) does not depend on the article, so
it is done once per distinct word; ``list(map(cache.__getitem__, words))`` then costs one
C-level pass over a text's words. A batch reads millions of distinct words over a run, so
every such memo must be bounded: a plain dict grew without end (pyphen's own per-word cache
reached 108 MB after 1,500 articles of unseen words).
"""
from __future__ import annotations

from typing import Callable


class BoundedCache(dict):
    """``key -> make(key)``, made on a miss, so ``map(cache.__getitem__, keys)`` runs in C for
    every key seen before. Bounded: cleared when it holds ``max_keys`` keys, and keys longer
    than ``max_key_len`` characters are made each time, never kept (a 5 MB input of unique
    words, or one long run, must not grow it without end)."""

    def __init__(self, make: Callable[[str], object], max_keys: int, max_key_len: int) -> None:
        super().__init__()
        self._make = make
        self._max_keys = max_keys
        self._max_key_len = max_key_len

    def __missing__(self, key: str):
        value = self._make(key)
        if len(key) <= self._max_key_len:
            if len(self) >= self._max_keys:
                self.clear()
            self[key] = value
        return value
