"""Web archives named by URL: open them as streams, for :func:`scorer.warc.iter_pages` (the batch
and the Spark job's executors read through it).

A crawl's WARC files live in object storage: Common Crawl serves its own over HTTPS
(``https://data.commoncrawl.org/crawl-data/...``) and S3 (``s3://commoncrawl/crawl-data/...``),
and lists each crawl's archives in a ``warc.paths.gz`` file of paths relative to those roots.
Its PySpark jobs (cc-pyspark) hand each executor such a path and let it stream the archive:
this module does the opening, so :func:`scorer.warc.iter_pages` reads a remote archive exactly as
it reads a local one, one record at a time, never the whole file in memory.

* a local path or ``file://`` URL: ``open``;
* ``http://`` / ``https://``: the standard library's ``urllib`` (no dependency);
* ``s3://`` / ``s3a://`` (Hadoop's name for the same buckets): ``boto3``, as cc-pyspark does,
  with the credentials boto3 finds (environment, instance role, ~/.aws); boto3 is not a
  dependency of spinscore: a clear error row says to install it;
* any other scheme (``gs://``, ``abfs://``, ...): ``fsspec`` when it is installed.

Only input the user names is fetched: the scorer itself never touches the network (its models
and tables ship with it). A failure to open or a download that breaks off becomes
:class:`~scorer.errors.Unreadable` (an ``unreadable`` row for the archive; the records read
before a break keep their rows).
"""
from __future__ import annotations

import gzip
import io
import re
import time
import urllib.parse
from typing import Any, BinaryIO, Callable, Iterable, Iterator, Optional

from . import errors

HTTP_TIMEOUT = 60.0  # seconds without a byte before a download counts as broken off
RETRIES = 4  # further attempts after a failed open or a broken download (see _Resuming)
BACKOFF = 2.0  # seconds before the first retry, doubled each time
MAX_WAIT = 60.0  # the longest wait, whatever a Retry-After header asks
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
_USER_AGENT = "spinscore-warc-reader"  # some servers refuse urllib's default agent


def scheme(path: str) -> Optional[str]:
    """The URL scheme of ``path`` in lower case ("https", "s3"), or None for a local path.
    A Windows drive ("C:\\\\crawl") has no "//" after its colon, so it is not a scheme."""
    m = _SCHEME_RE.match(path)
    return m.group(1).lower() if m else None


def is_remote(path: str) -> bool:
    """True for a URL that is not a local ``file://`` one."""
    return scheme(path) not in (None, "file")


def local_path(path: str) -> str:
    """A local path for ``path`` (a ``file://`` URL's path, percent-decoded)."""
    if scheme(path) == "file":
        from urllib.request import url2pathname  # here: urllib.request imports http, email, ssl

        return url2pathname(urllib.parse.urlsplit(path).path)
    return path


class _Transient(Exception):
    """A failure worth another try (a reset connection, HTTP 429/5xx), with the server's advice."""

    def __init__(self, message: str, retry_after: Optional[float] = None):
        super().__init__(message)
        self.retry_after = retry_after


Opener = Callable[[int], BinaryIO]  # byte offset -> a stream of the object from that offset


