"""Batch scoring: walk a folder, score files in parallel, stream rows to JSONL or CSV.

Exactly one row per input file (per HTML record for a WARC archive), written and flushed as it
comes, in a deterministic order (sorted paths, archive order). An interrupted run leaves a valid
file: every line written is a whole row (a run killed mid-write may leave a partial last line;
``--resume`` repairs it). ``--resume`` continues into an existing JSONL output, skipping every
input whose (path, sha256) it already holds.

Files are scored in worker processes the parent watches (:class:`WorkerPool`): a file that
takes longer than ``--timeout`` gets a ``timeout`` row and its worker is replaced; a worker that
dies costs only the file it held (``worker_died``). Every row passes :func:`finalise_row` before
it is written: in the parent, in input order, or, for a JSONL output, in the worker that scored
it, which sends the row as its line (:class:`EncodedRow`).
"""
from __future__ import annotations

import csv
import errno
import fnmatch
import gc
import hashlib
import io
import json
import math
import os
import re
import select
import stat
import signal
import sys
import time
from collections import deque
from heapq import heappop, heappush
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

from . import errors
from .batch_clusters import FIELDS, empty_fields, report_row, row_line
from .csv_cells import guarded_row
from .batch_clusters import TEMP_SUFFIX as CLUSTERS_TEMP_SUFFIX
from .caveats import codes as caveat_codes
from .report import FACETS, Report
from .scoring import ScorerSettings
from .remote import is_remote
from .dumps import array_records, is_dump, iter_records
from .warc import CaptureSet, is_warc, iter_pages



class WalkIssue(str):
    """A path the walk found but cannot hand over as a readable file: a folder it cannot list,
    a named pipe or device (reading one could block forever), a symbolic link loop or a broken
    link (with ``--follow-symlinks``). It is a ``str`` (the path) so callers that only list
    paths keep working; the batch turns it into one ``error`` row with ``code`` and ``message``."""

    code: str
    message: str

    def __new__(cls, path: str, code: str, message: str) -> "WalkIssue":
        self = super().__new__(cls, path)
        self.code, self.message = code, message
        return self

    def __reduce__(self):  # pickles as itself, not as a bare str
        return (WalkIssue, (str(self), self.code, self.message))


_FILE_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
               (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _not_a_file(path: str) -> WalkIssue:
    """Why an entry that is neither a folder nor a regular file cannot be scored."""
    code = errors.Unreadable.code
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return WalkIssue(path, code, f"symbolic link loop: {path} (too many levels of symbolic links)")
        if exc.errno == errno.ENOENT:
            return WalkIssue(path, code, f"broken symbolic link or vanished file: {path}")
        return WalkIssue(path, code, f"cannot read {path}: {exc.strerror or exc}")
    kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")
    return WalkIssue(path, code, f"{path} is {kind}, not a regular file (not read: it could block forever)")


def walk(root: str | os.PathLike, include: Iterable[str] = (), exclude: Iterable[str] = (),
         hidden: bool = False, follow_symlinks: bool = False) -> Iterator[str]:
    """Files under ``root`` in sorted order.

    Hidden files/folders (dot-names) and symlinks are skipped unless asked for; globs match the
    path relative to ``root`` (and the bare file name), e.g. ``--include '*.html'``. A folder
    that cannot be listed, a named pipe or device, and (when following links) a link loop or
    broken link come out as :class:`WalkIssue` (an ``error`` row each), never silently dropped.
    A folder reached a second time through a followed link is not walked again, and a file
    reached by two names (a link and its target, two links) is handed over once, under the name
    met first in sorted order: two rows of one file would make it a copy cluster of itself
    (only when following links, the one case where it can happen: the walk then keeps the
    device and inode of every file, ~100 bytes each).
    """
    include, exclude = list(include), list(exclude)
    root = str(root)
    seen_dirs: set = set()
    seen_files: set = set()

    def matches(rel: str, pats: list[str]) -> bool:
        name = os.path.basename(rel)
        return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in pats)

    def wanted(path: str) -> bool:
        if not include and not exclude:  # the usual run: no relative path to work out per file
            return True
        rel = os.path.relpath(path, root)
        return not (include and not matches(rel, include)) and not (exclude and matches(rel, exclude))

    def rec(d: str) -> Iterator[str]:
        try:
            st = os.stat(d)
            key = (st.st_dev, st.st_ino)
            if key in seen_dirs:  # a followed link back to a folder already walked
                return
            seen_dirs.add(key)
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            if not (exclude and matches(os.path.relpath(d, root), exclude)):
                yield WalkIssue(d, errors.Unreadable.code,
                                f"cannot list folder {d}: {exc.strerror or exc}; its files were not scored")
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
                regular = e.is_file(follow_symlinks=follow_symlinks)
            except OSError:  # a link loop, a vanished entry: _not_a_file says which
                regular = False
            if not wanted(e.path):
                continue
            if regular and follow_symlinks:
                try:
                    st = e.stat()  # follows the link: the file it names
                    key = (st.st_dev, st.st_ino)
                except OSError:
                    key = None
                if key is not None:
                    if key in seen_files:
                        continue
                    seen_files.add(key)
            yield e.path if regular else _not_a_file(e.path)

    if os.path.isfile(root):
        yield root
        return
    yield from rec(root)


def without_outputs(paths: Iterable[str], outputs: Iterable[str | os.PathLike],
                    root: str | os.PathLike) -> Iterator[str]:
    """``paths`` minus the run's own output files: an ``--out`` inside the folder being scored
    would otherwise be read while it is written (matched by device and inode, so any spelling
    of the path is caught; nothing is checked when no output lies under ``root``)."""
    skip = set()
    top = Path(root).resolve()
    for p in outputs:
        if Path(p).resolve().is_relative_to(top):
            try:
                st = os.stat(p)
                skip.add((st.st_dev, st.st_ino))
            except OSError:
                pass
    for p in paths:
        if skip:
            try:
                st = os.stat(p)
                if (st.st_dev, st.st_ino) in skip:
                    continue
            except OSError:
                pass
        yield p


