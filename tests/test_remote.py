"""Remote web archives (scorer.remote): WARC files read over HTTP from a server this test runs on
the loopback interface, S3 through a stand-in boto3, listing files as Common Crawl publishes
them; a download that fails or breaks off is an ``unreadable`` row, never a crash or a silent
loss. The Spark job's partition function is run directly (no Spark needed here; the Spark
test runs the whole job on local[2])."""
from __future__ import annotations

import gzip
import io
import json
import sys
import types

import pytest

from scorer import errors
from scorer import spark as sp
from scorer.cli import main
from scorer.features.base import feature_names
from scorer import remote
from scorer.remote import is_remote, local_path, open_archive, read_listing, scheme
from scorer.scoring import ScorerSettings
from scorer.warc import iter_pages
from test_warc import HTML_IDS


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch):
    """Retries without the production backoff (seconds each), so the tests stay fast."""
    monkeypatch.setattr(remote, "BACKOFF", 0.0)


def _record_ids(pages) -> list[str]:
    return [p.record_id for p in pages]


def test_schemes_and_local_paths():
    assert scheme("https://data.commoncrawl.org/x.warc.gz") == "https"
    assert scheme("S3A://bucket/key") == "s3a"
    assert scheme("/crawl/a.warc.gz") is None and scheme(r"C:\crawl\a.warc.gz") is None
    assert is_remote("s3://b/k") and not is_remote("file:///tmp/a.warc") and not is_remote("a.warc")
    assert local_path("file:///tmp/my%20crawl/a.warc.gz") == "/tmp/my crawl/a.warc.gz"
    assert local_path("/tmp/a.warc") == "/tmp/a.warc"


def test_an_archive_over_http_reads_as_the_local_file(warc_server, warc_archive):
    local = list(iter_pages(str(warc_archive), max_bytes=5_000_000))
    url = warc_server + "/crawl.warc.gz"
    with open_archive(url) as fh:
        remote = list(iter_pages(fh, max_bytes=5_000_000, name=url))
    assert _record_ids(remote) == _record_ids(local) == HTML_IDS
    assert _record_ids(iter_pages(f"file://{warc_archive}", max_bytes=5_000_000)) == HTML_IDS
    assert [p.payload for p in remote] == [p.payload for p in local]
    assert remote[0].path == f"{url}#{HTML_IDS[0]}"
    assert [p.url for p in remote] == [p.url for p in local]


def test_http_errors_are_unreadable(warc_server):
    hits = warc_server.handler.hits
    before = hits.get("/missing.warc.gz", 0)
    with pytest.raises(errors.Unreadable, match="HTTP 404"):
        open_archive(warc_server + "/missing.warc.gz")
    assert hits["/missing.warc.gz"] - before == 1  # a 404 is final: no retry
    # A port nobody listens on (the discard service's, closed on any test machine): retried,
    # then unreadable.
    with pytest.raises(errors.Unreadable, match=r"cannot fetch.*\(5 attempts\)"):
        open_archive("http://127.0.0.1:9/a.warc.gz")


def test_a_busy_server_is_asked_again(warc_server, warc_archive):
    """503 "slow down" (Common Crawl's answer in busy hours) twice, then the archive."""
    url = warc_server + "/busy.warc.gz"
    assert "/busy.warc.gz" not in warc_server.handler.hits  # its first two requests get the 503
    with open_archive(url) as fh:
        pages = list(iter_pages(fh, max_bytes=5_000_000, name=url))
    assert _record_ids(pages) == HTML_IDS
    assert warc_server.handler.hits["/busy.warc.gz"] == 3


def test_a_download_that_breaks_off_resumes_where_it_stopped(warc_server, warc_archive):
    url = warc_server + "/flaky.warc.gz"
    before = warc_server.handler.hits.get("/flaky.warc.gz", 0)
    local = list(iter_pages(str(warc_archive), max_bytes=5_000_000))
    with open_archive(url) as fh:
        pages = list(iter_pages(fh, max_bytes=5_000_000, name=url))
    assert [p.payload for p in pages] == [p.payload for p in local]
    assert _record_ids(pages) == HTML_IDS
    assert warc_server.handler.hits["/flaky.warc.gz"] - before == 2  # the whole, cut; then a Range request


def test_a_resumed_download_of_an_archive_that_changed_is_refused(warc_server):
    url = warc_server + "/changing.warc.gz"
    with pytest.raises(errors.Unreadable, match=r"changed while it was read \(its etag differ"):
        with open_archive(url) as fh:
            list(iter_pages(fh, max_bytes=5_000_000, name=url))


