"""A damaged gzip member in the middle of a WARC.gz (bit flips, a truncated upload concatenated
with the rest) costs one ``malformed_warc`` row for the damaged region, keyed by its byte offset;
reading goes on at the next member that holds a WARC record, so the records after it keep their
rows (they were all lost), and ``--resume`` neither repeats nor loses a row."""
from __future__ import annotations

import io
import json

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scorer import warc
from scorer.cli import main
from scorer.warc import MalformedArchive, iter_pages
from test_warc import _page


def _member(i: int, payload: bytes) -> bytearray:
    """An HTML response record of ``payload`` as its own gzip member, as warcio writes it."""
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(payload)))],
                            protocol="HTTP/1.1")
    w.write_record(w.create_warc_record(
        f"https://news.example.com/{i}", "response", payload=io.BytesIO(payload), http_headers=http,
        warc_headers_dict={"WARC-Record-ID": f"<urn:uuid:{i:08d}-0000-0000-0000-000000000000>",
                           "WARC-Date": "2025-06-14T08:00:00Z"}))
    return bytearray(buf.getvalue())


def _members(n: int) -> list[bytearray]:
    """``n`` HTML response records, each its own gzip member, as warcio writes them."""
    return [_member(i, _page(f"Council story number {i}")) for i in range(n)]


def _flip(member: bytearray) -> bytearray:
    for k in range(30, 60):  # inside the deflate data, past the 10-byte gzip header
        member[k] ^= 0xFF
    return member


def _write(path, members) -> list[int]:
    """Write ``members``; the byte offset where each starts."""
    starts, at = [], 0
    for m in members:
        starts.append(at)
        at += len(m)
    path.write_bytes(b"".join(bytes(m) for m in members))
    return starts


def _ids(pages) -> list[str]:
    return [p.record_id for p in pages]


def _id(i: int) -> str:
    return f"urn:uuid:{i:08d}-0000-0000-0000-000000000000"


