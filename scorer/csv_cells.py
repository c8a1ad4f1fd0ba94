"""Spreadsheet-safe CSV cells: a text cell that a spreadsheet would run as a formula is written
with a leading ``'``, and read back without it.

Why: the CSV outputs (``spinscore batch --out X.csv``, ``score --format csv``, ``sites --out
X.csv``) hold titles, URLs, paths and snippets as hostile pages wrote them, and the people who
triage a crawl open such files in Excel or LibreOffice. A title ``=HYPERLINK("http://…","Click")``
is a live formula there (CSV injection, OWASP). A leading apostrophe is the usual guard: the
spreadsheet shows the text, and the quote is its text marker.

The guard is reversible, so spinscore's own readers of its CSVs (the copy-cluster pass that
rewrites a batch CSV, ``spinscore sites`` and the notebook frames reading one) see the values the
JSONL holds: :func:`guard` also quotes a value that starts with ``'`` followed by what it would
guard (``'=x`` is written ``''=x``), so :func:`unguard` is its exact inverse; "'Tis" is written as
it is. Only text cells change, and only those starting with ``= + - @``, a tab or a carriage
return; numbers are numbers (a score is never negative). Another tool reading the CSV sees the
quote on such cells: the JSONL output is the lossless form.
"""
from __future__ import annotations

from typing import Any

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _needs_guard(s: str) -> bool:
    i = 0
    while i < len(s) and s[i] == "'":  # quotes already there: guarded iff what follows would be
        i += 1
    return i < len(s) and s[i] in _TRIGGERS


def guard(value: Any) -> Any:
    """``value`` as a CSV cell a spreadsheet shows as text (see the module docstring)."""
    if isinstance(value, str) and value and value[0] in _TRIGGERS + ("'",) and _needs_guard(value):
        return "'" + value
    return value


def unguard(value: Any) -> Any:
    """The value :func:`guard` was given (cells written by older releases, unguarded, are read
    as they are unless they start with ``'`` followed by a formula character)."""
    if isinstance(value, str) and value[:1] == "'" and _needs_guard(value[1:]):
        return value[1:]
    return value


def guarded_row(row: dict) -> dict:
    return {k: guard(v) for k, v in row.items()}


def unguarded_row(row: dict) -> dict:
    return {k: unguard(v) for k, v in row.items()}