def test_a_download_that_keeps_breaking_keeps_the_records_before_and_says_so(warc_server):
    url = warc_server + "/cut.warc.gz"  # ignores Range and hangs up at 60 % every time
    before = warc_server.handler.hits.get("/cut.warc.gz", 0)
    got = []
    with pytest.raises(errors.Unreadable, match="download broke off") as info:
        with open_archive(url) as fh:
            for page in iter_pages(fh, max_bytes=5_000_000, name=url):
                got.append(page.record_id)
    assert got == HTML_IDS[: len(got)] and len(got) < len(HTML_IDS)
    assert info.value.code == "unreadable" and "5 attempts" in info.value.message
    assert warc_server.handler.hits["/cut.warc.gz"] - before == remote.RETRIES + 1


def test_partition_rows_for_remote_archives(warc_server):
    """The Spark job's partition function: one row per HTML record of a remote archive, and one
    error row (with the reason) for an archive that cannot be fetched or breaks off."""
    features = feature_names()
    cols = sp.columns(features)
    paths = [warc_server + "/crawl.warc.gz", warc_server + "/gone.warc.gz", warc_server + "/cut.warc.gz"]
    rows = [dict(zip(cols, t)) for t in sp.score_warc_partition(paths, features=features,
                                                                  settings=ScorerSettings())]
    ok = [r for r in rows if r["path"].startswith(paths[0] + "#")]
    assert [r["path"].split("#", 1)[1] for r in ok] == HTML_IDS
    assert all(r["status"] == "ok" for r in ok)
    assert ok[0]["url"] == "https://news.example.com/a"
    gone = [r for r in rows if r["path"] == paths[1]]
    assert len(gone) == 1 and gone[0]["error_code"] == "unreadable" and "404" in gone[0]["error"]
    cut = [r for r in rows if r["path"] == paths[2]]
    assert len(cut) == 1 and cut[0]["error_code"] == "unreadable" and "download broke off" in cut[0]["error"]
    cut_records = [r for r in rows if r["path"].startswith(paths[2] + "#")]
    assert len(rows) == len(ok) + 1 + 1 + len(cut_records)


def test_s3_without_boto3_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "boto3", None)  # import boto3 -> ImportError
    with pytest.raises(errors.Unreadable, match="boto3"):
        open_archive("s3://commoncrawl/crawl-data/a.warc.gz")
    with pytest.raises(errors.Unreadable, match="bucket/key"):
        open_archive("s3://commoncrawl")


