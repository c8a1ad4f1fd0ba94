"""Web archives (WARC / WARC.gz, via warcio): every HTML ``response`` record is an article, and
so is every ``text/plain`` ``conversion`` record of a Common Crawl WET file (``*.warc.wet.gz``).

Records are read streaming, one at a time. Each HTML record is keyed by the archive path and
its WARC-Record-ID (``crawl/a.warc.gz#urn:uuid:…``; an id met again: ``…#record-N``, N the
record's place in the archive); its WARC-Target-URI becomes the article's
URL and its WARC-Date the article's date when the page itself gives none, so the citation and
date checks see where and when the page was fetched. Redirects, error pages (non-2xx) and
non-HTML records (requests, metadata, images, …) are not articles and are skipped. A WET record
holds the text Common Crawl extracted from a page (UTF-8): it is read as a plain-text file would be,
with the same URL, date and key as an HTML record. A WAT file (``*.warc.wat.gz``, JSON metadata of
each fetch) holds no article: it is not read and gives one ``no_text`` error, as does any archive in
which no article record was found (in batch mode every input file yields a row). A WET file whose
WARC file the run has already read gives one ``duplicate_archive`` error (:class:`CaptureSet`). A page that is
not valid UTF-8 is decoded with the charset of its HTTP Content-Type header when Python knows it
(before any ``<meta charset>``; the order is :func:`scorer.ingest.decode`'s). A damaged gzip member
in a WARC.gz, local or fetched over HTTP(S) or S3 (bit flips, a cut upload with the rest
concatenated) gives one ``malformed_warc``
row keyed ``ARCHIVE#offset-N`` (N: the byte where the damage starts), and reading goes on at the
next member holding a WARC record: the records after the damage keep their rows.
"""
from __future__ import annotations

import hashlib
import os
import zlib
from dataclasses import dataclass, replace
from typing import BinaryIO, Iterable, Iterator, Optional, Union

from . import errors
from .article import with_known
from .report import Report

# Common Crawl names its derived archives *.warc.wet.gz (extracted text) and *.warc.wat.gz
# (metadata); both are WARC files. A WAT file is recognised so that it gets an error row that
# says what it is, not a "binary" one.
WARC_SUFFIXES = (".warc", ".warc.gz", ".warc.wet", ".warc.wet.gz", ".warc.wat", ".warc.wat.gz")
WAT_SUFFIXES = (".warc.wat", ".warc.wat.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")


class MalformedArchive(errors.InputError):
    """A WARC file that cannot be read (not a WARC, truncated, bad compression)."""

    code = "malformed_warc"


class DuplicateArchive(errors.InputError):
    """A WET file whose WARC file is in the same run: its pages were scored from the WARC."""

    code = "duplicate_archive"


def is_warc(path: str) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


WET_SUFFIXES = (".warc.wet", ".warc.wet.gz")
_LAYOUT_FOLDERS = frozenset({"warc", "wet"})  # Common Crawl: segments/<id>/warc/X.warc.gz, .../wet/X.warc.wet.gz


def capture_key(path: str) -> Optional[tuple[str, str]]:
    """The crawl capture a WARC or WET file holds, as (folder, name): the same for ``X.warc.gz``
    and ``X.warc.wet.gz`` in one folder, or in the ``warc/`` and ``wet/`` folders of one Common
    Crawl segment; None for any other file (a WAT file included). Works on URLs as on paths."""
    p = str(path).replace("\\", "/")
    low = p.lower()
    for suffix in (".warc.wet.gz", ".warc.wet", ".warc.gz", ".warc"):
        if low.endswith(suffix):
            folder, _, name = p[: -len(suffix)].rpartition("/")
            up, _, last = folder.rpartition("/")
            return (up + "/*" if last in _LAYOUT_FOLDERS else folder), name
    return None