# The files a run writes beside ``--out`` before an atomic replace: drop_stale's and
# batch_clusters.annotate's. A run stopped in either pass leaves one.
TEMP_SUFFIXES = (".resume-tmp", CLUSTERS_TEMP_SUFFIX)


def run_outputs(out: str | os.PathLike) -> list[Path]:
    """``out`` and its temporary files: what a walk must not score when ``--out`` lies in the
    folder (a temporary file left by an interrupted run would otherwise get a row)."""
    out = Path(out)
    return [out] + [out.with_name(out.name + suffix) for suffix in TEMP_SUFFIXES]


def input_key(path: str) -> str:
    """What makes two inputs the same: the URL as written, or the file a local path resolves to
    (``in/a.txt``, ``./in/a.txt``, ``/abs/in/a.txt`` and a symbolic link to it are one file)."""
    from .remote import local_path

    path = local_path(path)
    return path if is_remote(path) else os.path.realpath(path)


def named_once(walked: Iterable[str], listed: list[str], repeats: list[str]) -> Iterator[str]:
    """``walked`` (a folder walk, which never repeats a file) then ``listed`` (an
    ``--input-list``), each input once: a listed input that the walk found, or that the listing
    named before, is left out and appended to ``repeats``. Scoring it twice would give one file
    two rows and make it a copy cluster of itself. Only the listing's keys are held (it is in
    memory already), so a walk of any size stays streamed."""
    keys = {input_key(p) for p in listed}
    seen: set[str] = set()
    for p in walked:
        if keys:
            k = input_key(p)
            if k in keys:
                seen.add(k)
        yield p
    for p in listed:
        k = input_key(p)
        if k in seen:
            repeats.append(p)
            continue
        seen.add(k)
        yield p


# ---- workers ---------------------------------------------------------------------------------
_scorer = None
# Copy clusters on: ok rows carry a fingerprint and every row the cluster fields (set by
# run_batch, inherited by forked workers, passed to spawned ones).
_with_fingerprint = True


def load_scorer(settings: ScorerSettings = ScorerSettings()):
    """Build the scorer every task of this process uses (the parent builds it first: a bad model
    file fails there, once, before any output is written; forked workers inherit it)."""
    global _scorer
    from .model import check_models_dir

    check_models_dir(settings.models_dir)
    _scorer = settings.build()
    return _scorer


# One tiny article per input path (text, HTML, WordPress JSON, not English): the first article
# of each kind loads lazy tables and parsers (about 4 s in all). Done once in the parent before
# the workers fork, so they share the loaded state instead of each paying for it, and so the
# first file a fresh worker gets is not charged that time against --timeout.
_WARM_UP = (
    ("warm.txt", "City council approves budget\n\nThe city council approved a new budget on Tuesday, "
                 "the mayor's office said. Council member Rosa Lindqvist said it adds two libraries.\n"),
    ("warm.html", "<!DOCTYPE html><html><head><title>Budget</title></head><body><article><h1>Budget</h1>"
                  "<p>The city council approved a new budget on Tuesday, the mayor's office said.</p>"
                  "<p>Council member Rosa Lindqvist said it adds two libraries.</p></article></body></html>"),
    ("warm.json", '{"title": {"rendered": "Budget"}, "date": "2024-05-01T10:00:00", "content": {"rendered": '
                  '"<p>The city council approved a new budget on Tuesday, the mayor said.</p>"}}'),
    ("warm_fr.txt", "Le conseil municipal a approuvé un nouveau budget mardi, a déclaré la mairie. "
                    "Deux bibliothèques seront construites.\n"),
)


def warm_up(scorer) -> None:
    """Score the :data:`_WARM_UP` articles and discard the reports; build the lazy tables a
    batch will need sooner or later (forked workers then share them instead of each building
    its own).

    The garbage collector is paused meanwhile: loading makes many new objects, none of them
    garbage, and each full collection the allocations set off walked all of them again (three
    per start-up, nothing collected: ~0.25 s of ~1.25 s when langdetect's profiles and wordfreq's
    list were still Python lists and dicts; both are numpy arrays now, see
    :mod:`scorer.language` and :mod:`scorer.features.word_freq`). A forked pool freezes what is
    loaded right after."""
    paused = gc.isenabled()
    gc.disable()
    try:
        for name, text in _WARM_UP:
            scorer.score_text(text, name=name)
        from .features.mt_spinswap import expected_spelling

        expected_spelling(0)  # the swap-in-context spelling index (~0.07 s), used by the first hit
    finally:
        if paused:
            gc.enable()


def content_key(path: str, max_bytes: int) -> Optional[str]:
    """The ``sha256`` a row for ``path`` carries: of the bytes the scorer reads, or None when it
    cannot read them (missing, unreadable, over ``max_bytes``). ``--resume`` matches on it."""
    from .ingest import read_bytes

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a named pipe would block this process
            return None
        return hashlib.sha256(read_bytes(path, max_bytes)).hexdigest()
    except (OSError, errors.SpinscoreError):
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


def _row(report: Report) -> dict:
    return report_row(report, _with_fingerprint)


def score_path(path: str) -> dict:
    """Score one path into a row dict; never raises (a crash becomes an ``error`` row)."""
    try:
        assert _scorer is not None
        return _row(_scorer.score_file(path))
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
        sha = content_key(path, _scorer.max_bytes) if _scorer is not None else None
        return Report.crashed(path, exc, sha256=sha).to_dict()


def score_page(page) -> dict:
    """Score one WARC record (:class:`scorer.warc.WarcPage`) into a row dict; never raises."""
    from .warc import score_page as _score

    try:
        assert _scorer is not None
        return _row(_score(_scorer, page))
    except Exception as exc:  # noqa: BLE001
        return Report.crashed(page.path, exc, sha256=page.sha256).to_dict()