def test_s3_reads_the_object_boto3_returns_and_resumes_by_range(monkeypatch, warc_archive):
    data = warc_archive.read_bytes()
    calls = []

    class Breaking(io.BytesIO):
        """The first body: its connection resets at 60 % of the object."""

        def read(self, n=-1):
            if self.tell() >= len(data) * 6 // 10:
                raise ConnectionResetError("connection reset by peer")
            return super().read(min(n, len(data) * 6 // 10 - self.tell()))

    class Client:
        def get_object(self, Bucket, Key, Range=None):  # noqa: N803 - boto3's names
            calls.append((Bucket, Key, Range))
            if Range is None:
                return {"Body": Breaking(data)}
            return {"Body": io.BytesIO(data[int(Range[6:-1]):])}

    monkeypatch.setitem(sys.modules, "boto3", types.SimpleNamespace(client=lambda name: Client()))
    url = "s3a://commoncrawl/crawl-data/CC-MAIN-2025-26/a.warc.gz"
    with open_archive(url) as fh:
        pages = list(iter_pages(fh, max_bytes=5_000_000, name=url))
    key = "crawl-data/CC-MAIN-2025-26/a.warc.gz"
    assert calls == [("commoncrawl", key, None), ("commoncrawl", key, f"bytes={len(data) * 6 // 10}-")]
    assert _record_ids(pages) == HTML_IDS
    assert [p.payload for p in pages] == [p.payload for p in iter_pages(str(warc_archive), max_bytes=5_000_000)]


def test_other_schemes_need_fsspec(monkeypatch):
    monkeypatch.setitem(sys.modules, "fsspec", None)
    with pytest.raises(errors.Unreadable, match="fsspec"):
        open_archive("gs://bucket/a.warc.gz")


def test_listing_files_as_common_crawl_publishes_them(tmp_path):
    lines = ["crawl-data/CC-MAIN-2025-26/segments/1/warc/a.warc.gz", "", "# a comment",
             "./crawl-data/b.warc.gz", "https://example.org/c.warc.gz", "/local/d.warc.gz"]
    gz = tmp_path / "warc.paths.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    plain = tmp_path / "paths.txt"
    plain.write_text("\n".join(lines), encoding="utf-8")
    want = ["https://data.commoncrawl.org/crawl-data/CC-MAIN-2025-26/segments/1/warc/a.warc.gz",
            "https://data.commoncrawl.org/crawl-data/b.warc.gz", "https://example.org/c.warc.gz",
            "/local/d.warc.gz"]
    assert read_listing(str(gz), "https://data.commoncrawl.org/") == want
    assert read_listing(str(plain), "https://data.commoncrawl.org") == want  # no trailing slash
    assert read_listing(str(plain)) == [ln for ln in lines if ln and not ln.startswith("#")]
    with pytest.raises(ValueError, match="cannot read the listing"):
        read_listing(str(tmp_path / "none.gz"))


def test_expand_warcs_keeps_urls_and_refuses_remote_globs(tmp_path, warc_archive):
    url = "https://data.commoncrawl.org/crawl-data/a.warc.gz"
    assert sp.expand_warcs([url, f"file://{warc_archive}"]) == [url, str(warc_archive)]
    with pytest.raises(ValueError, match="--input-list"):
        sp.expand_warcs(["s3a://bucket/crawl/*.warc.gz"])


# ---- spinscore batch --input-list -------------------------------------------------------------
def _rows_of(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_batch_reads_a_listing_of_remote_archives_and_resumes(warc_server, tmp_path, capsys):
    listing = tmp_path / "warc.paths"
    listing.write_text("crawl.warc.gz\nmissing.warc.gz\nhttps://example.org/page.html\n", encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    args = ["batch", "--input-list", str(listing), "--input-prefix", warc_server, "--out", str(out),
            "--no-progress"]
    assert main(args) == 1  # some inputs failed
    rows = _rows_of(out)
    by_path = {r["path"]: r for r in rows}
    archive = warc_server + "/crawl.warc.gz"
    assert [r["path"] for r in rows if r["path"].startswith(archive + "#")] == [f"{archive}#{i}" for i in HTML_IDS]
    assert all(by_path[f"{archive}#{i}"]["status"] == "ok" for i in HTML_IDS)
    assert by_path[f"{archive}#{HTML_IDS[0]}"]["url"] == "https://news.example.com/a"
    assert by_path[warc_server + "/missing.warc.gz"]["error_code"] == "unreadable"
    assert "only web archives" in by_path["https://example.org/page.html"]["error"]
    assert len(rows) == len(HTML_IDS) + 2  # every listed input has its row(s), once

    capsys.readouterr()
    assert main(args + ["--resume"]) == 1
    assert "resuming: " in capsys.readouterr().err
    again = _rows_of(out)
    assert sorted(r["path"] for r in again) == sorted(r["path"] for r in rows)  # nothing scored twice


def test_batch_folder_and_listing_together(warc_server, warc_archive, tmp_path):
    folder = tmp_path / "local"
    folder.mkdir()
    (folder / "note.txt").write_text("The council met on Monday and approved the budget for the "
                                     "new library, the mayor said in a statement.\n", encoding="utf-8")
    listing = tmp_path / "list.txt"
    listing.write_text(warc_server + "/crawl.warc.gz\n", encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    assert main(["batch", str(folder), "--input-list", str(listing), "--out", str(out), "--no-progress"]) == 0
    paths = [r["path"] for r in _rows_of(out)]
    assert paths[0].endswith("note.txt") and len(paths) == 1 + len(HTML_IDS)


def test_batch_needs_a_folder_or_a_listing(tmp_path, capsys):
    assert main(["batch", "--out", str(tmp_path / "o.jsonl")]) == 2
    assert "--input-list" in capsys.readouterr().err
    assert main(["batch", "--input-list", str(tmp_path / "none.txt"), "--out", str(tmp_path / "o.jsonl")]) == 2
    assert "cannot read the listing" in capsys.readouterr().err


def test_a_listing_with_a_byte_order_mark_names_its_first_archive(tmp_path):
    """Windows Notepad saves UTF-8 with a byte-order mark: it became part of the first path."""
    from scorer.remote import read_listing

    listing = tmp_path / "paths.txt"
    listing.write_bytes(b"\xef\xbb\xbfcrawl/a.warc.gz\r\ncrawl/b.warc.gz\r\n")
    assert read_listing(str(listing), "https://data.example.org/") == [
        "https://data.example.org/crawl/a.warc.gz", "https://data.example.org/crawl/b.warc.gz"]