class _Resuming(io.RawIOBase):
    """A download stream that picks up where it broke off, and whose failures read as
    :class:`~scorer.errors.Unreadable`.

    A crawl's archive is ~1 GB; a connection reset at 900 MB should not lose the rest, and
    Common Crawl's servers answer busy periods with 503 ("slow down"). So a failed open or read
    is retried (``RETRIES`` times, waiting ``BACKOFF`` s, doubled each time, or what the server's
    Retry-After asks, capped at ``MAX_WAIT``) by asking for the bytes from the offset reached on
    (an HTTP or S3 Range request), and warcio reads on as if nothing happened.

    Any failure that is left reads as ``Unreadable``: :func:`scorer.warc.iter_pages` turns other
    exceptions into ``malformed_warc``, which would blame the archive for a network that broke
    (``http.client.IncompleteRead`` and botocore's errors are no ``OSError``).

    The same ranged opening makes the stream seekable (``can_seek``: HTTP, S3 and fsspec
    backends whose files seek), so a damaged
    gzip member in a remote WARC.gz is read past as in a local file (:func:`scorer.warc._resync`
    goes back to the damage and scans on for the next record) instead of ending the archive's
    reading there. A seek outside the reader's buffer costs one new request; a server that
    ignores Range sends the object from its start, and the bytes before the offset are skipped
    (:func:`_skip`), so going back in a large archive on such a server re-reads it up to there."""

    def __init__(self, opener: Opener, name: str, can_seek: bool = False):
        super().__init__()
        self._opener, self._name, self._read, self._can_seek = opener, name, 0, can_seek
        self._raw: Optional[BinaryIO] = None  # set first: close() runs even when opening fails
        self._raw = self._with_retries(lambda: opener(0), "cannot fetch")

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._can_seek

    def tell(self) -> int:
        return self._read

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Move to ``offset`` (from the start, or from here with SEEK_CUR): the connection is
        dropped and the next read opens the object there. The end is not known, so SEEK_END
        is refused, as is any seek on a stream that cannot reopen at an offset."""
        if whence == io.SEEK_CUR:
            offset += self._read
        if not self._can_seek or whence not in (io.SEEK_SET, io.SEEK_CUR):
            if whence == io.SEEK_CUR and offset == self._read:
                return self._read  # tell() by seek(0, 1), as io's own code asks it
            raise io.UnsupportedOperation(f"cannot seek in {self._name} (whence={whence})")
        if offset < 0:
            raise ValueError(f"negative seek position {offset}")
        if offset != self._read:
            self._drop()
            self._read = offset
        return self._read

    def readinto(self, b) -> int:
        if not len(b):
            return 0
        data = self._with_retries(lambda: self._chunk(len(b)), "download broke off")
        n = len(data)
        b[:n] = data
        self._read += n
        return n

    def _chunk(self, size: int) -> bytes:
        """The next bytes; on a failure, the stream is opened again at the offset reached."""
        if self._raw is None:
            self._raw = self._opener(self._read)
        try:
            data = self._raw.read(size)
        except Exception as exc:  # noqa: BLE001 - raw bytes: any failure here is the transport's
            self._drop()
            raise _Transient(f"{type(exc).__name__}: {exc}") from None
        # urllib ends a body that stops short of its Content-Length as if it were complete (it
        # does not raise, for compatibility): what it still expected is left in ``length``.
        missing = getattr(self._raw, "length", None) if not data else None
        if isinstance(missing, int) and missing > 0:
            self._drop()
            raise _Transient(f"the body ended {missing:,} bytes short of its announced length")
        return data

    def _with_retries(self, step: Callable[[], Any], what: str) -> Any:
        wait = BACKOFF
        for attempt in range(RETRIES + 1):
            try:
                return step()
            except _Transient as exc:
                if attempt == RETRIES:
                    at = f" after {self._read:,} bytes" if self._read else ""
                    raise errors.Unreadable(f"{what}: {self._name}{at}: {exc} "
                                            f"({RETRIES + 1} attempts)") from None
                time.sleep(min(MAX_WAIT, exc.retry_after if exc.retry_after is not None else wait))
                wait *= 2
        raise AssertionError("unreachable")

    def _drop(self) -> None:
        raw, self._raw = self._raw, None
        try:
            if raw is not None:
                raw.close()
        except Exception:  # noqa: BLE001 - closing a broken connection may fail again
            pass

    def close(self) -> None:
        try:
            self._drop()
        finally:
            super().close()


def _retry_after(exc) -> Optional[float]:
    """The seconds an HTTP error's Retry-After asks for, if it gives a number."""
    value = exc.headers.get("Retry-After") if exc.headers else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:  # an HTTP date: take our own backoff
        return None