@dataclass(frozen=True)
class TextTask:
    """One text to score by ``Scorer.score_bytes`` (a Spark table's cell: its UTF-8 bytes, the
    row's id as the path, its known title/date/url)."""

    data: bytes
    ident: Optional[str]
    known: Optional[dict] = None


def score_text_task(task: TextTask) -> dict:
    """Score one :class:`TextTask` into a row dict; never raises."""
    try:
        assert _scorer is not None
        return _row(_scorer.score_bytes(task.data, path=task.ident, known=task.known))
    except Exception as exc:  # noqa: BLE001
        return Report.crashed(task.ident, exc).to_dict()


# A task is ("file", path), ("page", WarcPage), ("text", TextTask) or ("row", row) for a row
# made in the parent (a corrupt archive). Workers turn tasks into rows.
def _score_task(task: tuple) -> dict:
    kind, item = task
    if kind == "file":
        return score_path(item)
    if kind == "page":
        return score_page(item)
    if kind == "text":
        return score_text_task(item)
    return item


def _task_name(task: tuple) -> Optional[str]:
    """What a task is called in a row's ``path`` (and by the test hook below)."""
    kind, item = task
    return item.path if kind == "page" else item.ident if kind == "text" else item


def _failed_row(task: tuple, exc: errors.SpinscoreError, max_bytes: int) -> dict:
    """The row for a task whose worker was stopped or died (made in the parent)."""
    kind, item = task
    if kind == "page":
        return Report.failed(item.path, exc.code, exc.message, sha256=item.sha256).to_dict()
    if kind == "text":
        return Report.failed(item.ident, exc.code, exc.message).to_dict()
    return Report.failed(item, exc.code, exc.message, sha256=content_key(item, max_bytes)).to_dict()


# ---- test hook -------------------------------------------------------------------------------
# FOR TESTS ONLY. SPINSCORE_TEST_FAULTS="die=a.txt,b.txt;hang=c.txt" makes a *worker process*
# misbehave when it is handed a file (a WARC record, a Spark table's row) with exactly that base
# name (path, record path or row id), so tests can prove that the pool survives without
# touching extractor code. Kinds: die (os._exit), segv (SIGSEGV), hang
# (sleeps), spin (a catastrophic regex: time spent in C code, where no Python signal handler
# runs). It is read only inside worker subprocesses, never by the library or in-process runs.
FAULTS_ENV = "SPINSCORE_TEST_FAULTS"
FAULT_KINDS = ("die", "segv", "hang", "spin")


def _test_faults() -> dict[str, str]:
    faults: dict[str, str] = {}
    for part in os.environ.get(FAULTS_ENV, "").split(";"):
        kind, _, names = part.partition("=")
        if kind.strip() in FAULT_KINDS:
            faults.update((n.strip(), kind.strip()) for n in names.split(",") if n.strip())
    return faults


def _inject_fault(kind: str) -> None:
    if kind == "die":
        os._exit(70)
    elif kind == "segv":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif kind == "hang":
        time.sleep(1e6)
    elif kind == "spin":
        re.match(r"(a+)+$", "a" * 64 + "b")


GC_YOUNG_THRESHOLD = 10_000


def _worker_main(conn, settings: ScorerSettings, build: bool, inherited: tuple = (), clusters: bool = True,
                 encode: bool = False) -> None:
    """A worker process: receive chunks of ``(index, task)``, send ``("row", index, row)`` back
    after each task (the parent times every file, not every chunk); with ``encode`` the row is
    sent as its JSONL line (:func:`encode_row`). ``inherited``: the parent's
    ends of every worker pipe, which a forked child holds copies of; closed at once, or the
    parent's death would never read as end-of-file here and the worker would outlive it."""
    global _with_fingerprint
    _with_fingerprint = clusters
    for c in inherited:
        c.close()
    # Ctrl-C on a terminal reaches the whole process group; the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        if build:
            warm_up(load_scorer(settings))
        faults = _test_faults()
        # Scoring allocates many short-lived containers, and while the per-word caches fill
        # (real news: new words every article) each 700 net allocations set off a young
        # collection: ~670 per 1,000 real articles, 0.2-0.3 ms an article. With 10,000 they are
        # ~30, ~0.1 ms an article less; peak RSS unchanged (237 MB on 2,000 real texts). The
        # worker is ours, so its collector settings are too (the library leaves them alone).
        gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
        conn.send(("ready", None, None))
        while True:
            chunk = conn.recv()
            if chunk is None:
                return
            for idx, task in chunk:
                if faults and task[0] != "row":
                    name = os.path.basename(str(_task_name(task)))
                    if name in faults:
                        _inject_fault(faults[name])
                row = _score_task(task)
                conn.send(("row", idx, encode_row(row) if encode else row))
    except (EOFError, OSError):
        return  # the parent is gone (killed, or stopped us): nobody to report to