@pytest.mark.parametrize("damage", ["flip", "cut"])
def test_records_after_a_damaged_member_are_read(tmp_path, damage):
    members = _members(100)
    members[50] = _flip(members[50]) if damage == "flip" else members[50][: len(members[50]) // 2]
    path = tmp_path / "a.warc.gz"
    starts = _write(path, members)
    pages = list(iter_pages(str(path), max_bytes=1_000_000))
    # 99 of the 100 records (all but the damaged one), and one row for the damage, in its place
    assert _ids(pages) == [_id(i) for i in range(50)] + [f"offset-{starts[50]}"] + [_id(i) for i in range(51, 100)]
    bad = pages[50]
    assert bad.payload is None and bad.sha256 is not None
    assert f"byte {starts[50]:,}" in bad.damage and f"byte {starts[51]:,}" in bad.damage
    assert bad.damage.isascii()  # warcio's quote of the compressed bytes is left out
    report = warc.score_page(None, bad)
    assert (report.status, report.error_code, report.path) == ("error", "malformed_warc", f"{path}#offset-{starts[50]}")


def test_a_damaged_first_member_and_non_record_members_are_skipped(tmp_path):
    members = _members(4)
    members[0] = _flip(members[0])
    # a gzip member that is not a WARC record (a stray file concatenated in) is no place to resync
    import gzip
    stray = bytearray(gzip.compress(b"not a warc record\n" * 10))
    path = tmp_path / "a.warc.gz"
    starts = _write(path, [members[0], stray, *members[1:]])
    pages = list(iter_pages(str(path), max_bytes=1_000_000))
    assert _ids(pages) == ["offset-0", _id(1), _id(2), _id(3)]
    assert f"byte {starts[2]:,}" in pages[0].damage


def test_a_magic_split_across_scan_chunks_is_found(tmp_path, monkeypatch):
    members = _members(3)
    members[1] = _flip(members[1])
    path = tmp_path / "a.warc.gz"
    starts = _write(path, members)
    for chunk in (5, 7, 16, 33):  # every split of the 3 magic bytes across chunk ends
        monkeypatch.setattr(warc, "_SCAN_CHUNK", chunk)
        with open(path, "rb") as fh:
            assert warc._next_record_member(fh, starts[1] + 1) == starts[2], chunk


def test_damage_in_the_last_member_is_one_row_for_the_archive_as_before(tmp_path):
    members = _members(5)
    members[4] = _flip(members[4])
    path = tmp_path / "a.warc.gz"
    _write(path, members)
    got = []
    with pytest.raises(MalformedArchive):
        for page in iter_pages(str(path), max_bytes=1_000_000):
            got.append(page)
    assert _ids(got) == [_id(i) for i in range(4)]


class _Unseekable(io.RawIOBase):
    def __init__(self, data: bytes):
        self._b = io.BytesIO(data)

    def readable(self):
        return True

    def readinto(self, b):
        data = self._b.read(len(b))
        b[: len(data)] = data
        return len(data)


def test_a_stream_that_cannot_seek_ends_at_the_damage_as_before(tmp_path):
    members = _members(6)
    members[3] = _flip(members[3])
    stream = io.BufferedReader(_Unseekable(b"".join(bytes(m) for m in members)))
    got = []
    with pytest.raises(MalformedArchive):
        for page in iter_pages(stream, max_bytes=1_000_000, name="https://x/a.warc.gz"):
            got.append(page)
    assert _ids(got) == [_id(i) for i in range(3)]


@pytest.mark.parametrize("path", ["/crawl.warc.gz", "/norange.warc.gz"])
def test_a_remote_archive_is_read_past_its_damage_as_a_local_one(tmp_path, serve_bytes, path):
    """Over HTTP the reader goes back to the damage by a Range request (or, from a server that
    ignores Range, by reading the archive again up to there): the same pages as the local file."""
    members = _members(30)
    members[12] = _flip(members[12])
    local = tmp_path / "a.warc.gz"
    starts = _write(local, members)
    base = serve_bytes(local.read_bytes())
    url = base + path
    pages = list(iter_pages(url, max_bytes=1_000_000))
    want = list(iter_pages(str(local), max_bytes=1_000_000))
    assert _ids(pages) == _ids(want) == [_id(i) for i in range(12)] + [f"offset-{starts[12]}"] + [
        _id(i) for i in range(13, 30)]
    assert [p.payload for p in pages] == [p.payload for p in want]
    assert pages[12].damage == want[12].damage and pages[12].damage_sha256 == want[12].damage_sha256
    assert base.handler.hits[path] >= 2  # it did go back: a second request


def test_a_remote_stream_seeks_by_range_and_refuses_what_it_cannot(serve_bytes):
    from scorer.remote import open_archive

    data = bytes(range(256)) * 1024  # 256 KiB, so that seeks leave the 64 KiB buffer
    base = serve_bytes(data)
    with open_archive(base + "/crawl.warc.gz") as fh:
        assert fh.seekable() and fh.tell() == 0
        assert fh.read(10) == data[:10]
        fh.seek(200_000)
        assert fh.tell() == 200_000 and fh.read(5) == data[200_000:200_005]
        fh.seek(3)
        assert fh.read(4) == data[3:7]
        with pytest.raises(io.UnsupportedOperation):
            fh.seek(0, io.SEEK_END)


def _rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_batch_and_resume_over_a_damaged_archive(tmp_path, capsys):
    d = tmp_path / "in"
    d.mkdir()
    members = _members(8)
    good = [bytearray(m) for m in members]
    members[4] = _flip(members[4])
    archive = d / "a.warc.gz"
    starts = _write(archive, members)
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--no-progress", "--jobs", "2"]) == 1
    rows = _rows(out)
    assert [r["status"] for r in rows] == ["ok"] * 4 + ["error"] + ["ok"] * 3
    assert rows[4]["path"] == f"{archive}#offset-{starts[4]}" and rows[4]["error_code"] == "malformed_warc"
    full = out.read_text(encoding="utf-8")
    # again over the whole output: nothing added; over an interrupted one: the rest, once each
    assert main(["batch", str(d), "--out", str(out), "--no-progress", "--resume"]) == 1
    assert out.read_text(encoding="utf-8") == full
    out.write_text("".join(full.splitlines(keepends=True)[:3]), encoding="utf-8")
    assert main(["batch", str(d), "--out", str(out), "--no-progress", "--resume"]) == 1
    assert sorted(out.read_text(encoding="utf-8").splitlines()) == sorted(full.splitlines())
    # the archive repaired: the damaged region's row goes, the lost record gets its row
    _write(archive, good)
    assert main(["batch", str(d), "--out", str(out), "--no-progress", "--resume"]) == 0
    rows = _rows(out)
    assert len(rows) == 8 and {r["status"] for r in rows} == {"ok"}
    assert sorted(r["path"] for r in rows) == sorted(f"{archive}#{_id(i)}" for i in range(8))


def _big_member(i: int) -> bytearray:
    """A record whose gzip member spans several of warcio's 16 KiB read blocks (numbered words
    barely compress), so damage near its end is met after the member's first block."""
    paras = "".join("<p>" + " ".join(f"council{(k * 7919 + j * 104729) % 999983}" for j in range(60)) + ".</p>"
                    for k in range(150))
    return _member(i, f"<html><head><title>Story {i}</title></head><body><article>{paras}</article></body></html>".encode())


def test_damage_past_a_members_first_block_writes_nothing_to_stderr(tmp_path, capfd):
    # warcio wrote "Error -3 while decompressing data: incorrect data check" to stderr (twice),
    # into the batch's progress line; the damage is already the malformed_warc row's to tell.
    members = _members(4)
    big = _big_member(9)
    assert len(big) > 2 * 16384
    for k in range(len(big) - 3000, len(big) - 2960):
        big[k] ^= 0xFF
    members.insert(2, big)
    path = tmp_path / "crawl.warc.gz"
    starts = _write(path, members)
    pages = list(iter_pages(str(path), max_bytes=10**7))
    assert _ids(pages) == [_id(0), _id(1), f"offset-{starts[2]}", _id(2), _id(3)]
    assert pages[2].damage
    assert capfd.readouterr().err == ""


# ---- fsspec URLs (gs://, abfs://, ...): fsspec's own files, which seek by themselves -----------
def _fsspec_classes():
    """Two in-memory fsspec backends under made-up schemes: files that break off once after 40
    KiB (a dropped connection), and files that cannot seek (a backend streaming its object)."""
    fsspec = pytest.importorskip("fsspec", reason="fsspec (an optional reader of other URL schemes) is not installed")
    from fsspec.implementations.memory import MemoryFileSystem

    class _Breaking(io.RawIOBase):
        broke: list = []  # the paths that broke once already

        def __init__(self, fh, path):
            self._fh, self._path = fh, path

        def readable(self):
            return True

        def seekable(self):
            return True

        def seek(self, offset, whence=io.SEEK_SET):
            return self._fh.seek(offset, whence)

        def tell(self):
            return self._fh.tell()

        def readinto(self, b):
            if self._path not in self.broke and self._fh.tell() >= 40 * 1024:
                self.broke.append(self._path)
                raise ConnectionResetError("connection reset by peer")
            data = self._fh.read(len(b))
            b[: len(data)] = data
            return len(data)

    class _Streaming(_Breaking):
        def seekable(self):
            return False

        def seek(self, offset, whence=io.SEEK_SET):
            raise io.UnsupportedOperation("a stream")

        def readinto(self, b):
            data = self._fh.read(len(b))
            b[: len(data)] = data
            return len(data)

    class Breaking(MemoryFileSystem):
        protocol = "spinbreak"

        def _open(self, path, mode="rb", **kw):
            fh = super()._open(path, mode, **kw)
            return _Breaking(fh, path) if mode == "rb" else fh

    class Streaming(MemoryFileSystem):
        protocol = "spinstream"

        def _open(self, path, mode="rb", **kw):
            fh = super()._open(path, mode, **kw)
            return _Streaming(fh, path) if mode == "rb" else fh

    for cls in (Breaking, Streaming):
        fsspec.register_implementation(cls.protocol, cls, clobber=True)
    return fsspec


def _damaged_archive(tmp_path, n=30, at=12):
    members = _members(n)
    members[at] = _flip(members[at])
    local = tmp_path / "a.warc.gz"
    starts = _write(local, members)
    return local, starts


@pytest.mark.parametrize("scheme", ["memory", "spinbreak"])
def test_an_fsspec_archive_is_read_past_its_damage_as_a_local_one(tmp_path, scheme, monkeypatch):
    """An fsspec backend's files seek (object stores read by ranged requests): the reader goes
    back to the damage and on, as in a local file; a read that breaks off is resumed where it
    stopped. Both had ended the archive there (one row for the rest of it)."""
    from scorer import remote

    fsspec = _fsspec_classes()
    monkeypatch.setattr(remote, "BACKOFF", 0.0)
    local, starts = _damaged_archive(tmp_path)
    url = f"{scheme}://crawl/{tmp_path.name}/a.warc.gz"
    with fsspec.open(url, "wb") as fh:
        fh.write(local.read_bytes())
    try:
        pages = list(iter_pages(url, max_bytes=1_000_000))
    finally:
        fsspec.filesystem(scheme).rm(url)
    want = list(iter_pages(str(local), max_bytes=1_000_000))
    assert _ids(pages) == _ids(want) == [_id(i) for i in range(12)] + [f"offset-{starts[12]}"] + [
        _id(i) for i in range(13, 30)]
    assert [p.payload for p in pages] == [p.payload for p in want]
    assert pages[12].damage_sha256 == want[12].damage_sha256


def test_an_fsspec_backend_that_cannot_seek_ends_at_the_damage_as_before(tmp_path):
    fsspec = _fsspec_classes()
    local, _ = _damaged_archive(tmp_path, n=8, at=3)
    url = f"spinstream://crawl/{tmp_path.name}/a.warc.gz"
    with fsspec.open(url, "wb") as fh:
        fh.write(local.read_bytes())
    got = []
    try:
        with pytest.raises(MalformedArchive):
            for page in iter_pages(url, max_bytes=1_000_000):
                got.append(page)
    finally:
        fsspec.filesystem("spinstream").rm(url)
    assert _ids(got) == [_id(i) for i in range(3)]