class CaptureSet:
    """The captures of the WARC files met so far in a run, so that a WET file of the same capture
    met later is not scored a second time. Both files are Common Crawl's renderings of the same
    fetches (the WET file holds the text extracted from the WARC's pages): scoring both gives
    every page two rows, and the copy clusters would pair each page with itself. The WARC is
    kept (its HTML gives links, metadata and the page's own date); the WET file gets one
    ``duplicate_archive`` row. A WARC counts once it is met, or announced with :meth:`expect`
    (a run streams a folder walk, but reads a listing whole before it starts): a sorted folder
    walk always meets it first (``warc/`` before ``wet/``, ``X.warc.gz`` before
    ``X.warc.wet.gz``), and a listing's WARC files are announced, in whatever order it names them."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], str] = {}

    def expect(self, paths: Iterable[str]) -> None:
        """Note the WARC files among ``paths`` that the run will read (later)."""
        for path in paths:
            self._note(path)

    def _note(self, path: str) -> Optional[tuple[str, str]]:
        """Notes the capture of a WARC file; the capture of a WET file; None for any other file."""
        key = capture_key(path)
        if key is not None and not str(path).lower().endswith(WET_SUFFIXES):
            self._seen.setdefault(key, str(path))
            return None
        return key

    def duplicate(self, path: str) -> Optional[DuplicateArchive]:
        """The error for the WET file ``path`` whose WARC was met, else None; notes a WARC."""
        key = self._note(path)
        warc = None if key is None else self._seen.get(key)
        if warc is None:
            return None
        return DuplicateArchive(f"the text of the pages of {warc}, which this run scores: "
                                "not scored twice (score the WET file alone to read its text)")


@dataclass(frozen=True)
class WarcPage:
    """One article record: where it came from and its payload (an HTML response's HTTP body,
    decoded from any transfer/content encoding, a WET conversion record's text, or a line of a
    JSON Lines dump (:mod:`scorer.dumps`); ``kind`` says which: "html", "text" or "json").
    ``payload`` is None when it is over the size limit."""

    archive: str
    record_id: str
    url: Optional[str]
    fetched: Optional[str]  # WARC-Date as ISO YYYY-MM-DD
    payload: Optional[bytes]
    charset: Optional[str] = None  # the charset its Content-Type declares (may be bogus)
    kind: str = "html"
    truncated: Optional[str] = None  # WARC-Truncated: why the crawler kept only part ("length", ...)
    coding: Optional[str] = None  # an HTTP Content-Encoding the payload is still in (not decodable here)
    # A damaged region of a WARC.gz read past (:func:`_resync`), not a record: why, for its
    # ``malformed_warc`` row, and the SHA-256 of its bytes (the row's key for --resume).
    damage: Optional[str] = None
    damage_sha256: Optional[str] = None

    @property
    def path(self) -> str:
        return f"{self.archive}#{self.record_id}"

    @property
    def sha256(self) -> Optional[str]:
        if self.damage is not None:
            return self.damage_sha256
        return hashlib.sha256(self.payload).hexdigest() if self.payload is not None else None


def content_charset(content_type: str) -> Optional[str]:
    """The charset parameter of a Content-Type value (``text/html; charset="windows-1251"`` ->
    ``windows-1251``), unchecked: :func:`scorer.ingest.decode` falls through on a bogus one."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'").strip() or None
    return None


def _media_type(content_type: Optional[str]) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _is_text_conversion(record) -> bool:
    """A WET record: the plain text extracted from a page."""
    return (record.rec_type == "conversion"
            and _media_type(record.rec_headers.get_header("Content-Type")) == "text/plain")


def _is_html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return False
    return _media_type(record.http_headers.get_header("Content-Type")) in HTML_TYPES


_ITERATOR = None


