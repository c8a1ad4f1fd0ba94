"""Batch scoring: walk a folder, score files in parallel, stream rows to JSONL or CSV.

Exactly one row per input file (per HTML record for a WARC archive), written and flushed as it
comes, in a deterministic order (sorted paths, archive order). An interrupted run leaves a valid
file: every line written is a whole row (a run killed mid-write may leave a partial last line;
``--resume`` repairs it). ``--resume`` continues into an existing JSONL output, skipping every
input whose (path, sha256) it already holds.
"""
from __future__ import annotations

import csv
import fnmatch
import hashlib
import io
import json
import os
import sys
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

from . import errors
from .report import FACETS, Report
from .warc import is_warc

ROW_ERROR_INTERNAL = errors.InternalError.code  # one code for "a bug in spinscore"


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


def content_key(path: str, max_bytes: int) -> Optional[str]:
    """The ``sha256`` a row for ``path`` carries: of the bytes the scorer reads, or None when it
    cannot read them (missing, unreadable, over ``max_bytes``). ``--resume`` matches on it."""
    from .ingest import read_bytes

    try:
        return hashlib.sha256(read_bytes(path, max_bytes)).hexdigest()
    except errors.SpinscoreError:
        return None


def _file_sha(path: str) -> Optional[str]:
    """SHA-256 of a whole file of any size, read in blocks (for a corrupt archive's row)."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def score_path(path: str) -> dict:
    """Score one path into a row dict; never raises (a crash becomes an ``error`` row)."""
    try:
        assert _scorer is not None
        return _scorer.score_file(path).to_dict()
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
        sha = content_key(path, _scorer.max_bytes) if _scorer is not None else None
        return Report.failed(path, ROW_ERROR_INTERNAL, f"{type(exc).__name__}: {exc}", sha256=sha).to_dict()


def score_page(page) -> dict:
    """Score one WARC record (:class:`scorer.warc.WarcPage`) into a row dict; never raises."""
    from .warc import score_page as _score

    try:
        assert _scorer is not None
        return _score(_scorer, page).to_dict()
    except Exception as exc:  # noqa: BLE001
        return Report.failed(page.path, ROW_ERROR_INTERNAL, f"{type(exc).__name__}: {exc}",
                             sha256=page.sha256).to_dict()


# A task is ("file", path), ("page", WarcPage) or ("row", row) for a row made in the parent
# (a corrupt archive). Workers turn tasks into rows.
def _score_task(task: tuple) -> dict:
    kind, item = task
    if kind == "file":
        return score_path(item)
    if kind == "page":
        return score_page(item)
    return item


def _score_chunk(chunk: list) -> list[dict]:
    return [_score_task(t) for t in chunk]


# ---- resuming ----------------------------------------------------------------------------------
class ResumeState:
    """What an existing output already holds, as (path, sha256) keys, without its rows.

    ``check`` says whether an input is done; rows of the same path with another key are
    *stale* (the file was edited since) and :func:`drop_stale` removes them once the run is done.
    """

    def __init__(self) -> None:
        self.rows: dict[str, dict[Optional[str], bool]] = {}  # path -> {sha256: status ok}
        self.stale: set[tuple[str, Optional[str]]] = set()
        self.skipped = 0
        self.skipped_errors = 0
        self.dropped_bytes = 0  # a partial last line cut off before appending

    def __len__(self) -> int:
        return sum(len(v) for v in self.rows.values())

    def add(self, path: str, sha256: Optional[str], ok: bool) -> None:
        self.rows.setdefault(path, {})[sha256] = ok

    def has(self, path: str) -> bool:
        return path in self.rows

    def check(self, path: str, key: Optional[str]) -> bool:
        """True when ``path`` with content ``key`` is already in the output (skip it)."""
        keys = self.rows.get(path)
        if not keys:
            return False
        self.stale.update((path, k) for k in keys if k != key)
        if key in keys:
            self.skipped += 1
            self.skipped_errors += not keys[key]
            return True
        return False

    def supersede(self, path: str) -> None:
        """Every row keyed by bare ``path`` is stale (an archive that now reads cleanly)."""
        self.stale.update((path, k) for k in self.rows.get(path, {}))


def scan_output(out: str | os.PathLike) -> tuple[ResumeState, int]:
    """Read an existing JSONL output streaming: its keys, and the byte length of its whole rows
    (a partial last line, left by a killed run, is not counted: the caller cuts it off)."""
    state = ResumeState()
    end = 0
    with open(out, "rb") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.endswith(b"\n"):
                break  # killed mid-write
            if not line.strip():
                end += len(line)
                continue
            try:
                row = json.loads(line)
            except ValueError:
                if fh.read(1):
                    raise errors.SpinscoreError(
                        f"{out}: line {lineno} is not a JSON row; is it a spinscore batch output? "
                        "(refusing to --resume into it)") from None
                break  # a damaged last line
            if not isinstance(row, dict) or not isinstance(row.get("path"), str):
                raise errors.SpinscoreError(
                    f"{out}: line {lineno} is not a spinscore row (no path); refusing to --resume into it")
            state.add(row["path"], row.get("sha256"), row.get("status") == "ok")
            end += len(line)
    state.dropped_bytes = os.path.getsize(out) - end
    return state, end


def open_output(out: str | os.PathLike, feature_names: list[str], *, resume: bool = False):
    """Open ``out`` for a batch: ``(file, writer, state)``. Without ``resume`` the file is
    overwritten and ``state`` is None; with it, a JSONL file is scanned, a partial last line cut
    off, and rows are appended. CSV cannot resume: a quoted field may hold newlines, so a
    half-written row cannot be told from a whole one."""
    out = Path(out)
    is_csv = out.suffix.lower() == ".csv"
    if resume and is_csv:
        raise errors.SpinscoreError(
            f"--resume needs a JSONL output, not CSV ({out}); write .jsonl and convert afterwards")
    state = None
    try:
        if resume:
            state = ResumeState()
            if out.is_file() and out.stat().st_size:
                state, end = scan_output(out)
                if state.dropped_bytes:
                    os.truncate(out, end)
            fh = open(out, "a", encoding="utf-8", newline="")
        else:
            fh = open(out, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise errors.SpinscoreError(f"cannot write {out}: {exc.strerror or exc}") from None
    writer = CsvWriter(fh, feature_names) if is_csv else JsonlWriter(fh)
    return fh, writer, state


def drop_stale(out: str | os.PathLike, state: ResumeState) -> int:
    """Remove the rows ``state`` found stale (streaming copy, atomic replace); how many."""
    if not state.stale:
        return 0
    out = Path(out)
    tmp = out.with_name(out.name + ".resume-tmp")
    dropped = 0
    with open(out, "rb") as src, open(tmp, "wb") as dst:
        for line in src:
            try:
                row = json.loads(line)
                key = (row.get("path"), row.get("sha256"))
            except (ValueError, AttributeError):
                key = None
            if key in state.stale:
                dropped += 1
                continue
            dst.write(line)
    os.replace(tmp, out)
    return dropped


def tasks_for(paths: Iterable[str], *, max_bytes: int, state: Optional[ResumeState] = None) -> Iterator[tuple]:
    """The work for ``paths`` in order: a file each, a record each for WARC archives, minus what
    ``state`` says is done."""
    for p in paths:
        if is_warc(p):
            yield from _archive_tasks(p, max_bytes, state)
        elif state is not None and state.has(p) and state.check(p, content_key(p, max_bytes)):
            continue
        else:
            yield ("file", p)


def _archive_tasks(path: str, max_bytes: int, state: Optional[ResumeState]) -> Iterator[tuple]:
    from .warc import iter_pages

    try:
        for page in iter_pages(path, max_bytes=max_bytes):
            if state is not None and state.has(page.path) and state.check(page.path, page.sha256):
                continue
            yield ("page", page)
    except errors.SpinscoreError as exc:  # one error row for the archive; its good records stay
        sha = None if isinstance(exc, errors.Unreadable) else _file_sha(path)
        if state is not None and state.has(path) and state.check(path, sha):
            return
        yield ("row", Report.failed(path, exc.code, exc.message, sha256=sha).to_dict())
    else:
        if state is not None:
            state.supersede(path)


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
    skipped: int = 0  # --resume: already in the output
    skipped_errors: int = 0  # of which error rows

    @property
    def failed(self) -> bool:
        """Some row of the output (written now or kept from before) is an error."""
        return bool(self.errors or self.skipped_errors)

    @property
    def rate(self) -> float:
        return self.total / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        s = (f"{self.total} file(s): {self.ok} ok, {self.errors} error(s) in {self.seconds:.1f} s "
             f"({self.rate:.1f} articles/s)")
        if self.skipped:
            s += f"; {self.skipped} skipped, already in the output ({self.skipped_errors} error(s))"
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


CHUNK = 4  # tasks per message to a worker
WINDOW = 2  # chunks in flight per worker: bounds memory (WARC payloads) while keeping workers busy


def _ordered(pool, tasks: Iterable[tuple], jobs: int) -> Iterator[dict]:
    """Rows in task order from the pool, with at most ``jobs * WINDOW`` chunks in flight
    (``Pool.imap`` would read the whole task stream, i.e. whole archives, into its queue)."""
    pending: deque = deque()
    chunk: list = []

    def submit() -> None:
        pending.append(pool.apply_async(_score_chunk, (list(chunk),)))
        chunk.clear()

    for task in tasks:
        chunk.append(task)
        if len(chunk) == CHUNK:
            submit()
            while len(pending) >= jobs * WINDOW:
                yield from pending.popleft().get()
    if chunk:
        submit()
    while pending:
        yield from pending.popleft().get()


def run_batch(paths: Iterable[str], writer, *, jobs: int = 1, models_dir: Optional[Path] = None,
              max_bytes: int = 5_000_000, progress: Optional[Progress] = None,
              resume: Optional[ResumeState] = None) -> Summary:
    """Score ``paths`` (WARC archives record by record) and hand each row to ``writer`` in input
    order, skipping what ``resume`` says the output already holds."""
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
        tasks = tasks_for(paths, max_bytes=max_bytes, state=resume)
        if jobs <= 1:
            consume(_score_task(t) for t in tasks)
        else:
            import multiprocessing as mp

            fork = sys.platform.startswith("linux")
            ctx = mp.get_context("fork" if fork else "spawn")
            pool = (ctx.Pool(jobs) if fork else
                    ctx.Pool(jobs, initializer=_init_worker, initargs=(models_dir, max_bytes)))
            consume(_ordered(pool, tasks, jobs))
            pool.close()
            pool.join()
    except KeyboardInterrupt:
        summary.interrupted = True
        if pool is not None:
            pool.terminate()
    finally:
        if resume is not None:
            summary.skipped, summary.skipped_errors = resume.skipped, resume.skipped_errors
        summary.seconds = time.monotonic() - t0
        progress.update(summary, force=True)
        progress.close()
    return summary