# ---- resuming ----------------------------------------------------------------------------------
class ResumeState:
    """What an existing output already holds, as (path, sha256) keys, without its rows.

    ``check`` says whether an input is done; once the run is done, the rows of a path the run met
    whose key no input of that path had are *stale* (the file was edited since) and
    :func:`drop_stale` removes them. So are the lines in ``drop_lines``: failed rows to be
    retried (``--retry-failed``), and any row a later row of the same path and key replaced (a
    retry that was itself interrupted).

    Stale keys are worked out at the end, from every key met, not at each ``check``: two inputs
    may share a path (an archive whose records repeat a WARC-Record-ID gives two rows
    ``a.warc.gz#<id>``), and each one's row would otherwise make the other's stale.
    """

    def __init__(self) -> None:
        self.rows: dict[str, dict[Optional[str], bool]] = {}  # path -> {sha256: status ok}
        self.met: dict[str, set[Optional[str]]] = {}  # path checked -> its keys an input had
        self.superseded: set[str] = set()  # archives read whole: their bare-path rows are stale
        self.drop_lines: set[int] = set()  # 1-based line numbers in the output as scanned
        self.retried = 0
        self.skipped = 0
        self.skipped_errors = 0
        self.dropped_bytes = 0  # a partial last line cut off before appending
        self._resolved: Optional[dict[str, str]] = None  # resolved row path -> row path
        self._folders: Optional[dict[str, str]] = None  # folder -> resolved
        self._misses = 0

    def __len__(self) -> int:
        return sum(len(v) for v in self.rows.values())

    def add(self, path: str, sha256: Optional[str], ok: bool) -> None:
        self.rows.setdefault(path, {})[sha256] = ok

    def has(self, path: str) -> bool:
        return path in self.rows

    def refuse_respelled(self, path: str, key) -> None:
        """Raise when the input ``path``, which no row names, is a row's input under another
        spelling: the same file (resolved) with the same content ``key()``. The first run was
        given ``DIR`` otherwise (``crawl`` then ``/data/crawl``, or through a link): rows are
        keyed by the path as given, so every input would be scored again and the output would
        hold each twice. Only the first few inputs the output does not hold are looked at: a
        respelled ``DIR`` misses from its first input on, and the index of resolved row paths
        (built at the first miss) is dropped after them."""
        if self._misses >= RESPELLED_CHECKS or not self.rows:
            return
        self._misses += 1
        if self._resolved is None:
            self._resolved, self._folders = {}, {}
            for held in self.rows:
                if not is_remote(held):
                    self._resolved.setdefault(_resolved_path(held, self._folders), held)
        held = None if is_remote(path) else self._resolved.get(_resolved_path(path, self._folders))
        if self._misses >= RESPELLED_CHECKS:
            self._resolved = self._folders = None
        if held is not None and held != path and key() in self.rows[held]:
            raise Respelled(
                f"--resume: the output holds this input as {held}, this run names it {path}; rows are "
                "keyed by the path as given, so every input would be scored again and written twice. "
                "Give DIR as the first run did")

    def check(self, path: str, key: Optional[str]) -> bool:
        """True when ``path`` with content ``key`` is already in the output (skip it)."""
        keys = self.rows.get(path)
        if not keys:
            return False
        met = self.met.setdefault(path, set())
        if key in keys:
            met.add(key)
            self.skipped += 1
            self.skipped_errors += not keys[key]
            return True
        return False

    def supersede(self, path: str) -> None:
        """The archive (or dump) ``path`` now reads cleanly to its end: every row keyed by the
        bare ``path`` is stale, and so is every row of a record ``path#...`` that the read did
        not meet (a line taken out of a dump shifts the lines after it, and the row of its old
        last line would stay, a second row of that article)."""
        self.superseded.add(path)

    def _of_superseded(self, path: str) -> bool:
        """``path`` is ``archive#record`` of an archive read whole (a URL may hold a ``#``)."""
        i = path.find("#")
        while i != -1:
            if path[:i] in self.superseded:
                return True
            i = path.find("#", i + 1)
        return False

    def stale(self) -> set[tuple[str, Optional[str]]]:
        """The (path, sha256) keys of rows to remove, the run being done: those of a path met
        whose key no input had, those of a superseded path, and those of the records of a
        superseded archive that no input met."""
        out = {(p, k) for p, met in self.met.items() for k in self.rows[p] if k not in met}
        out.update((p, k) for p in self.superseded for k in self.rows.get(p, {}))
        if self.superseded:
            out.update((p, k) for p, keys in self.rows.items()
                       if p not in self.met and self._of_superseded(p) for k in keys)
        return out


class Respelled(errors.SpinscoreError):
    """``--resume`` with ``DIR`` spelled otherwise than the first run's: the run stops (it is no
    input's error, so an archive being read does not turn it into its error row)."""


RESPELLED_CHECKS = 16  # inputs not in the output looked up under their resolved path (--resume)


def _resolved_path(path: str, folders: dict[str, str]) -> str:
    """``path`` with its folder resolved (absolute, links followed; ``folders`` caches each
    folder's: a row path of an archive record, ``a.warc.gz#<id>``, names no file itself)."""
    folder, name = os.path.split(path)
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder)
    return os.path.join(real, name)


# Failures of the run, not of the input: another try may succeed. Input errors (empty, binary,
# malformed JSON, too large…) give the same row every time and are never retried.
RETRYABLE = frozenset({"timeout", "worker_died", "internal", "unreadable"})


def scan_output(out: str | os.PathLike, retry: frozenset = frozenset()) -> tuple[ResumeState, int]:
    """Read an existing JSONL output streaming: its keys, and the byte length of its whole rows
    (a partial last line, left by a killed run, is not counted: the caller cuts it off). Rows
    that failed with an ``error_code`` in ``retry`` are not kept: their inputs are scored again."""
    state = ResumeState()
    end = 0
    failed_at: dict[tuple[str, Optional[str]], int] = {}  # key -> line of its failed row
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
            end += len(line)
            key = (row["path"], row.get("sha256"))
            if key in failed_at:  # a failed row retried later (by an interrupted run): the later stands
                state.drop_lines.add(failed_at.pop(key))
            if row.get("status") != "ok":
                if row.get("error_code") in retry:
                    state.drop_lines.add(lineno)
                    state.retried += 1
                    continue
                failed_at[key] = lineno
            state.add(row["path"], row.get("sha256"), row.get("status") == "ok")
    state.dropped_bytes = os.path.getsize(out) - end
    return state, end


