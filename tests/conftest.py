"""Shared fixtures. Tests that need the corpora skip with a reason when they are absent."""
from __future__ import annotations

import contextlib
import dataclasses
import http.server
import json
import os
import threading
from pathlib import Path

import pytest

# Under pytest-xdist (README and CI: -n 2 on two cores) each worker is one core: OpenMP and BLAS
# threads of their own (scikit-learn's gradient boosting in the training gates) would put four
# busy threads on two cores. Measured on the four training-gate modules: 188 s -> 159 s. Set
# before anything imports numpy or scikit-learn, and inherited by the tests' subprocesses.
if os.environ.get("PYTEST_XDIST_WORKER"):
    for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_var, "1")

from scorer.corpora.base import Doc, data_dir  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data (or $SPINSCORE_DATA); skips the test when it is not on this machine."""
    d = data_dir()
    if not (d / "README.md").exists() and not any(d.glob("*/")):
        pytest.skip(f"corpora not found at {d} (set SPINSCORE_DATA; see README 'Retraining')")
    return d


@pytest.fixture(scope="session")
def corpus_docs(shared_data, tmp_path_factory) -> tuple:
    """The training corpus as ``scorer.training.corpus.assemble`` builds it (~50 s), once per test
    run: nine test modules read it, and CI must stay under 15 minutes. Under pytest-xdist the
    first worker to need it builds it and leaves it as JSON in the run's temporary folder, and
    the other reads that (~1 s; a Doc holds plain JSON values, so it reads back equal).
    Read-only: a test must not change a document."""
    from scorer.training.corpus import assemble

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return tuple(assemble(shared_data))
    from filelock import FileLock

    def read(blob: str) -> tuple:
        return tuple(Doc(**d) for d in json.loads(blob))

    shared = tmp_path_factory.getbasetemp().parent / "corpus_docs.json"  # the run's, not a worker's
    with FileLock(f"{shared}.lock"):
        if shared.is_file():
            return read(shared.read_text(encoding="utf-8"))
        docs = tuple(assemble(shared_data))
        blob = json.dumps([dataclasses.asdict(d) for d in docs])
        # A field JSON does not keep (a tuple, a set) would give the two workers different corpora.
        assert read(blob) == docs, "a corpus Doc does not survive JSON"
        shared.write_text(blob, encoding="utf-8")
        return docs


@pytest.fixture(scope="session")
def corpus_by_hash(corpus_docs) -> tuple:
    """:func:`corpus_docs` in a fixed order that does not depend on how the corpus is built: by
    the SHA-256 of each document's text."""
    import hashlib

    return tuple(sorted(corpus_docs, key=lambda d: hashlib.sha256(d.text.encode()).hexdigest()))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def news_page() -> str:
    """A full HTML news page (navigation, article, footer) of about 300 words."""
    return ("<!DOCTYPE html><html><head><title>Port deal | Daily Post</title></head><body><nav><a href='/'>Home</a>"
            "</nav><article><h1>Port deal signed</h1>" + "".join(
                f"<p>The port authority said on Monday that it had signed a {n}-year lease with a shipping group, "
                f"and that work on the new berths would begin in the spring, officials said.</p>" for n in range(2, 14))
            + "</article><footer><p>© 2024 Daily Post</p></footer></body></html>")


# ---- a WARC archive served over HTTP on the loopback interface (remote input, no network) ----
class _WarcHandler(http.server.BaseHTTPRequestHandler):
    """Paths: ``/crawl.warc.gz`` (honours Range), ``/flaky.warc.gz`` (a request from byte 0 is cut
    at 60 %, a Range request is answered), ``/cut.warc.gz`` (ignores Range and always hangs up at
    60 % of the announced length), ``/changing.warc.gz`` (as flaky, but its ETag differs between
    the two answers), ``/norange.warc.gz`` (ignores Range: the whole archive every time), ``/busy.warc.gz`` (503 with Retry-After: 0 to its first two
    requests, then as crawl), anything else 404. ``hits`` counts requests per path."""

    data = b""
    hits: dict = {}
    CUT_FIRST = ("/flaky.warc.gz", "/changing.warc.gz")

    def do_GET(self):  # noqa: N802 - the http.server API
        self.hits[self.path] = self.hits.get(self.path, 0) + 1
        start = 0
        rng = self.headers.get("Range", "")
        if rng.startswith("bytes=") and rng.endswith("-"):
            start = int(rng[6:-1])
        if self.path == "/busy.warc.gz" and self.hits[self.path] <= 2:
            self.send_response(503, "Slow Down")
            self.send_header("Retry-After", "0")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path in ("/crawl.warc.gz", "/busy.warc.gz") or (self.path in self.CUT_FIRST and start):
            self._send(start, len(self.data), etag='"v2"' if self.path == "/changing.warc.gz" else "")
        elif self.path == "/norange.warc.gz":
            self._send(0, len(self.data))
        elif self.path in self.CUT_FIRST + ("/cut.warc.gz",):
            self._send(0, len(self.data) * 6 // 10, announced=len(self.data))
        else:
            self.send_error(404, "Not Found")

    def _send(self, start: int, stop: int, announced: int = 0, etag: str = "") -> None:
        body = self.data[start:stop]
        self.send_response(206 if start else 200)
        if etag or self.path == "/changing.warc.gz":
            self.send_header("ETag", etag or '"v1"')
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(self.data) - 1}/{len(self.data)}")
        self.send_header("Content-Length", str(announced - start if announced else len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, *args):  # keep the test output clean
        pass


class _ServerURL(str):
    """The server's base URL (a str), with its handler class (request counts) attached."""

    def __new__(cls, url: str, handler):
        obj = super().__new__(cls, url)
        obj.handler = handler
        return obj


@pytest.fixture(scope="session")
def warc_archive(tmp_path_factory) -> Path:
    """``tests/test_warc.py``'s archive (RECORDS; HTML_IDS are its article records), gzipped."""
    from test_warc import write_warc

    path = tmp_path_factory.mktemp("remote") / "crawl.warc.gz"
    write_warc(path)
    return path


@contextlib.contextmanager
def _serving(data: bytes):
    """A :class:`_WarcHandler` server on 127.0.0.1 serving ``data``, as its base URL."""
    handler = type("Handler", (_WarcHandler,), {"data": data, "hits": {}})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield _ServerURL(f"http://127.0.0.1:{httpd.server_address[1]}", handler)
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def warc_server(warc_archive):
    """Base URL of a server on 127.0.0.1 serving :func:`warc_archive` in the ways
    :class:`_WarcHandler` lists; the handler class is ``warc_server.handler``."""
    with _serving(warc_archive.read_bytes()) as url:
        yield url


@pytest.fixture
def serve_bytes():
    """``serve_bytes(data)``: the base URL of a :class:`_WarcHandler` server for ``data`` (its
    paths as :func:`warc_server`'s), stopped when the test ends."""
    with contextlib.ExitStack() as stack:
        yield lambda data: stack.enter_context(_serving(bytes(data)))
