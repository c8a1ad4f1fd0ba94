"""Batch scoring: walk a folder, score files in parallel, stream rows to JSONL or CSV.

Exactly one row per input file, written and flushed as it comes, in a deterministic order
(sorted paths). An interrupted run leaves a valid file: every line written is a whole row.
"""
from __future__ import annotations

import csv
import fnmatch
import io
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .report import FACETS, Report

ROW_ERROR_INTERNAL = "internal"


def walk(root: str | os.PathLike, include: Iterable[str] = (), exclude: Iterable[str] = (),
         hidden: bool = False, follow_symlinks: bool = False) -> Iterator[str]:
    """Files under ``root`` in sorted order.

    Hidden files/folders (dot-names) and symlinks are skipped unless asked for; globs match the
    path relative to ``root`` (and the bare file name), e.g. ``--include '*.html'``.
    """
    include, exclude = list(include), list(exclude)
    root = str(root)
    seen_dirs: set = set()

    def matches(rel: str, pats: list[str]) -> bool:
        name = os.path.basename(rel)
        return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in pats)

    def rec(d: str) -> Iterator[str]:
        try:
            st = os.stat(d)
            key = (st.st_dev, st.st_ino)
            if key in seen_dirs:  # symlink loop
                return
            seen_dirs.add(key)
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError:
            return
        for e in entries:
            if not hidden and e.name.startswith("."):
                continue
            try:
                is_link = e.is_symlink()
                if is_link and not follow_symlinks:
                    continue
                if e.is_dir(follow_symlinks=follow_symlinks):
                    yield from rec(e.path)
                    continue
            except OSError:
                pass
            rel = os.path.relpath(e.path, root)
            if include and not matches(rel, include):
                continue
            if exclude and matches(rel, exclude):
                continue
            yield e.path

    if os.path.isfile(root):
        yield root
        return
    yield from rec(root)


# ---- workers ---------------------------------------------------------------------------------
_scorer = None


def _init_worker(models_dir, max_bytes) -> None:
    global _scorer
    from .scoring import Scorer

    _scorer = Scorer(models_dir=models_dir, max_bytes=max_bytes)


def score_path(path: str) -> dict:
    """Score one path into a row dict; never raises (a crash becomes an ``error`` row)."""
    try:
        assert _scorer is not None
        return _scorer.score_file(path).to_dict()
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
        return Report.failed(path, ROW_ERROR_INTERNAL, f"{type(exc).__name__}: {exc}").to_dict()


# ---- writers ---------------------------------------------------------------------------------
class JsonlWriter:
    def __init__(self, fh: io.TextIOBase):
        self.fh = fh

    def write(self, row: dict) -> None:
        self.fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.fh.flush()


CSV_BASE = ["schema_version", "path", "status", "error", "error_code", "title", "date", "url",
            "language", "language_confidence", "source_format", "encoding", "sha256",
            "word_count", "score", "verdict"]


def csv_columns(feature_names: list[str]) -> list[str]:
    return CSV_BASE + [f"facet.{f}" for f in FACETS] + ["reasons"] + feature_names


def flatten(row: dict, feature_names: list[str]) -> dict:
    flat = {k: row.get(k) for k in CSV_BASE}
    for f in FACETS:
        flat[f"facet.{f}"] = (row.get("facets") or {}).get(f)
    flat["reasons"] = "; ".join(
        f"{r['feature']} ({r['contribution']:+.2f})" for r in row.get("reasons") or []
    )
    feats = row.get("features") or {}
    for f in feature_names:
        flat[f] = feats.get(f)
    return flat


class CsvWriter:
    def __init__(self, fh: io.TextIOBase, feature_names: list[str]):
        self.fh = fh
        self.names = feature_names
        self.w = csv.DictWriter(fh, fieldnames=csv_columns(feature_names), extrasaction="ignore")
        self.w.writeheader()
        fh.flush()

    def write(self, row: dict) -> None:
        self.w.writerow(flatten(row, self.names))
        self.fh.flush()


@dataclass
class Summary:
    total: int = 0
    ok: int = 0
    errors: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def rate(self) -> float:
        return self.total / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        s = (f"{self.total} file(s): {self.ok} ok, {self.errors} error(s) in {self.seconds:.1f} s "
             f"({self.rate:.1f} articles/s)")
        return s + (" — interrupted" if self.interrupted else "")


class Progress:
    """A one-line progress counter on a terminal; silent otherwise."""

    def __init__(self, enabled: bool, stream=sys.stderr):
        self.enabled = enabled
        self.stream = stream
        self.last = 0.0

    def update(self, s: Summary, force: bool = False) -> None:
        now = time.monotonic()
        if self.enabled and (force or now - self.last > 0.2):
            self.last = now
            self.stream.write(f"\r{s.total} scored, {s.ok} ok, {s.errors} error(s) ")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")


def run_batch(paths: Iterable[str], writer, *, jobs: int = 1, models_dir: Optional[Path] = None,
              max_bytes: int = 5_000_000, progress: Optional[Progress] = None) -> Summary:
    """Score ``paths`` and hand each row to ``writer`` in input order."""
    summary = Summary()
    progress = progress or Progress(False)
    t0 = time.monotonic()

    def consume(rows: Iterable[dict]) -> None:
        for row in rows:
            writer.write(row)
            summary.total += 1
            if row.get("status") == "ok":
                summary.ok += 1
            else:
                summary.errors += 1
            progress.update(summary)

    pool = None
    try:
        # Built in the parent first: a bad model file fails here, once, with a clear message,
        # and forked workers inherit the loaded models and tables instead of reloading them.
        _init_worker(models_dir, max_bytes)
        if jobs <= 1:
            consume(score_path(p) for p in paths)
        else:
            import multiprocessing as mp

            fork = sys.platform.startswith("linux")
            ctx = mp.get_context("fork" if fork else "spawn")
            pool = (ctx.Pool(jobs) if fork else
                    ctx.Pool(jobs, initializer=_init_worker, initargs=(models_dir, max_bytes)))
            consume(pool.imap(score_path, paths, chunksize=4))
            pool.close()
            pool.join()
    except KeyboardInterrupt:
        summary.interrupted = True
        if pool is not None:
            pool.terminate()
    finally:
        summary.seconds = time.monotonic() - t0
        progress.update(summary, force=True)
        progress.close()
    return summary