def _http_opener(url: str) -> Opener:
    # Imported here, not at the top: a batch of local files never pays for http, email and ssl.
    import http.client
    import urllib.error
    import urllib.request

    first: dict[str, Optional[str]] = {}  # the validators of the first response

    def open_at(offset: int) -> BinaryIO:
        headers = {"User-Agent": _USER_AGENT}
        if offset:
            headers["Range"] = f"bytes={offset}-"
        req = urllib.request.Request(url, headers=headers)
        try:
            resp = urllib.request.urlopen(req, timeout=HTTP_TIMEOUT)  # noqa: S310 - the user's own input
        except urllib.error.HTTPError as exc:
            if exc.code == 429 or exc.code >= 500:
                raise _Transient(f"HTTP {exc.code} {exc.reason}", _retry_after(exc)) from None
            raise errors.Unreadable(f"cannot fetch {url}: HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            raise _Transient(str(getattr(exc, "reason", None) or exc)) from None
        except ValueError as exc:  # not a URL urllib can fetch
            raise errors.Unreadable(f"cannot fetch {url}: {exc}") from None
        validators = {"etag": resp.headers.get("ETag"), "last-modified": resp.headers.get("Last-Modified")}
        if not offset:
            first.update(validators)
        changed = [k for k, v in validators.items() if v and first.get(k) and v != first[k]]
        if changed:
            # Archives do not change, but a URL may be re-published: never splice two versions.
            resp.close()
            raise errors.Unreadable(f"{url} changed while it was read (its {', '.join(changed)} differ)")
        if offset and resp.status != 206:
            # The server ignored the range and sends the whole object: skip what was read.
            _skip(resp, offset, url)
        return resp

    return open_at


def _skip(resp, n: int, url: str) -> None:
    while n > 0:
        got = len(resp.read(min(n, 1 << 20)))
        if not got:
            raise _Transient(f"the body ended before byte {n:,} when resuming {url}")
        n -= got


def _s3_opener(url: str) -> Opener:
    parts = urllib.parse.urlsplit(url)
    bucket, key = parts.netloc, parts.path.lstrip("/")
    if not bucket or not key:
        raise errors.Unreadable(f"not an S3 object URL (s3://bucket/key): {url}")
    try:
        import boto3
    except ImportError:
        raise errors.Unreadable(f"cannot read {url}: S3 input needs boto3 (pip install boto3), or "
                                "read the same archive over HTTPS") from None
    client = boto3.client("s3")  # boto3 retries throttling itself; a broken stream is ours

    def open_at(offset: int) -> BinaryIO:
        try:
            extra = {"Range": f"bytes={offset}-"} if offset else {}
            return client.get_object(Bucket=bucket, Key=key, **extra)["Body"]
        except Exception as exc:  # noqa: BLE001 - botocore raises many kinds (no credentials, 403, 404)
            raise errors.Unreadable(f"cannot read {url}: {type(exc).__name__}: {exc}") from None

    return open_at


def _open_fsspec(url: str) -> BinaryIO:
    try:
        import fsspec
    except ImportError:
        raise errors.Unreadable(f"cannot read {url}: no reader for {scheme(url)}:// URLs (http, https, "
                                "s3 and local paths are built in; install fsspec for others)") from None
    try:
        return fsspec.open(url, "rb").open()
    except Exception as exc:  # noqa: BLE001 - each fsspec backend raises its own kinds
        raise errors.Unreadable(f"cannot read {url}: {type(exc).__name__}: {exc}") from None


def _fsspec_opener(url: str) -> tuple[Opener, bool]:
    """An opener for an fsspec URL (``gs://``, ``abfs://``, ...), and whether it can open the
    object at an offset. fsspec's files of object stores seek by themselves (each read past the
    buffer is a ranged request), so a file opened anew and moved to the offset serves both a
    seek (the reader going back to a damaged gzip member) and a resume after a broken read; it
    had been read on only, so a damaged member ended the archive there. A backend whose files
    cannot seek keeps that: read on only, a break or damage ends the archive."""
    first = _open_fsspec(url)
    try:
        can_seek = bool(first.seekable())
    except Exception:  # noqa: BLE001 - a backend's file that cannot say
        can_seek = False

    def open_at(offset: int) -> BinaryIO:
        nonlocal first
        if first is not None:  # the file opened above, for the first read
            fh, first = first, None
            if not offset:
                return fh
            fh.close()
        if not can_seek:
            raise errors.Unreadable(f"the stream broke off at byte {offset:,}")
        fh = _open_fsspec(url)
        try:
            fh.seek(offset)
        except Exception as exc:  # noqa: BLE001 - a backend's own kinds
            fh.close()
            raise errors.Unreadable(f"cannot read {url} from byte {offset:,}: {type(exc).__name__}: {exc}") from None
        return fh

    return open_at, can_seek


def open_archive(url: str) -> BinaryIO:
    """A stream of the remote archive ``url`` (raw bytes: warcio undoes the gzip itself), resumed
    by byte range when it breaks off (:class:`_Resuming`). Raises
    :class:`~scorer.errors.Unreadable` when it cannot be opened or read to its end."""
    s = scheme(url)
    if s in ("http", "https"):
        opener, ranged = _http_opener(url), True
    elif s in ("s3", "s3a", "s3n"):
        opener, ranged = _s3_opener(url), True
    else:
        opener, ranged = _fsspec_opener(url)
    return io.BufferedReader(_Resuming(opener, url, can_seek=ranged), buffer_size=1 << 16)


def read_listing(path: str, prefix: str = "") -> list[str]:
    """The archives a listing file names, one per line (Common Crawl's ``warc.paths.gz``):
    gzip or plain text, blank lines and ``#`` comments skipped. ``prefix`` is put before every
    line that is not already a URL or an absolute path ("https://data.commoncrawl.org/")."""
    opener = gzip.open if path.lower().endswith(".gz") else open
    try:
        # utf-8-sig: a listing saved by Windows Notepad opens with a byte-order mark, which became
        # part of the first path ("https://data.commoncrawl.org/\ufeffcrawl/...": unreadable).
        with opener(local_path(path), "rt", encoding="utf-8-sig") as fh:
            lines = [ln.strip() for ln in fh]
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise ValueError(f"cannot read the listing {path}: {exc}") from None
    return list(_prefixed((ln for ln in lines if ln and not ln.startswith("#")), prefix))


def _prefixed(items: Iterable[str], prefix: str) -> Iterator[str]:
    for item in items:
        if prefix and scheme(item) is None and not item.startswith("/"):
            yield prefix.rstrip("/") + "/" + item.removeprefix("./")
        else:
            yield item