def _checked_iterator():
    """warcio's WARC iterator (WARC only: the generic one reads any spaced line as an ARC
    header), made to notice what it lets pass silently: a record cut short by the end of the
    file, a last gzip member that never ends, text between records (counted in ``err_count``
    instead of being written to stderr); and to read on through a WARC gzipped as one member."""
    global _ITERATOR
    if _ITERATOR is None:
        from warcio.archiveiterator import WARCIterator
        from warcio.bufferedreaders import DecompressingBufferedReader
        from warcio.recordloader import ArcWarcRecordLoader

        class Loader(ArcWarcRecordLoader):
            def load_http_headers(self, rec_type, uri, stream, length):
                # warcio reads HTTP headers only under an http(s) URI, and crashes on a record
                # with no WARC-Target-URI (ending the archive there): such a record is read as
                # HTTP, as its WARC-Type says (the page is still an article, without a URL).
                return super().load_http_headers(rec_type, "http:" if uri is None else uri, stream, length)

        class QuietReader(DecompressingBufferedReader):
            def _decompress(self, data):
                # Past a member's first block warcio writes a decompression error to stderr
                # ("Error -3 while decompressing data", into the progress line) and reads on
                # with no data; the record then stops short, which _read_pages reports as a
                # malformed_warc row: the same, without the line on the terminal.
                if self.decompressor and data and self.num_block_read:
                    try:
                        return self.decompressor.decompress(data)
                    except Exception:  # noqa: BLE001 - zlib.error, and brotli's own
                        return b""
                return super()._decompress(data)

        class Checked(WARCIterator):
            INC_RECORD = ""
            truncated = 0
            gzip_incomplete = False

            def __init__(self, fileobj):
                super().__init__(fileobj)
                self.loader = Loader(verify_http=False, arc2warc=False)  # as warcio builds it
                self.reader.__class__ = QuietReader

            def read_to_end(self, record=None):
                rec, already = self.record, self.member_info
                out = super().read_to_end(record)
                if rec is not None and not already and getattr(rec.raw_stream, "limit", 0) > 0:
                    self.truncated += 1
                return out

            def _raise_invalid_gzip_err(self):
                # warcio refuses a WARC gzipped whole (``gzip x.warc``: one member, not one per
                # record) after its first record, as it cannot index one for replay; read in
                # order, its records are as good as any, and the stream goes on to the next.
                pass

            def close(self):
                dec = getattr(getattr(self, "reader", None), "decompressor", None)
                if dec is not None and getattr(dec, "eof", True) is False:
                    self.gzip_incomplete = True
                super().close()

        _ITERATOR = Checked
    return _ITERATOR


def iter_pages(source: Union[str, BinaryIO], *, max_bytes: int, name: Optional[str] = None) -> Iterator[WarcPage]:
    """The article records of a WARC / WARC.gz / WET file (HTML responses, WET text conversions),
    in archive order, streaming.

    Raises :class:`MalformedArchive` (after the records read so far) when the archive is corrupt
    or (at its end) when record boundaries were off, except at a damaged gzip member of a
    seekable WARC.gz (a local file, an HTTP(S) or S3 URL) followed by a readable record: a page with its ``damage`` stands for the damaged
    region, and reading goes on at that record (:func:`_resync`); :class:`~scorer.errors.NoText` (at its end)
    when it holds no article record at all, :class:`~scorer.errors.Unreadable` when the file
    cannot be opened or (a URL: :mod:`scorer.remote`) fetched. ``source``: a path or URL, or an
    open binary stream (then ``name`` names it in the rows).
    """
    from .remote import is_remote

    archive = name if name is not None else str(source)
    local = isinstance(source, str) and not is_remote(source)
    if isinstance(source, str):
        fh, close = open_input(source), True
    else:
        fh, close = source, False
    try:
        if local and os.fstat(fh.fileno()).st_size == 0:
            raise errors.EmptyInput("empty file (an empty WARC archive)")
        if archive.lower().endswith(WAT_SUFFIXES):
            # Metadata only, by definition: not worth reading (a crawl's WAT files are ~1 GB each).
            raise errors.NoText("a WAT archive holds metadata records (JSON), no article text; "
                                "score the matching WARC or WET file")
        try:
            yield from _read_pages(fh, archive, max_bytes)
        except errors.SpinscoreError:
            raise
        except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on a bad archive
            msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            raise MalformedArchive(
                f"not a readable WARC archive: {type(exc).__name__}{': ' + msg[:200] if msg else ''}"
            ) from None
    finally:
        if close:
            fh.close()


