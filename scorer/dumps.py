"""JSON Lines dumps: a file of articles, one JSON object per line (``*.jsonl``, ``*.ndjson``, and
the same gzipped), as scrapers, news APIs and datasets hand them out.

Each non-blank line is one article, read exactly as a ``.json`` file of that one object would be
(a WordPress REST post, or any object with a text field: :func:`scorer.ingest.parse_bytes`), and
keyed ``DUMP#LINE`` (1-based line number: unique and stable, where an ``id`` field may be missing
or repeated). A line that is not JSON, or has no text, gives an ``error`` row of its own and the
next line is read; a line over the size limit is skipped without being held in memory and gives a
``too_large`` row. Lines are records in the sense of :mod:`scorer.warc` (a
:class:`~scorer.warc.WarcPage` of kind ``"json"``), so a batch streams, parallelises and resumes
them as it does the records of a web archive.

Why a dump is not one ``.json`` document: tens of thousands of articles often arrive as one
file, and "one row per file" would give one error row for all of them.

Two kinds of file are not read line by line, and give one row: a dump with no line at all
(``no_text``), and a spinscore output (JSONL rows of an earlier run left in the folder: their
first line is a report row, with ``schema_version`` and ``status`` and no text; ``no_text``
with that reason rather than one error per row).
"""
from __future__ import annotations

import gzip
import json
import zlib
from typing import BinaryIO, Iterator

from . import errors
from .warc import WarcPage, open_input
from .remote import is_remote

DUMP_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
_CHUNK = 1 << 16  # how much of an over-long line is read at a time while skipping it


class MalformedDump(errors.InputError):
    """A gzipped dump whose stream is damaged (bad header, CRC, cut short): the lines before the
    damage keep their rows."""

    code = "malformed_dump"


def is_dump(path: str) -> bool:
    return str(path).lower().endswith(DUMP_SUFFIXES)


def _is_report_row(line: bytes) -> bool:
    """Whether ``line`` is a spinscore output row (``Report.to_dict`` / a batch row)."""
    try:
        obj = json.loads(line)
    except ValueError:
        return False
    return isinstance(obj, dict) and "schema_version" in obj and "status" in obj and "path" in obj


def _lines(fh: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line without its end) for every non-blank line; None for a line of more
    than ``max_bytes`` bytes, which is read past in chunks, never whole."""
    number = 0
    while True:
        line = fh.readline(max_bytes + 2)  # + the line end: a line of exactly max_bytes fits
        if not line:
            return
        number += 1
        if not line.endswith(b"\n") and len(line) > max_bytes:  # the line goes on: read past it
            while line and not line.endswith(b"\n"):
                line = fh.readline(_CHUNK)
            yield number, None
            continue
        body = line.rstrip(b"\r\n")
        if len(body) > max_bytes:  # whole, but one or two bytes over
            yield number, None
        elif body.strip():
            yield number, body


def _gzipped(raw: BinaryIO, path: str) -> bool:
    """Whether the dump is gzipped: by its name, or by its first bytes under a plain name (a dump
    saved from a response sent with Content-Encoding: gzip), whose compressed bytes, read line
    by line, gave hundreds of "binary content" rows. The stream is peeked, not read."""
    if str(path).lower().endswith(".gz"):
        return True
    peek = getattr(raw, "peek", None)  # local files and remote streams are buffered readers
    return peek is not None and peek(2)[:2] == b"\x1f\x8b"


def iter_records(path: str, *, max_bytes: int) -> Iterator[WarcPage]:
    """The article lines of the dump ``path`` (a local path or a URL, gzipped by its name or its
    first bytes), in order, streaming. Raises :class:`~scorer.errors.NoText` (at the end) when it holds no line,
    or at once for a spinscore output; :class:`MalformedDump` (after the lines read so far) for a
    damaged gzip stream; :class:`~scorer.errors.Unreadable` when it cannot be opened or read."""
    from .ingest import unreadable

    raw = open_input(path)
    fh: BinaryIO = gzip.GzipFile(fileobj=raw) if _gzipped(raw, path) else raw  # type: ignore[assignment]
    found = 0
    try:
        for number, line in _lines(fh, max_bytes):
            if found == 0 and line is not None and _is_report_row(line):
                raise errors.NoText("a spinscore output (report rows, no article text); not scored again")
            found += 1
            yield WarcPage(archive=str(path), record_id=str(number), url=None, fetched=None, payload=line,
                           kind="json")
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:  # bad magic, CRC, a stream cut short
        raise MalformedDump(f"not a readable gzip stream: {type(exc).__name__}: {exc}"[:300]) from None
    except OSError as exc:
        raise unreadable(path, exc) from None
    finally:
        fh.close()
        raw.close()
    if not found:
        raise errors.NoText("a JSON Lines dump without a single article line (empty or blank)")


def _item_bytes(item: dict) -> bytes:
    """One array item as the bytes of a ``.json`` file of it: UTF-8 as written, or with ``\\u``
    escapes when it holds a lone surrogate (a ``"\\ud800"`` escape in the file), which UTF-8
    cannot carry and the worker's JSON reading scrubs as it does for a file."""
    try:
        return json.dumps(item, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(item).encode("ascii")


def array_records(path: str, *, max_bytes: int) -> list[WarcPage] | None:
    """The items of a local ``.json`` file that is a JSON array of two or more objects (what the
    WordPress REST list endpoint, ``/wp-json/wp/v2/posts``, and many news APIs return) as records
    keyed ``FILE#1``, ``FILE#2``, ... (1-based, in the array's order), each read as a ``.json``
    file of that one object. ``None`` for any other file, which is read as one article as before:
    an array of one post is that post, and a file over ``max_bytes``, not UTF-8, not JSON, or an
    array holding anything but objects keeps its one row with its error.

    Why here and not in the worker: a batch row is one article, and an array of 100 posts gave
    one ``no_text`` row. The file is read whole (it is at most ``max_bytes``; a JSON array cannot
    be streamed line by line as a dump is), only after its first bytes say it is an array."""
    from .ingest import is_post_array

    if not str(path).lower().endswith(".json") or is_remote(path):
        return None
    try:
        with open(path, "rb") as fh:
            head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
            if not head.startswith(b"["):
                return None
            fh.seek(0)
            data = fh.read(max_bytes + 1)
    except OSError:  # the worker reads it again and says why
        return None
    if len(data) > max_bytes:
        return None
    try:
        items = json.loads(data.decode("utf-8-sig"))
        if not is_post_array(items):
            return None
        payloads = [_item_bytes(x) for x in items]
    except (ValueError, RecursionError):  # not UTF-8 or not JSON (ValueError covers both); too deep
        return None
    return [WarcPage(archive=str(path), record_id=str(k), url=None, fetched=None, payload=b, kind="json")
            for k, b in enumerate(payloads, 1)]
