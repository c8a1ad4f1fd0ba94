"""Web archives named by URL: open them as streams, for the Spark job's executors.

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
import http.client
import io
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import BinaryIO, Iterable, Iterator, Optional

from . import errors

HTTP_TIMEOUT = 60.0  # seconds without a byte before a download counts as broken off
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
        return urllib.request.url2pathname(urllib.parse.urlsplit(path).path)
    return path


class _Guarded(io.RawIOBase):
    """A download stream whose failures read as :class:`~scorer.errors.Unreadable`.

    warcio reads the archive through it; :func:`scorer.warc.iter_pages` turns any other
    exception into ``malformed_warc``, which would blame the archive for a network that broke
    (a reset connection, a read timeout, a body cut short: ``http.client.IncompleteRead`` is
    no ``OSError``)."""

    def __init__(self, raw, name: str):
        super().__init__()
        self._raw, self._name, self._read = raw, name, 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        try:
            data = self._raw.read(len(b))
        except Exception as exc:  # noqa: BLE001 - raw bytes: any failure here is the transport's
            # (OSError, http.client.IncompleteRead, botocore's IncompleteReadError, ...)
            raise errors.Unreadable(f"download of {self._name} broke off after {self._read:,} bytes: "
                                    f"{type(exc).__name__}: {exc}") from None
        n = len(data)
        # urllib ends a body that stops short of its Content-Length as if it were complete (it
        # does not raise, for compatibility): what it still expected is left in ``length``.
        missing = getattr(self._raw, "length", None) if not n and len(b) else None
        if isinstance(missing, int) and missing > 0:
            raise errors.Unreadable(f"download of {self._name} broke off after {self._read:,} bytes "
                                    f"({missing:,} more were announced)")
        b[:n] = data
        self._read += n
        return n

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


def _open_http(url: str) -> BinaryIO:
    req = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    try:
        resp = urllib.request.urlopen(req, timeout=HTTP_TIMEOUT)  # noqa: S310 - the user's own input
    except urllib.error.HTTPError as exc:
        raise errors.Unreadable(f"cannot fetch {url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise errors.Unreadable(f"cannot fetch {url}: {reason}") from None
    return resp


def _open_s3(url: str) -> BinaryIO:
    parts = urllib.parse.urlsplit(url)
    bucket, key = parts.netloc, parts.path.lstrip("/")
    if not bucket or not key:
        raise errors.Unreadable(f"not an S3 object URL (s3://bucket/key): {url}")
    try:
        import boto3
    except ImportError:
        raise errors.Unreadable(f"cannot read {url}: S3 input needs boto3 (pip install boto3), or "
                                "read the same archive over HTTPS") from None
    try:
        return boto3.client("s3").get_object(Bucket=bucket, Key=key)["Body"]
    except Exception as exc:  # noqa: BLE001 - botocore raises many kinds (no credentials, 403, 404)
        raise errors.Unreadable(f"cannot read {url}: {type(exc).__name__}: {exc}") from None


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


def open_archive(url: str) -> BinaryIO:
    """A stream of the remote archive ``url`` (raw bytes: warcio undoes the gzip itself).
    Raises :class:`~scorer.errors.Unreadable` when it cannot be opened."""
    s = scheme(url)
    if s in ("http", "https"):
        raw = _open_http(url)
    elif s in ("s3", "s3a", "s3n"):
        raw = _open_s3(url)
    else:
        raw = _open_fsspec(url)
    return io.BufferedReader(_Guarded(raw, url), buffer_size=1 << 16)


def read_listing(path: str, prefix: str = "") -> list[str]:
    """The archives a listing file names, one per line (Common Crawl's ``warc.paths.gz``):
    gzip or plain text, blank lines and ``#`` comments skipped. ``prefix`` is put before every
    line that is not already a URL or an absolute path ("https://data.commoncrawl.org/")."""
    opener = gzip.open if path.lower().endswith(".gz") else open
    try:
        with opener(local_path(path), "rt", encoding="utf-8") as fh:
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