def open_input(path: str) -> BinaryIO:
    """The archive (or dump: :mod:`scorer.dumps`) ``path`` opened for reading: a local path, a
    ``file://`` URL, or a remote URL streamed by :func:`scorer.remote.open_archive` (the batch and
    the Spark job both read through :func:`iter_pages`, so both read every kind)."""
    from .ingest import unreadable
    from .remote import is_remote, local_path, open_archive

    if is_remote(path):
        return open_archive(path)
    try:
        return open(local_path(path), "rb")
    except OSError as exc:
        raise unreadable(path, exc) from None


def _read_pages(fh: BinaryIO, archive: str, max_bytes: int) -> Iterator[WarcPage]:
    records = _checked_iterator()(fh)
    resync = _gzipped_file(fh)
    kinds: dict[str, int] = {}  # record type -> count, of the records that are no article
    found = 0
    errs = 0  # err_count of the iterators left behind at a damaged member
    ids: set[str] = set()  # the record ids given so far: a row's path must name one record
    n = 0
    while True:
        try:
            record = next(records, None)
            if record is None:
                break
            page = _page(record, n, archive, max_bytes)
        except errors.SpinscoreError as exc:
            # (_page's: the record's data stops short, here inside the file: not the archive's end)
            damage = (_resync(fh, records.offset, "a record's data stops short")
                      if resync and isinstance(exc, MalformedArchive) else None)
            if damage is None:  # no whole record after it: the archive ends damaged, as before
                raise
        except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on a damaged member
            damage = _resync(fh, records.offset, _reason(exc)) if resync else None
            if damage is None:
                raise
        else:
            n += 1
            if page is None:
                kinds[record.rec_type] = kinds.get(record.rec_type, 0) + 1
                continue
            if page.record_id in ids:
                # The same WARC-Record-ID again (an archive concatenated with itself, a tool that
                # reuses ids): two rows of one path, and a resumed run took one for the other.
                page = replace(page, record_id=f"{page.record_id}#record-{n - 1}")
            ids.add(page.record_id)
            found += 1
            yield page
            continue
        # One row for the damaged region, then on from the next record (a new iterator: warcio's
        # reader cannot be moved; it takes the file's offset as its own).
        errs += records.err_count
        records.close()
        ids.add(damage.record_id)
        yield replace(damage, archive=archive)
        found += 1
        records = _checked_iterator()(fh)
    if records.truncated or records.gzip_incomplete:
        raise MalformedArchive("truncated archive: it ends inside a record (the records "
                               "before were read)")
    if records.err_count + errs:
        raise MalformedArchive(
            f"{records.err_count + errs} record(s) not followed by a blank line (a wrong "
            "Content-Length?); the records before and after were read")
    if not found:
        # Batch mode's rule: every input file yields a row; an archive of requests, images or
        # metadata would otherwise vanish from the output without a word.
        raise errors.NoText(_no_article_message(kinds))


# Resynchronising after a damaged gzip member (a WARC.gz is one member per record): the file is
# scanned for the next gzip magic whose member decompresses whole to a WARC record, a chunk at a
# time (never the whole file: a crawl's archive is ~1 GB).
_GZIP_MAGIC = b"\x1f\x8b\x08"
_SCAN_CHUNK = 1 << 16


def _gzipped_file(fh: BinaryIO) -> bool:
    """Whether ``fh`` is a gzipped archive that can be scanned past a damaged member: a stream
    that can seek, such as a local file or an HTTP(S), S3 or fsspec download (:mod:`scorer.remote`
    opens it again at the offset); a stream that cannot go back to the damage (a pipe, an fsspec
    backend whose files cannot seek) ends the archive there."""
    try:
        if not fh.seekable():
            return False
        at = fh.tell()
        head = fh.read(2)
        fh.seek(at)
    except (OSError, ValueError):
        return False
    return head == _GZIP_MAGIC[:2]