def open_output(out: str | os.PathLike, feature_names: list[str], *, resume: bool = False,
                clusters: bool = True, retry: frozenset = frozenset()):
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
                state, end = scan_output(out, retry)
                if state.dropped_bytes:
                    os.truncate(out, end)
            fh = open(out, "a", encoding="utf-8", newline="")
        else:
            fh = open(out, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise errors.SpinscoreError(f"cannot write {out}: {exc.strerror or exc}") from None
    writer = CsvWriter(fh, feature_names, clusters) if is_csv else JsonlWriter(fh)
    return fh, writer, state


def drop_stale(out: str | os.PathLike, state: ResumeState) -> int:
    """Remove the rows ``state`` found stale or marked to drop (streaming copy, atomic
    replace); how many."""
    stale = state.stale()
    if not stale and not state.drop_lines:
        return 0
    out = Path(out)
    tmp = out.with_name(out.name + TEMP_SUFFIXES[0])
    dropped = 0
    with open(out, "rb") as src, open(tmp, "wb") as dst:
        for lineno, line in enumerate(src, 1):
            if lineno in state.drop_lines:
                dropped += 1
                continue
            try:
                row = json.loads(line)
                key = (row.get("path"), row.get("sha256"))
            except (ValueError, AttributeError):
                key = None
            if key in stale:
                dropped += 1
                continue
            dst.write(line)
    os.replace(tmp, out)
    return dropped


def tasks_for(paths: Iterable[str], *, max_bytes: int, state: Optional[ResumeState] = None,
              listed: Iterable[str] = ()) -> Iterator[tuple]:
    """The work for ``paths`` in order: a file each, a record each for web archives, JSON Lines
    dumps and ``.json`` arrays of posts (:func:`~scorer.dumps.array_records`), minus what
    ``state`` says is done. A WET file whose WARC came earlier, or is among
    ``listed`` (a listing's archives, known before the run starts, in ``paths`` too), is not read
    (:class:`scorer.warc.CaptureSet`)."""
    captures = CaptureSet()
    captures.expect(listed)
    for p in paths:
        key = display_path(p)  # what the row's path will say (rows are keyed by it)
        if isinstance(p, WalkIssue):
            failed = (p.code, p.message)
        elif is_warc(p):
            dup = captures.duplicate(p)
            if dup is None:
                yield from _archive_tasks(p, max_bytes, state, iter_pages)
                continue
            failed = (dup.code, dup.message)
        elif is_dump(p):
            yield from _archive_tasks(p, max_bytes, state, iter_records)
            continue
        elif (items := array_records(p, max_bytes=max_bytes)) is not None:  # a JSON array of posts
            yield from _archive_tasks(p, max_bytes, state, lambda _path, max_bytes: iter(items))
            continue
        elif is_remote(p):  # --input-list names archives; a URL of anything else is not read
            failed = (errors.Unreadable.code, "only web archives (.warc, .warc.gz, .warc.wet.gz) and JSON "
                      "Lines dumps (.jsonl, .jsonl.gz) are read from a URL; download other files and score "
                      "their folder")
        elif state is not None and state.has(key) and state.check(key, content_key(p, max_bytes)):
            continue
        else:
            if state is not None and not state.has(key):
                state.refuse_respelled(key, lambda: content_key(p, max_bytes))
            yield ("file", p)
            continue
        if not (state is not None and state.has(key) and state.check(key, None)):
            yield ("row", Report.failed(p, *failed).to_dict())


def unread_file_report(path: str, exc: errors.SpinscoreError) -> Report:
    """The one row of a web archive or dump that could not be read (to its end), in the batch
    and the Spark job alike: its error and the whole file's hash (None for a URL or a file that
    could not be opened)."""
    sha = None if isinstance(exc, errors.Unreadable) else _file_sha(path)
    return Report.failed(path, exc.code, exc.message, sha256=sha)


def _archive_tasks(path: str, max_bytes: int, state: Optional[ResumeState], records) -> Iterator[tuple]:
    """A "page" task per record ``records(path, max_bytes=...)`` yields (a web archive's
    :func:`~scorer.warc.iter_pages`, a dump's :func:`~scorer.dumps.iter_records`), and one row
    for the file when reading it fails."""
    try:
        for page in records(path, max_bytes=max_bytes):
            key = display_path(page.path)
            if state is not None:
                if state.has(key):
                    if state.check(key, page.sha256):
                        continue
                else:
                    state.refuse_respelled(key, lambda: page.sha256)
            yield ("page", page)
    except Respelled:
        raise
    except errors.SpinscoreError as exc:  # one error row for the archive; its good records stay
        report = unread_file_report(path, exc)
        key = display_path(path)
        if state is not None and state.has(key) and state.check(key, report.sha256):
            return
        yield ("row", report.to_dict())
    else:
        if state is not None:
            state.supersede(display_path(path))


# ---- rows ------------------------------------------------------------------------------------
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _escape_surrogate(m: re.Match) -> str:
    cp = ord(m.group())
    return f"\\x{cp - 0xDC00:02x}" if 0xDC80 <= cp <= 0xDCFF else f"\\u{cp:04x}"


def display_path(path: str) -> str:
    """``path`` as valid Unicode text for a row. On Linux a file name is bytes; Python reads a
    byte that is not UTF-8 as a lone surrogate (U+DC80..U+DCFF, PEP 383 ``surrogateescape``),
    which no UTF-8 file or JSON reader accepts. Such a byte is written as the four characters
    ``\\xNN`` (what ``bytes.decode('utf-8', 'backslashreplace')`` gives), any other lone
    surrogate as ``\\uNNNN``; every other path is returned unchanged."""
    if not _SURROGATE_RE.search(path):
        return path
    return _SURROGATE_RE.sub(_escape_surrogate, path)


_ESCAPE_RE = re.compile(r"\\x([0-9a-f]{2})|\\u(d[89a-f][0-9a-f]{2})")


def undisplay_path(shown: str) -> str:
    """The file name :func:`display_path` showed as ``shown`` (its ``\\xNN`` / ``\\uDxxx``
    escapes turned back into lone surrogates, which ``open`` maps back to the raw bytes). A
    real name may hold those characters literally, so a caller tries both and checks the
    content (the HTML report compares the SHA-256)."""
    def back(m: re.Match) -> str:
        return chr(0xDC00 + int(m.group(1), 16)) if m.group(1) else chr(int(m.group(2), 16))

    return _ESCAPE_RE.sub(back, shown)


def finalise_row(row: dict) -> dict:
    """The one place a row is completed before it is written (in the parent, in input order, or
    in the worker for a row it sends encoded: :func:`encode_row`): paths and error messages made
    valid Unicode; cluster fields present (null until the whole-batch pass of
    :mod:`scorer.batch_clusters` fills them). Add per-row steps here: each step must depend on
    the row alone, and give the same row when run again."""
    if _with_fingerprint:
        empty_fields(row)
    path = row.get("path")
    if isinstance(path, str) and _SURROGATE_RE.search(path):
        row["path"] = display_path(path)
        if isinstance(row.get("error"), str):
            row["error"] = display_path(row["error"])
    return row


class EncodedRow(str):
    """A finalised row as its JSONL line (no newline), with its ``status``: what a worker sends
    when the output is plain JSONL. The parent writes it as it is, instead of unpickling an
    ~8 KB dict and encoding it again (~0.13 ms per row in the one process every row passes)."""

    status: Optional[str]

    def __new__(cls, line: str, status: Optional[str]) -> "EncodedRow":
        self = super().__new__(cls, line)
        self.status = status
        return self

    def __reduce__(self):  # pickles as itself, not as a bare str
        return (EncodedRow, (str(self), self.status))


def encode_row(row: dict) -> EncodedRow:
    """``row`` finalised and encoded as :class:`JsonlWriter` writes it (the same bytes)."""
    row = finalise_row(row)
    return EncodedRow(row_line(row), row.get("status"))


class OutputError(errors.SpinscoreError):
    """The output file could not be written (disk full, removed device): the run stops."""

    def __init__(self, exc: OSError):
        super().__init__(f"cannot write the output: {exc.strerror or exc}; the rows before it are complete")
        self.reason = exc.strerror or str(exc)


# ---- writers ---------------------------------------------------------------------------------
class JsonlWriter:
    def __init__(self, fh: io.TextIOBase):
        self.fh = fh

    def write(self, row: dict | EncodedRow) -> None:
        line = row if isinstance(row, EncodedRow) else row_line(row)
        self.fh.write(line + "\n")
        self.fh.flush()


CSV_BASE = ["schema_version", "path", "status", "error", "error_code", "title", "date", "url",
            "language", "language_confidence", "source_format", "encoding", "sha256",
            "word_count", "score", "verdict"]


def batch_csv_columns(feature_names: list[str], clusters: bool = True) -> list[str]:
    """The batch CSV's columns: :func:`csv_columns`, then the copy-cluster fields and the
    fingerprint (JSON) when clusters are on."""
    return csv_columns(feature_names) + (list(FIELDS) + ["fingerprint"] if clusters else [])


# Report fields added since schema 1.7 go after every earlier column (a tool that reads the
# CSV by position keeps its columns): 1.8 date_modified.
CSV_LATER = ["date_modified"]


def csv_columns(feature_names: list[str]) -> list[str]:
    return CSV_BASE + [f"facet.{f}" for f in FACETS] + ["reasons", "caveats"] + feature_names + CSV_LATER


def flatten(row: dict, feature_names: list[str]) -> dict:
    flat = {k: row.get(k) for k in CSV_BASE + CSV_LATER}
    for f in FACETS:
        flat[f"facet.{f}"] = (row.get("facets") or {}).get(f)
    flat["reasons"] = "; ".join(
        f"{r['feature']} ({r['contribution']:+.2f})" for r in row.get("reasons") or []
    )
    flat["caveats"] = caveat_codes(row)
    feats = row.get("features") or {}
    for f in feature_names:
        flat[f] = feats.get(f)
    return flat


class CsvWriter:
    def __init__(self, fh: io.TextIOBase, feature_names: list[str], clusters: bool = True):
        self.fh = fh
        self.names = feature_names
        self.clusters = clusters
        self.w = csv.DictWriter(fh, fieldnames=batch_csv_columns(feature_names, clusters), extrasaction="ignore")
        self.w.writeheader()
        fh.flush()

    def write(self, row: dict) -> None:
        flat = flatten(row, self.names)
        if self.clusters:
            flat.update({f: row.get(f) for f in FIELDS})
            fp = row.get("fingerprint")
            flat["fingerprint"] = json.dumps(fp, separators=(",", ":")) if fp else None
        self.w.writerow(guarded_row(flat))
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
        # Rows, not files: a web archive or a dump gives a row per article in it.
        s = (f"{self.total} row(s): {self.ok} ok, {self.errors} error(s) in {self.seconds:.1f} s "
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
        self.start = time.monotonic()

    def update(self, s: Summary, force: bool = False) -> None:
        now = time.monotonic()
        if self.enabled and (force or now - self.last > 0.2):
            self.last = now
            # The rate so far, so that whoever waits on a crawl of 100,000 pages can tell how long.
            rate = f", {s.total / (now - self.start):.1f} articles/s" if now > self.start and s.total else ""
            self.stream.write(f"\r{s.total} scored, {s.ok} ok, {s.errors} error(s){rate} ")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")


CHUNK = 4  # tasks per message to a worker (a result comes back per task, so files are timed one by one)
LOOKAHEAD = 256  # tasks handed out beyond the oldest unwritten row: bounds the rows held for ordering
DEFAULT_TIMEOUT = 60.0  # seconds per file in batch mode; 0 = none
MAX_FAILED_STARTS = 3  # workers that die before they are ready, in a row, before giving up


class _Worker:
    """One worker process as the parent sees it: its pipe and the tasks it holds, in order (the
    first is the one it is working on, since ``since``)."""

    def __init__(self, proc, conn):
        self.proc = proc
        self.conn = conn
        self.ready = False
        self.inflight: deque = deque()
        self.since = 0.0
        self._poll = select.poll()
        self._poll.register(conn.fileno(), select.POLLIN)

    def has_message(self) -> bool:
        """``conn.poll()``: a message (or the end of the pipe) is waiting. One poll object kept
        per worker: ``Connection.poll`` builds a selector on every call, twice or more per row."""
        return bool(self._poll.poll(0))


def wait_ready(workers: list[_Worker], timeout: Optional[float]) -> set:
    """``multiprocessing.connection.wait`` on every worker's pipe and process sentinel: the
    objects that are ready (a message, end of file, the process gone) within ``timeout``
    seconds (None: no limit). One ``poll`` call, without the selector that ``wait`` builds
    and registers in Python each time (once per row or more)."""
    poller, of_fd = select.poll(), {}
    for w in workers:
        for obj, fd in ((w.conn, w.conn.fileno()), (w.proc.sentinel, w.proc.sentinel)):
            of_fd[fd] = obj
            poller.register(fd, select.POLLIN)
    ms = None if timeout is None else math.ceil(timeout * 1000)  # as selectors.PollSelector rounds
    return {of_fd[fd] for fd, _ in poller.poll(ms)}


class WorkerPool:
    """``jobs`` worker processes, each holding at most one chunk of tasks, watched by the parent.

    Not ``multiprocessing.Pool`` / ``ProcessPoolExecutor``: when a worker dies (a crash in C
    code, ``os._exit``, the out-of-memory killer) the first hangs and the second breaks for
    good, and neither can stop one task that runs too long. Here the parent knows which task
    each worker holds, so:

    * a file that takes longer than ``timeout`` seconds gets a ``timeout`` row, its worker is
      killed (SIGKILL: it works while the time is spent in C code, lxml or a regex, where a
      SIGALRM handler would never run) and a new one started;
    * a worker that dies gets its current file a ``worker_died`` row and is replaced;
    * the other tasks of that worker's chunk are handed out again, so no other file is affected.

    Rows come out in input order (a small reorder buffer, at most ``LOOKAHEAD`` tasks ahead of
    the oldest unwritten row), so the output is byte-identical for any ``jobs``.
    """

    def __init__(self, jobs: int, *, timeout: float = DEFAULT_TIMEOUT, settings: ScorerSettings = ScorerSettings(),
                 clusters: bool = True, start_method: Optional[str] = None, encode: bool = False,
                 unit: str = "file", run: str = "batch"):
        import multiprocessing as mp

        self.timeout = timeout
        self.unit, self.run = unit, run  # the words of a lost task's row: "file"/"batch", "record"/"task"
        self.clusters = clusters
        self.encode = encode  # rows come back as EncodedRow (for a JsonlWriter), else as dicts
        self.settings = settings  # what a spawned worker builds its scorer from
        # fork: workers inherit the parent's loaded scorer (no reload); elsewhere spawn and build.
        # ``start_method`` overrides the choice (tests run the spawn path on Linux).
        self.fork = (start_method or ("fork" if sys.platform.startswith("linux") else "spawn")) == "fork"
        self.ctx = mp.get_context("fork" if self.fork else "spawn")
        self.failed_starts = 0
        if self.fork:
            # Everything loaded so far (models, tables, parsers) goes to the collector's permanent
            # generation: a worker's garbage collections then neither walk it nor write to its
            # pages (which would copy them one by one out of the memory shared with the parent).
            # Measured: this is what brings --jobs 1 through a worker back to in-process CPU time.
            gc.freeze()
        self.workers: list[_Worker] = []
        for _ in range(max(1, jobs)):
            self.workers.append(self._start())

    # ---- processes -------------------------------------------------------------------------
    def _start(self) -> _Worker:
        parent_end, child_end = self.ctx.Pipe(duplex=True)
        inherited = (parent_end, *(w.conn for w in self.workers)) if self.fork else ()
        proc = self.ctx.Process(target=_worker_main, daemon=True, name="spinscore-worker",
                                args=(child_end, self.settings, not self.fork, inherited, self.clusters,
                                      self.encode))
        proc.start()
        child_end.close()  # so that the worker's death reads as end-of-file here
        return _Worker(proc, parent_end)

    def _kill(self, w: _Worker) -> None:
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join()
        w.conn.close()

    def _replace(self, w: _Worker) -> None:
        self._kill(w)
        if not w.ready:
            self.failed_starts += 1
            if self.failed_starts >= MAX_FAILED_STARTS:
                raise errors.SpinscoreError(
                    f"worker processes die as they start ({errors.WorkerDied.describe(w.proc.exitcode)}); "
                    "run with --jobs 1 --timeout 0 to score in this process and see why")
        self.workers[self.workers.index(w)] = self._start()

    def close(self) -> None:
        """Stop the workers: politely when they are idle, by force otherwise."""
        for w in self.workers:
            try:
                if w.proc.is_alive() and not w.inflight:
                    w.conn.send(None)
            except OSError:
                pass
        for w in self.workers:
            w.proc.join(timeout=5 if not w.inflight else 0)
            self._kill(w)
        if self.fork:
            gc.unfreeze()

    def terminate(self) -> None:
        for w in self.workers:
            self._kill(w)
        if self.fork:
            gc.unfreeze()

    # ---- scheduling ------------------------------------------------------------------------
    def rows(self, tasks: Iterable[tuple]) -> Iterator[dict]:
        """Score ``tasks``; yield one row per task, in task order (a row a worker scored is an
        :class:`EncodedRow` when the pool encodes, a row made here a dict)."""
        source = iter(tasks)
        taken = 0  # index of the next task drawn from ``source``
        emitted = 0  # index of the next row to yield
        done: dict[int, dict] = {}  # rows waiting for their turn
        retry: list = []  # (index, task) heap: held by a worker that was replaced, not yet run
        exhausted = False

        def take(n: int) -> list:
            nonlocal taken, exhausted
            chunk = []
            while retry and len(chunk) < n:
                chunk.append(heappop(retry))
            while len(chunk) < n and not exhausted and taken < emitted + LOOKAHEAD:
                try:
                    task = next(source)
                except StopIteration:
                    exhausted = True
                    break
                if task[0] == "row":  # made in the parent (a corrupt archive, a walk issue)
                    done[taken] = task[1]
                else:
                    chunk.append((taken, task))
                taken += 1
            return chunk

        def requeue(w: _Worker) -> None:
            """Replace ``w``; the tasks it still holds go back to be handed out again."""
            for item in w.inflight:
                heappush(retry, item)
            w.inflight.clear()
            self._replace(w)

        def lost(w: _Worker, exc: errors.SpinscoreError) -> None:
            """``w`` is gone: its current task gets ``exc`` as its row, the rest go back."""
            if w.inflight:
                idx, task = w.inflight.popleft()
                done[idx] = _failed_row(task, exc, self.settings.max_bytes)
            requeue(w)

        while True:
            for w in self.workers:
                if w.ready and not w.inflight:
                    chunk = take(CHUNK)
                    if not chunk:
                        break
                    w.inflight.extend(chunk)
                    w.since = time.monotonic()
                    try:
                        w.conn.send(chunk)
                    except OSError:  # died while idle: nothing of its chunk ran
                        requeue(w)
            while emitted in done:
                yield done.pop(emitted)
                emitted += 1
            busy = [w for w in self.workers if w.inflight]
            if not busy:
                if exhausted and not retry:
                    return
                if any(w.ready for w in self.workers):
                    continue
            wait_s = None
            if self.timeout and busy:
                wait_s = max(0.0, min(w.since for w in busy) + self.timeout - time.monotonic())
            ready = wait_ready(self.workers, wait_s)
            for w in list(self.workers):
                if w.conn not in ready and w.proc.sentinel not in ready:
                    continue
                try:
                    while w.has_message():
                        kind, idx, row = w.conn.recv()
                        if kind == "ready":
                            w.ready, self.failed_starts = True, 0
                            continue
                        held, _task = w.inflight.popleft()
                        assert held == idx, (held, idx)
                        done[idx] = row
                        w.since = time.monotonic()
                except (EOFError, OSError):
                    w.proc.join()
                    lost(w, errors.WorkerDied.with_status(w.proc.exitcode, self.unit, self.run))
                    continue
                if w.proc.sentinel in ready and not w.proc.is_alive():  # gone, pipe not yet at EOF
                    lost(w, errors.WorkerDied.with_status(w.proc.exitcode, self.unit, self.run))
            if self.timeout:
                now = time.monotonic()
                for w in list(self.workers):
                    if w.inflight and now - w.since >= self.timeout:
                        lost(w, errors.ScoringTimeout.after(self.timeout, self.unit))


def run_batch(paths: Iterable[str], writer, *, jobs: int = 1, settings: ScorerSettings = ScorerSettings(),
              progress: Optional[Progress] = None, resume: Optional[ResumeState] = None,
              timeout: float = DEFAULT_TIMEOUT, clusters: bool = True, listed: Iterable[str] = ()) -> Summary:
    """Score ``paths`` (WARC archives record by record) and hand each row to ``writer`` in input
    order, skipping what ``resume`` says the output already holds. ``listed``: paths among
    ``paths`` known before the run (a listing; a list or tuple ``paths`` is known whole), so that
    a WET file is not scored when its WARC file comes later (:class:`scorer.warc.CaptureSet`).

    Files are scored in worker processes (:class:`WorkerPool`) whenever ``jobs > 1`` *or* a
    ``timeout`` is set, so ``--jobs 1`` still gets the per-file timeout and survives a worker
    that dies: one worker process scores while this process writes. Only ``jobs == 1`` with
    ``timeout == 0`` scores in this process (no timeout, no protection against a crash in C
    code; handy under a debugger or profiler). SIGALRM was not used for ``--jobs 1``: its
    handler runs only between Python bytecodes, never while lxml or a regex is running.
    """
    global _with_fingerprint
    # Rows this process finalises carry cluster fields only when clustering; set for this run
    # and put back after it (a --no-clusters run left it off for the rest of the process: later
    # rows of a library caller, or of the test suite's next in-process batch, lacked the fields).
    outer, _with_fingerprint = _with_fingerprint, clusters
    summary = Summary()
    progress = progress or Progress(False)
    t0 = time.monotonic()

    def consume(rows: Iterable[dict | EncodedRow]) -> None:
        for row in rows:
            if not isinstance(row, EncodedRow):  # an encoded row was finalised by its worker
                row = finalise_row(row)
            try:
                writer.write(row)
            except OSError as exc:
                raise OutputError(exc) from None
            summary.total += 1
            if (row.status if isinstance(row, EncodedRow) else row.get("status")) == "ok":
                summary.ok += 1
            else:
                summary.errors += 1
            progress.update(summary)

    pool = None
    try:
        # Built in the parent first: a bad model file fails here, once, with a clear message,
        # and forked workers inherit the loaded models and tables instead of reloading them.
        load_scorer(settings)
        known = list(listed) + (list(paths) if isinstance(paths, (list, tuple)) else [])
        tasks = tasks_for(paths, max_bytes=settings.max_bytes, state=resume, listed=known)
        if jobs <= 1 and not timeout:
            consume(_score_task(t) for t in tasks)
        else:
            if sys.platform.startswith("linux"):  # forked workers inherit what this loads
                warm_up(_scorer)
            # A plain JSONL output takes rows encoded by the workers; CSV and the HTML page's tee
            # read the row's fields.
            pool = WorkerPool(jobs, timeout=timeout, settings=settings, clusters=clusters,
                              encode=type(writer) is JsonlWriter)
            consume(pool.rows(tasks))
            pool.close()
            pool = None
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        if pool is not None:  # interrupted, or the output failed: stop the workers now
            pool.terminate()
        if resume is not None:
            summary.skipped, summary.skipped_errors = resume.skipped, resume.skipped_errors
        summary.seconds = time.monotonic() - t0
        progress.update(summary, force=True)
        progress.close()
        _with_fingerprint = outer
    return summary
