"""Shared fixtures. Tests that need the corpora skip with a reason when they are absent."""
from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from scorer.corpora.base import data_dir

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
def corpus_docs(shared_data) -> tuple:
    """The training corpus as ``scorer.training.corpus.assemble`` builds it, once per session
    (~40 s on a slow VM; four test modules read it, and CI must stay under 15 minutes).
    Read-only: a test must not change a document."""
    from scorer.training.corpus import assemble

    return tuple(assemble(shared_data))


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
    data = b""

    def do_GET(self):  # noqa: N802 - the http.server API
        if self.path == "/crawl.warc.gz":
            self.send_response(200)
            self.send_header("Content-Length", str(len(self.data)))
            self.end_headers()
            self.wfile.write(self.data)
        elif self.path == "/cut.warc.gz":  # promises the whole archive, sends 60 % and hangs up
            self.send_response(200)
            self.send_header("Content-Length", str(len(self.data)))
            self.end_headers()
            self.wfile.write(self.data[: len(self.data) * 6 // 10])
            self.wfile.flush()
            self.close_connection = True
        else:
            self.send_error(404, "Not Found")

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="session")
def warc_archive(tmp_path_factory) -> Path:
    """``tests/test_warc.py``'s archive (RECORDS; HTML_IDS are its article records), gzipped."""
    from test_warc import write_warc

    path = tmp_path_factory.mktemp("remote") / "crawl.warc.gz"
    write_warc(path)
    return path


@pytest.fixture(scope="session")
def warc_server(warc_archive):
    """Base URL of a server on 127.0.0.1 serving ``/crawl.warc.gz`` (:func:`warc_archive`),
    ``/cut.warc.gz`` (the same, broken off at 60 % of its announced length), 404 otherwise."""
    handler = type("Handler", (_WarcHandler,), {"data": warc_archive.read_bytes()})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