def _reason(exc: BaseException) -> str:
    """An exception as a short, printable reason (warcio quotes the damaged bytes it read)."""
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    msg = msg.split(", first line:")[0][:120]  # the quote is compressed bytes, no help to a reader
    msg = "".join(c if c.isprintable() and c.isascii() else "?" for c in msg)
    return f"{type(exc).__name__}{': ' + msg if msg else ''}"


def _resync(fh: BinaryIO, start: int, why: str) -> Optional[WarcPage]:
    """The damaged region of the archive from byte ``start`` (the member where reading failed)
    to the next gzip member that holds a whole WARC record, as a page with its ``damage`` (the
    file left at that member); None when no such member follows (the archive ends damaged)."""
    at = _next_record_member(fh, start + 1)
    if at is None:
        return None
    h = hashlib.sha256()
    fh.seek(start)
    left = at - start
    while left > 0:
        block = fh.read(min(left, _SCAN_CHUNK))
        if not block:
            break
        h.update(block)
        left -= len(block)
    fh.seek(at)
    return WarcPage(archive="", record_id=f"offset-{start}", url=None, fetched=None, payload=None,
                    damage=(f"damaged gzip member at byte {start:,} ({why}): bytes {start:,} to {at:,} "
                            f"could not be read; reading went on at the next WARC record, byte {at:,}"),
                    damage_sha256=h.hexdigest())


def _next_record_member(fh: BinaryIO, pos: int) -> Optional[int]:
    """The offset of the first gzip member at or after ``pos`` that decompresses to a WARC record."""
    keep = len(_GZIP_MAGIC) - 1  # a magic split across two chunks
    while True:
        fh.seek(pos)
        chunk = fh.read(_SCAN_CHUNK)
        if len(chunk) < len(_GZIP_MAGIC):
            return None
        i = chunk.find(_GZIP_MAGIC)
        while i != -1:
            if _is_record_member(fh, pos + i):
                return pos + i
            i = chunk.find(_GZIP_MAGIC, i + 1)
        pos += len(chunk) - keep


def _is_record_member(fh: BinaryIO, at: int) -> bool:
    """Whether the gzip member at byte ``at`` begins a WARC record and decompresses to its end
    (its CRC checked): a damaged one, or magic bytes that happen to sit in compressed data, do
    not. Output is made at most a chunk at a time and dropped."""
    fh.seek(at)
    d = zlib.decompressobj(31)
    head = b""
    try:
        while not d.eof:
            data = d.unconsumed_tail or fh.read(_SCAN_CHUNK)
            if not data:
                return False  # the file ends inside the member
            out = d.decompress(data, _SCAN_CHUNK)
            if len(head) < 7:
                head += out[:7]
                if len(head) >= 7 and not head.startswith(b"WARC/1."):
                    return False
    except zlib.error:
        return False
    return head.startswith(b"WARC/1.")


def _no_article_message(kinds: dict[str, int]) -> str:
    if not kinds:
        return "no article in the archive: it holds no WARC record"
    seen = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    return (f"no article in the archive: none of its records ({seen}) is an HTML response "
            "with a 2xx status or a text/plain conversion (WET) record")


def _page(record, n: int, archive: str, max_bytes: int) -> Optional[WarcPage]:
    """The article record ``record`` (the ``n``-th) as a :class:`WarcPage`, None when it is no
    article. Its payload is read here, while warcio's stream is on it."""
    from .ingest import iso_date

    if _is_html_response(record):
        kind, ctype = "html", record.http_headers.get_header("Content-Type")
    elif _is_text_conversion(record):
        kind, ctype = "text", record.rec_headers.get_header("Content-Type")
    else:
        return None
    rid = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
    stream, coding = _payload_stream(record)
    data = stream.read(max_bytes + 1)
    if len(data) <= max_bytes and getattr(record.raw_stream, "limit", 0) > 0:
        raise MalformedArchive(f"truncated archive: it ends inside record {rid or n} "
                               "(the records before were read)")
    return WarcPage(
        archive=archive, record_id=rid or f"record-{n}",
        url=record.rec_headers.get_header("WARC-Target-URI") or None,
        fetched=iso_date(record.rec_headers.get_header("WARC-Date")),
        payload=data if len(data) <= max_bytes else None,
        charset=content_charset(ctype or ""), kind=kind,
        truncated=(record.rec_headers.get_header("WARC-Truncated") or "").strip() or None,
        coding=coding,
    )


# Content-Encoding names that are another's alias (RFC 9110 8.4.1: a recipient reads x-gzip as gzip).
_CODING_ALIASES = {"x-gzip": "gzip", "identity": "", "none": ""}
_DECODED = ("gzip", "deflate")  # the content codings undone (warcio's own decompressors)


def _payload_stream(record) -> tuple[BinaryIO, Optional[str]]:
    """The record's payload as a stream, with its HTTP transfer and content codings undone, and
    the content coding it is left in when it is not gzip or deflate ("br", "zstd", ...), else
    None. warcio's ``content_stream`` matches the header values as written:
    "Transfer-Encoding: Chunked" left the chunk sizes in the page's text, and "x-gzip" left it
    compressed (HTTP names are case-insensitive, x-gzip is gzip)."""
    from warcio.bufferedreaders import BufferedReader, ChunkedDataReader

    http = record.http_headers
    if http is None:
        return record.raw_stream, None
    coding = (http.get_header("Content-Encoding") or "").strip().lower()
    coding = _CODING_ALIASES.get(coding, coding)
    # gzip and deflate only, whatever warcio supports where it runs: it adds "br" when a brotli
    # module is importable, which would make a page read on one machine and not on another
    # (and Google's brotli, the usual one, lacks the attribute warcio uses: the whole archive
    # failed to read).
    decode = coding if coding in _DECODED else None
    left = None if decode else coding or None
    if "chunked" in (http.get_header("Transfer-Encoding") or "").lower():
        return ChunkedDataReader(record.raw_stream, decomp_type=decode), left
    if decode:
        return BufferedReader(record.raw_stream, decomp_type=decode), left
    return record.raw_stream, left


def score_page(scorer, page: WarcPage) -> Report:
    """Score one record: the page's own date wins, else the fetch date; the URL is the target URI
    (where the page was actually served). Input problems become an ``error`` report. ``scorer``:
    a :class:`~scorer.scoring.Scorer` (read: ``max_bytes``, ``fast_html``, ``score_article``)."""
    from .ingest import parse_bytes

    digest = page.sha256
    if page.damage is not None:
        return Report.failed(page.path, MalformedArchive.code, page.damage, sha256=digest)
    if page.payload is None:
        report = Report.failed(page.path, errors.TooLarge.code,
                               f"record payload is over the size limit of {scorer.max_bytes:,} bytes "
                               "(raise it with --max-bytes)")
    else:
        try:
            # The name picks ingest's reading: HTML extraction, or plain text like a .txt file.
            name = {"text": "record.txt", "json": "record.json"}.get(page.kind, "record.html")
            article = parse_bytes(page.payload, name=name, path=page.path, fast_html=scorer.fast_html,
                                  http_charset=page.charset)
            article = with_known(article, url=page.url, date=page.fetched, captured=page.fetched)
            report = scorer.score_article(article, path=page.path, sha256=digest)
        except errors.SpinscoreError as exc:
            message = exc.message
            if page.coding and isinstance(exc, errors.BinaryInput):
                # The bytes are compressed, not binary: say with what.
                message = (f"the page is compressed with HTTP Content-Encoding '{page.coding}', which spinscore "
                           "cannot decode")
            report = Report.failed(page.path, exc.code, message, sha256=digest)
    if report.url is None:
        report.url = page.url
    if page.truncated and report.ok:
        from .caveats import record_truncated

        report.caveats.append(record_truncated(page.truncated))
    return report
