"""WARC / WARC.gz input: one row per HTML response record, keyed by archive#record-id, with the
target URI as URL and the WARC-Date as date when the page has none; corrupt archives give an
error row, never a crash."""
from __future__ import annotations

import gzip
import io
import json

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scorer.cli import main
from scorer.report import Report
from scorer.warc import CaptureSet, content_charset, iter_pages, score_page

PARAS = ("The city council approved a new budget on Tuesday, the mayor's office said in a statement. "
         "Council member Rosa Lindqvist said the plan would add two libraries and extend bus routes. "
         "The vote was seven to two after a three-hour debate that ran late into the evening.")


def _page(title: str, extra_head: str = "") -> bytes:
    return (f"<!doctype html><html><head><title>{title}</title>{extra_head}</head><body>"
            f"<article><h1>{title}</h1><p>{PARAS}</p><p>{PARAS.replace('Tuesday', 'Monday')}</p>"
            f"</article></body></html>").encode("utf-8")


# (record id, type, target URI, content type, status, payload, WARC-Date)
RECORDS = [
    ("urn:uuid:00000000-0000-0000-0000-000000000001", "request", "https://news.example.com/a", None, None,
     b"GET /a HTTP/1.1\r\nHost: news.example.com\r\n\r\n", "2025-06-14T08:00:00Z"),
    ("urn:uuid:00000000-0000-0000-0000-000000000002", "response", "https://news.example.com/a", "text/html; charset=utf-8",
     "200 OK", _page("Council passes budget"), "2025-06-14T08:00:01Z"),
    ("urn:uuid:00000000-0000-0000-0000-000000000003", "response", "https://news.example.com/logo.png", "image/png",
     "200 OK", b"\x89PNG\r\n\x1a\n" + bytes(64), "2025-06-14T08:00:02Z"),
    ("urn:uuid:00000000-0000-0000-0000-000000000004", "response", "https://news.example.com/b", "text/html",
     "200 OK", _page("Libraries to open", '<meta property="article:published_time" content="2025-06-10T09:00:00Z">'),
     "2025-06-15T10:00:00Z"),
    ("urn:uuid:00000000-0000-0000-0000-000000000005", "response", "https://news.example.com/old", "text/html",
     "301 Moved Permanently", b"<html><body>moved</body></html>", "2025-06-15T10:00:01Z"),
    ("urn:uuid:00000000-0000-0000-0000-000000000006", "response", "https://other.example.org/c", "application/xhtml+xml",
     "200 OK", _page("Bus routes extended"), "2025-06-16T11:00:00Z"),
]
HTML_IDS = ["urn:uuid:00000000-0000-0000-0000-000000000002", "urn:uuid:00000000-0000-0000-0000-000000000004",
            "urn:uuid:00000000-0000-0000-0000-000000000006"]


def write_warc(path, gz: bool = True, records=RECORDS) -> None:
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        for rid, kind, uri, ctype, status, payload, date in records:
            headers = {"WARC-Record-ID": f"<{rid}>", "WARC-Date": date}
            if kind == "response":
                http = StatusAndHeaders(status, [("Content-Type", ctype), ("Content-Length", str(len(payload)))],
                                        protocol="HTTP/1.1")
                rec = w.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http,
                                           warc_headers_dict=headers)
            else:
                rec = w.create_warc_record(uri, kind, payload=io.BytesIO(payload),
                                           warc_content_type="application/http; msgtype=request",
                                           warc_headers_dict=headers)
            w.write_record(rec)


def _rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _batch_of_one_archive(tmp_path, name, write, gz):
    """``spinscore batch`` over a folder holding one archive that ``write`` makes: (its path, the rows)."""
    d = tmp_path / "in"
    d.mkdir()
    archive = d / name
    write(archive, gz=gz)
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--no-progress"]) == 0
    return archive, _rows(out)


@pytest.mark.parametrize("name,gz", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_one_row_per_html_response_record(tmp_path, name, gz):
    archive, rows = _batch_of_one_archive(tmp_path, name, write_warc, gz)
    assert [r["path"] for r in rows] == [f"{archive}#{rid}" for rid in HTML_IDS]
    assert [r["status"] for r in rows] == ["ok"] * 3
    assert [r["url"] for r in rows] == ["https://news.example.com/a", "https://news.example.com/b",
                                        "https://other.example.org/c"]
    # no date in the page: the fetch date; a page with its own date keeps it
    assert [r["date"] for r in rows] == ["2025-06-14", "2025-06-10", "2025-06-16"]
    assert all(r["source_format"] == "html" and r["sha256"] and r["word_count"] > 40 for r in rows)
    assert rows[0]["title"] == "Council passes budget"


def test_iter_pages_streams_records_with_payloads(tmp_path):
    archive = tmp_path / "a.warc.gz"
    write_warc(archive)
    pages = list(iter_pages(str(archive), max_bytes=5_000_000))
    assert [p.record_id for p in pages] == HTML_IDS
    assert pages[0].payload == RECORDS[1][5] and pages[0].fetched == "2025-06-14"
    small = list(iter_pages(str(archive), max_bytes=100))
    assert [p.payload for p in small] == [None, None, None]


def test_oversized_record_is_an_error_row(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    write_warc(d / "a.warc.gz")
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--max-bytes", "200"]) == 1
    rows = _rows(out)
    assert [r["error_code"] for r in rows] == ["too_large"] * 3
    assert rows[1]["url"] == "https://news.example.com/b"


@pytest.mark.parametrize("content", [
    b"this is not a web archive at all\n" * 20,
    # mtime=0: the same bytes on every run (pytest-xdist's workers must collect the same ids)
    gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort", mtime=0),
    b"\x1f\x8b\x08\x00garbage-after-a-gzip-magic" * 10,
], ids=["not_an_archive", "record_cut_short", "gzip_magic_then_garbage"])
def test_corrupt_archive_is_an_error_row_not_a_crash(tmp_path, content, capsys):
    d = tmp_path / "in"
    d.mkdir()
    (d / "bad.warc.gz").write_bytes(content)
    (d / "ok.txt").write_text(PARAS)
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out)]) == 1
    rows = _rows(out)
    assert "Traceback" not in capsys.readouterr().err
    bad = [r for r in rows if r["path"] == str(d / "bad.warc.gz")]
    assert len(bad) == 1 and bad[0]["status"] == "error" and bad[0]["error_code"] == "malformed_warc"
    assert bad[0]["sha256"]
    assert rows[-1]["path"].endswith("ok.txt") and rows[-1]["status"] == "ok"


@pytest.mark.parametrize("gz", [False, True])
def test_truncated_archive_keeps_its_whole_records_and_says_so(tmp_path, gz):
    d = tmp_path / "in"
    d.mkdir()
    archive = d / ("a.warc.gz" if gz else "a.warc")
    write_warc(archive, gz=gz)
    data = archive.read_bytes()
    archive.write_bytes(data[: int(len(data) * 0.9)])  # cut inside the last HTML record
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out)]) == 1
    rows = _rows(out)
    assert [r["path"] for r in rows] == [f"{archive}#{HTML_IDS[0]}", f"{archive}#{HTML_IDS[1]}", str(archive)]
    assert [r["status"] for r in rows] == ["ok", "ok", "error"]
    assert rows[2]["error_code"] == "malformed_warc" and "truncated" in rows[2]["error"]


def test_text_between_records_is_reported(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    write_warc(tmp_path / "a.warc", gz=False, records=RECORDS[1:2])
    write_warc(tmp_path / "b.warc", gz=False, records=RECORDS[3:4])
    (d / "x.warc").write_bytes((tmp_path / "a.warc").read_bytes() + b"\r\n\r\n" + (tmp_path / "b.warc").read_bytes())
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out)]) == 0  # blank lines between records are fine
    assert len(_rows(out)) == 2
    a, b = (tmp_path / "a.warc").read_bytes(), (tmp_path / "b.warc").read_bytes()
    (d / "x.warc").write_bytes(a + b"junk\r\n" + b)  # not a record
    assert main(["batch", str(d), "--out", str(out)]) == 1
    rows = _rows(out)
    assert rows[0]["status"] == "ok" and rows[-1]["error_code"] == "malformed_warc"
    (d / "x.warc").write_bytes(a[:-4] + b"more than Content-Length says\r\n" + a[-4:] + b)
    assert main(["batch", str(d), "--out", str(out)]) == 1
    rows = _rows(out)
    assert [r["status"] for r in rows] == ["ok", "ok", "error"]  # both records read, the archive flagged
    assert "Content-Length" in rows[2]["error"]


def test_empty_archive_is_an_error_row(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "e.warc.gz").write_bytes(b"")
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out)]) == 1
    assert [(r["path"], r["error_code"]) for r in _rows(out)] == [(str(d / "e.warc.gz"), "empty")]


def test_warc_and_files_in_parallel_and_resume(tmp_path, capsys):
    d = tmp_path / "in"
    d.mkdir()
    write_warc(d / "b.warc.gz")
    (d / "a.txt").write_text(PARAS)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["batch", str(d), "--out", str(one)]) == 0
    assert main(["batch", str(d), "--out", str(two), "--jobs", "2"]) == 0
    assert one.read_bytes() == two.read_bytes() and len(_rows(one)) == 4

    lines = one.read_bytes().splitlines(keepends=True)
    two.write_bytes(b"".join(lines[:2]))  # a.txt and the first record done
    capsys.readouterr()
    assert main(["batch", str(d), "--out", str(two), "--resume"]) == 0
    err = capsys.readouterr().err
    assert "2 row(s): 2 ok" in err and "2 skipped" in err
    assert two.read_bytes() == one.read_bytes()


def test_resume_over_a_corrupt_archive_then_a_repaired_one(tmp_path, capsys):
    d = tmp_path / "in"
    d.mkdir()
    archive = d / "a.warc.gz"
    write_warc(archive)
    whole = archive.read_bytes()
    archive.write_bytes(whole[: int(len(whole) * 0.9)])
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out)]) == 1
    snapshot = out.read_bytes()
    assert main(["batch", str(d), "--out", str(out), "--resume"]) == 1  # nothing new, still failed
    assert out.read_bytes() == snapshot
    capsys.readouterr()

    archive.write_bytes(whole)  # re-fetched: the last record arrives, the archive's error row goes
    assert main(["batch", str(d), "--out", str(out), "--resume"]) == 0
    assert "1 row(s): 1 ok" in capsys.readouterr().err
    rows = _rows(out)
    assert [r["path"] for r in rows] == [f"{archive}#{rid}" for rid in HTML_IDS]
    assert [r["status"] for r in rows] == ["ok"] * 3


def test_target_uri_and_fetch_date_feed_the_article(tmp_path):
    """The extractors see the fetch URL and date (citation and date checks), not just the row."""
    archive = tmp_path / "a.warc.gz"
    canonical = '<link rel="canonical" href="https://mirror.example.net/copy">'
    recs = [RECORDS[1], RECORDS[3][:5] + (_page("Libraries to open", canonical),) + RECORDS[3][6:]]
    write_warc(archive, records=recs)

    class Spy:  # the Scorer attributes score_page reads
        max_bytes = 5_000_000
        fast_html = False
        seen: list = []

        def score_article(self, article, *, path, sha256):
            self.seen.append(article)
            return Report(path=path, status="ok", url=article.url, date=article.published, sha256=sha256)

    spy = Spy()
    rows = [score_page(spy, p) for p in iter_pages(str(archive), max_bytes=spy.max_bytes)]
    assert [(a.url, a.published) for a in spy.seen] == [("https://news.example.com/a", "2025-06-14"),
                                                        ("https://news.example.com/b", "2025-06-15")]
    assert [r.path for r in rows] == [f"{archive}#{HTML_IDS[0]}", f"{archive}#{HTML_IDS[1]}"]


def test_fast_html_reaches_warc_records(tmp_path):
    """`batch --fast-html` over an archive: every HTML record is read in fast mode and says so."""
    d = tmp_path / "in"
    d.mkdir()
    write_warc(d / "crawl.warc.gz", gz=True)
    for extra, want in ((["--fast-html"], ["fast_html"]), ([], [])):
        out = tmp_path / f"r{len(extra)}.jsonl"
        assert main(["batch", str(d), "--out", str(out), "--no-progress", *extra]) == 0
        rows = _rows(out)
        assert len(rows) == len(HTML_IDS)
        assert all([c["code"] for c in r["caveats"] if c["code"] == "fast_html"] == want for r in rows)


# ---- the HTTP Content-Type's charset ---------------------------------------------------------
RU_TITLE = "Городской совет утвердил бюджет"
RU_PARAS = ("Городской совет во вторник утвердил новый бюджет, сообщили в мэрии. Депутат Роза Линдквист "
            "сказала, что план добавит две библиотеки и продлит автобусные маршруты. Голосование прошло "
            "семью голосами против двух после трёхчасовых дебатов, которые затянулись до позднего вечера.")


def _charset_rows(tmp_path, ctype: str, payload: bytes) -> list:
    d = tmp_path / "in"
    d.mkdir()
    rid = "urn:uuid:00000000-0000-0000-0000-0000000000c5"
    write_warc(d / "c.warc.gz", records=[(rid, "response", "https://news.example.ru/a", ctype, "200 OK", payload,
                                          "2025-06-14T08:00:00Z")])
    out = tmp_path / "r.jsonl"
    main(["batch", str(d), "--out", str(out), "--no-progress"])
    return _rows(out)


def _ru_page(head: str = "") -> str:
    return (f"<!doctype html><html><head><title>{RU_TITLE}</title>{head}</head><body><article>"
            f"<h1>{RU_TITLE}</h1><p>{RU_PARAS}</p><p>{RU_PARAS}</p></article></body></html>")


def test_http_charset_decodes_a_page_that_declares_it_nowhere_else(tmp_path):
    rows = _charset_rows(tmp_path, "text/html; charset=windows-1251", _ru_page().encode("cp1251"))
    assert [(r["status"], r["encoding"], r["title"]) for r in rows] == [("ok", "cp1251", RU_TITLE)]
    assert rows[0]["language"] == "ru"


def test_http_charset_wins_over_the_meta_charset(tmp_path):
    """The header is what the server sent; a page's meta tag is often a template's leftover."""
    page = _ru_page('<meta charset="iso-8859-5">').encode("koi8-r")
    rows = _charset_rows(tmp_path, 'text/html;charset="KOI8-R"', page)
    assert [(r["encoding"], r["title"]) for r in rows] == [("koi8-r", RU_TITLE)]
    assert content_charset('text/html; Charset="KOI8-R"; q=1') == "KOI8-R"
    assert content_charset("text/html") is None and content_charset("text/html; charset=") is None


def test_utf8_page_labelled_latin1_stays_utf8(tmp_path):
    rows = _charset_rows(tmp_path, "text/html; charset=ISO-8859-1", _ru_page().encode("utf-8"))
    assert [(r["encoding"], r["title"]) for r in rows] == [("utf-8", RU_TITLE)]


def test_latin1_label_reads_as_cp1252_as_browsers_do(tmp_path):
    title = "Café prices rise – “5 €” a cup"
    page = _page(title).decode("utf-8").encode("cp1252")
    rows = _charset_rows(tmp_path, "text/html; charset=iso-8859-1", page)
    assert [(r["encoding"], r["title"]) for r in rows] == [("cp1252", title)]


CAFE = "Café owners – “5 €”"


@pytest.mark.parametrize("ctype", ["text/html; charset=x-no-such-charset", "text/html; charset=base64",
                                   "text/html; charset=idna", "text/html; charset=", "text/html; charset=utf-8"])
@pytest.mark.parametrize("payload,encoding,title", [
    (_ru_page('<meta charset="windows-1251">').encode("cp1251"), "cp1251", RU_TITLE),
    (_page(CAFE).decode("utf-8").encode("cp1252"), "cp1252", CAFE),
])
def test_bogus_or_false_http_charset_falls_through(tmp_path, ctype, payload, encoding, title):
    """Unknown names, codecs that are no charset and a UTF-8 label on non-UTF-8 bytes are passed
    over: the page's meta charset, else cp1252, as for a page without the header."""
    rows = _charset_rows(tmp_path, ctype, payload)
    assert [(r["status"], r["encoding"], r["title"]) for r in rows] == [("ok", encoding, title)]


# ---- an archive without an article ------------------------------------------------------------
def test_archive_without_an_article_is_one_error_row(tmp_path, capsys):
    """Requests, an image and a redirect: no article, but the archive still gets its row (it gave
    none, silently, before); --resume counts that row as done."""
    d = tmp_path / "in"
    d.mkdir()
    archive = d / "img.warc.gz"
    write_warc(archive, records=[RECORDS[0], RECORDS[2], RECORDS[4]])
    (d / "ok.txt").write_text(PARAS)
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--no-progress"]) == 1
    rows = _rows(out)
    assert [(r["path"], r["status"], r["error_code"]) for r in rows] == [
        (str(archive), "error", "no_text"), (str(d / "ok.txt"), "ok", None)]
    assert rows[0]["error"] == ("no article in the archive: none of its records (1 request, 2 response) is an "
                                "HTML response with a 2xx status or a text/plain conversion (WET) record")
    assert rows[0]["sha256"]
    snapshot = out.read_bytes()
    capsys.readouterr()
    assert main(["batch", str(d), "--out", str(out), "--resume", "--no-progress"]) == 1
    assert out.read_bytes() == snapshot and "2 skipped" in capsys.readouterr().err


def test_archive_of_no_record_is_one_error_row(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "none.warc.gz").write_bytes(gzip.compress(b""))
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--no-progress"]) == 1
    assert [(r["error_code"], r["error"]) for r in _rows(out)] == [
        ("no_text", "no article in the archive: it holds no WARC record")]


def test_iter_pages_raises_no_text_after_the_whole_archive(tmp_path):
    from scorer import errors

    archive = tmp_path / "a.warc"
    write_warc(archive, gz=False, records=RECORDS[:1])
    with pytest.raises(errors.NoText):
        list(iter_pages(str(archive), max_bytes=100))
    write_warc(archive, gz=False, records=RECORDS[:2])
    assert [p.payload for p in iter_pages(str(archive), max_bytes=100)] == [None]  # an oversized article still counts


# ---- Common Crawl WET (extracted text) and WAT (metadata) archives -----------------------------
WET_TEXT = f"Council passes budget\n{PARAS}\n{PARAS.replace('Tuesday', 'Monday')}\n"
EL_TITLE = "Το δημοτικό συμβούλιο ενέκρινε τον προϋπολογισμό"
EL_TEXT = (f"{EL_TITLE}\nΤο δημοτικό συμβούλιο ενέκρινε την Τρίτη νέο προϋπολογισμό, ανέφερε σε ανακοίνωσή του "
           "το γραφείο του δημάρχου. Η σύμβουλος Ρόζα Λίντκβιστ είπε ότι το σχέδιο θα προσθέσει δύο βιβλιοθήκες "
           "και θα επεκτείνει τις γραμμές των λεωφορείων. Η ψηφοφορία έληξε επτά προς δύο μετά από τρίωρη "
           "συζήτηση που κράτησε μέχρι αργά το βράδυ.\n")
# (record id, WARC type, target URI, content type, payload, WARC-Date)
WET_RECORDS = [
    ("urn:uuid:00000000-0000-0000-0000-0000000000e0", "warcinfo", None, "application/warc-fields",
     b"Software-Info: ia-web-commons\r\nExtracted-Date: Mon, 16 Jun 2025\r\n", "2025-06-16T00:00:00Z"),
    ("urn:uuid:00000000-0000-0000-0000-0000000000e1", "conversion", "https://news.example.com/a", "text/plain",
     WET_TEXT.encode("utf-8"), "2025-06-14T08:00:01Z"),
    ("urn:uuid:00000000-0000-0000-0000-0000000000e2", "conversion", "https://news.example.gr/b", "text/plain",
     EL_TEXT.encode("utf-8"), "2025-06-15T10:00:00Z"),
    ("urn:uuid:00000000-0000-0000-0000-0000000000e3", "conversion", "https://news.example.com/c.pdf",
     "application/pdf", b"%PDF-1.4 not text", "2025-06-15T10:00:02Z"),
    ("urn:uuid:00000000-0000-0000-0000-0000000000e4", "conversion", "https://other.example.org/c",
     "text/plain; charset=utf-8", WET_TEXT.replace("Council passes budget", "Bus routes extended").encode("utf-8"),
     "2025-06-16T11:00:00Z"),
]
WET_IDS = [WET_RECORDS[i][0] for i in (1, 2, 4)]
WAT_RECORDS = [
    WET_RECORDS[0],
    ("urn:uuid:00000000-0000-0000-0000-0000000000a1", "metadata", "https://news.example.com/a", "application/json",
     json.dumps({"Envelope": {"WARC-Header-Metadata": {"WARC-Type": "response"}}}).encode(), "2025-06-14T08:00:01Z"),
]


def write_wet(path, gz: bool = True, records=WET_RECORDS) -> None:
    """A WET (or WAT) file as Common Crawl writes it: a warcinfo record, then one record per page
    that refers to the response record it was made from."""
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        for rid, kind, uri, ctype, payload, date in records:
            headers = {"WARC-Record-ID": f"<{rid}>", "WARC-Date": date}
            if kind != "warcinfo":
                headers["WARC-Refers-To"] = f"<urn:uuid:{rid[-12:]}-refers>"
            w.write_record(w.create_warc_record(uri or "", kind, payload=io.BytesIO(payload),
                                                warc_content_type=ctype, warc_headers_dict=headers))


@pytest.mark.parametrize("name,gz", [("CC-MAIN-1.warc.wet.gz", True), ("CC-MAIN-1.warc.wet", False)])
def test_wet_row_per_text_conversion_record(tmp_path, name, gz):
    archive, rows = _batch_of_one_archive(tmp_path, name, write_wet, gz)
    assert [r["path"] for r in rows] == [f"{archive}#{rid}" for rid in WET_IDS]
    assert [r["status"] for r in rows] == ["ok"] * 3
    assert [r["url"] for r in rows] == ["https://news.example.com/a", "https://news.example.gr/b",
                                        "https://other.example.org/c"]
    assert [r["date"] for r in rows] == ["2025-06-14", "2025-06-15", "2025-06-16"]  # the fetch dates
    assert all(r["source_format"] == "text" and r["encoding"] == "utf-8" and r["sha256"] for r in rows)
    assert [r["title"] for r in rows] == ["Council passes budget", EL_TITLE, "Bus routes extended"]
    assert rows[0]["word_count"] > 90


def test_wet_record_of_non_english_text(tmp_path):
    archive = tmp_path / "el.warc.wet.gz"
    write_wet(archive, records=WET_RECORDS[:1] + WET_RECORDS[2:3])
    pages = list(iter_pages(str(archive), max_bytes=5_000_000))
    assert [(p.kind, p.payload) for p in pages] == [("text", EL_TEXT.encode("utf-8"))]
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(tmp_path), "--out", str(out), "--no-progress"]) == 0
    [row] = _rows(out)
    assert (row["language"], row["title"], row["encoding"]) == ("el", EL_TITLE, "utf-8")
    assert row["word_count"] > 40 and row["score"] is not None


@pytest.mark.parametrize("name", ["CC-MAIN-1.warc.wat.gz", "CC-MAIN-1.warc.wat", "meta.warc.gz"])
def test_wat_archive_is_one_error_row(tmp_path, name):
    """A WAT file (by its name: not read) or any archive of metadata records (read to its end)."""
    d = tmp_path / "in"
    d.mkdir()
    write_wet(d / name, gz=name.endswith(".gz"), records=WAT_RECORDS)
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--no-progress"]) == 1
    rows = _rows(out)
    assert [(r["path"], r["status"], r["error_code"]) for r in rows] == [(str(d / name), "error", "no_text")]
    assert ("WAT archive" if ".wat" in name else "1 metadata, 1 warcinfo") in rows[0]["error"]
    assert rows[0]["sha256"]


def test_common_crawl_suffixes_are_archives():
    from scorer.warc import is_warc

    assert all(is_warc(f"x{s}") for s in (".warc.wet.gz", ".WARC.WET.GZ", ".warc.wet", ".warc.wat.gz", ".warc.wat"))
    assert not any(is_warc(f"x{s}") for s in (".wet.gz", ".wet", ".txt", ".warc.gz.txt"))


def test_resume_over_a_wet_archive_skips_done_records(tmp_path, capsys):
    d = tmp_path / "in"
    d.mkdir()
    write_wet(d / "a.warc.wet.gz")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["batch", str(d), "--out", str(one), "--no-progress"]) == 0
    lines = one.read_bytes().splitlines(keepends=True)
    assert len(lines) == 3
    two.write_bytes(b"".join(lines[:2]))  # interrupted after two records
    capsys.readouterr()
    assert main(["batch", str(d), "--out", str(two), "--resume", "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "1 row(s): 1 ok" in err and "2 skipped" in err
    assert two.read_bytes() == one.read_bytes()


def test_a_record_the_crawler_truncated_carries_a_caveat(tmp_path):
    """WARC-Truncated (Common Crawl keeps the first 1 MiB of a page): the row is scored as usual
    and says that the page's end may be missing; its untruncated neighbour says nothing."""
    archive = tmp_path / "cut.warc.gz"
    payload = _page("Council passes budget")
    with open(archive, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for n, extra in enumerate(({"WARC-Truncated": "length"}, {})):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(payload)))],
                                    protocol="HTTP/1.1")
            headers = {"WARC-Record-ID": f"<urn:uuid:cut-{n}>", "WARC-Date": "2025-06-14T08:00:00Z", **extra}
            w.write_record(w.create_warc_record(f"https://news.example.com/{n}", "response",
                                                payload=io.BytesIO(payload), http_headers=http,
                                                warc_headers_dict=headers))
    out = tmp_path / "rows.jsonl"
    assert main(["batch", str(tmp_path), "--out", str(out), "--no-progress"]) == 0
    rows = {r["path"].split("#")[1]: r for r in _rows(out)}
    cut = [c for c in rows["urn:uuid:cut-0"]["caveats"] if c["code"] == "record_truncated"]
    assert len(cut) == 1 and "over the crawler's size limit" in cut[0]["message"]
    assert not [c for c in rows["urn:uuid:cut-1"]["caveats"] if c["code"] == "record_truncated"]
    assert rows["urn:uuid:cut-0"]["score"] == rows["urn:uuid:cut-1"]["score"]  # a caveat never moves the score


# ---- a WARC and its WET file in one run ---------------------------------------------------------
@pytest.mark.parametrize("layout", [("CC-MAIN-7.warc.gz", "CC-MAIN-7.warc.wet.gz"),
                                    ("seg/warc/CC-MAIN-7.warc.gz", "seg/wet/CC-MAIN-7.warc.wet.gz")])
def test_wet_file_of_a_warc_in_the_run_is_one_row(tmp_path, layout):
    """The WARC's pages are scored once; the WET file of the same capture (same folder, or Common
    Crawl's warc/ and wet/ folders of one segment) gives one duplicate_archive row, on a resume too."""
    d = tmp_path / "in"
    warc, wet = (d / p for p in layout)
    for f in (warc, wet):
        f.parent.mkdir(parents=True, exist_ok=True)
    write_warc(warc)
    write_wet(wet)
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--no-progress", "--no-clusters"]) == 1
    rows = _rows(out)
    assert [r["path"] for r in rows] == [f"{warc}#{rid}" for rid in HTML_IDS] + [str(wet)]
    assert [r["status"] for r in rows] == ["ok"] * 3 + ["error"]
    assert rows[-1]["error_code"] == "duplicate_archive" and str(warc) in rows[-1]["error"]
    assert main(["batch", str(d), "--out", str(out), "--no-progress", "--no-clusters", "--resume"]) == 1
    assert _rows(out) == rows


@pytest.mark.parametrize("warc,wet", [("a/CC-MAIN-7.warc.gz", "b/CC-MAIN-7.warc.wet.gz"),
                                      ("seg/warc/CC-MAIN-7.warc.gz", "seg/wet/CC-MAIN-8.warc.wet.gz"),
                                      ("s1/warc/CC-MAIN-7.warc.gz", "s2/wet/CC-MAIN-7.warc.wet.gz")])
def test_capture_key_tells_other_captures_apart(warc, wet):
    """Another name, or the same name in an unrelated folder or another segment: not the same capture."""
    captures = CaptureSet()
    assert captures.duplicate(warc) is None
    assert captures.duplicate(wet) is None


def test_a_listing_naming_the_wet_file_first_still_scores_the_pages_once(tmp_path):
    """A listing is read whole before the run: its WARC files count from the start, so a WET file
    named before its WARC (in the listing, or in the folder the run walks first) gets the
    duplicate_archive row and the WARC's pages are scored once."""
    d = tmp_path / "in"
    d.mkdir()
    warc, wet = d / "CC-MAIN-7.warc.gz", d / "CC-MAIN-7.warc.wet.gz"
    write_warc(warc)
    write_wet(wet)
    listing = tmp_path / "paths.txt"
    listing.write_text(f"{wet}\n{warc}\n", encoding="utf-8")
    out = tmp_path / "r.jsonl"
    assert main(["batch", "--input-list", str(listing), "--out", str(out), "--no-progress", "--no-clusters"]) == 1
    rows = _rows(out)
    assert [r["path"] for r in rows] == [str(wet)] + [f"{warc}#{rid}" for rid in HTML_IDS]
    assert rows[0]["error_code"] == "duplicate_archive" and str(warc) in rows[0]["error"]

    seg = tmp_path / "seg"  # the run walks wet/ first; the listing names the WARC of warc/ after it
    (seg / "warc").mkdir(parents=True)
    (seg / "wet").mkdir()
    warc, wet = warc.rename(seg / "warc" / warc.name), wet.rename(seg / "wet" / wet.name)
    listing.write_text(f"{warc}\n", encoding="utf-8")
    out = tmp_path / "r2.jsonl"
    assert main(["batch", str(seg / "wet"), "--input-list", str(listing), "--out", str(out), "--no-progress",
                 "--no-clusters"]) == 1
    rows = _rows(out)
    assert [r["path"] for r in rows] == [str(wet)] + [f"{warc}#{rid}" for rid in HTML_IDS]
    assert rows[0]["error_code"] == "duplicate_archive"


def test_wet_before_its_warc_and_urls():
    """A WARC met first counts (a run streams its inputs), or one announced by expect; URLs of one
    segment match."""
    captures = CaptureSet()
    assert captures.duplicate("x/CC-MAIN-7.warc.wet.gz") is None
    assert captures.duplicate("x/CC-MAIN-7.warc.gz") is None
    assert captures.duplicate("x/CC-MAIN-7.warc.wet.gz") is not None
    assert captures.duplicate("x/CC-MAIN-7.warc.wat.gz") is None  # a WAT file has its own row
    seg = "https://data.commoncrawl.org/crawl-data/CC-MAIN-2025-26/segments/174.0"
    assert captures.duplicate(f"{seg}/warc/CC-MAIN-9.warc.gz") is None
    assert captures.duplicate(f"{seg}/wet/CC-MAIN-9.warc.wet.gz").code == "duplicate_archive"
    ahead = CaptureSet()
    ahead.expect(["y/CC-MAIN-3.warc.wet.gz", "y/CC-MAIN-3.warc.wat.gz", "y/CC-MAIN-3.warc.gz"])
    assert ahead.duplicate("y/CC-MAIN-3.warc.wet.gz").code == "duplicate_archive"
    assert ahead.duplicate("y/CC-MAIN-4.warc.wet.gz") is None


def test_warc_gzipped_as_one_member_keeps_every_record(tmp_path):
    """``gzip crawl.warc`` makes one gzip member for the whole file, not one per record: warcio
    stopped after the first record ("non-chunked gzip file"), losing every other page."""
    d = tmp_path / "in"
    d.mkdir()
    write_warc(tmp_path / "crawl.warc", gz=False)
    archive = d / "crawl.warc.gz"
    archive.write_bytes(gzip.compress((tmp_path / "crawl.warc").read_bytes()))
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--no-progress"]) == 0
    rows = _rows(out)
    assert [r["path"] for r in rows] == [f"{archive}#{rid}" for rid in HTML_IDS]
    assert [r["status"] for r in rows] == ["ok"] * 3
    whole = gzip.compress((tmp_path / "crawl.warc").read_bytes())
    archive.write_bytes(whole[: int(len(whole) * 0.9)])  # cut short, it still says so
    assert main(["batch", str(d), "--out", str(out), "--no-progress"]) == 1
    rows = _rows(out)
    assert rows[0]["status"] == "ok" and rows[-1]["error_code"] == "malformed_warc"
    assert "truncated" in rows[-1]["error"]


def _raw_record(headers: dict, block: bytes) -> bytes:
    """One WARC record written by hand (warcio's writer fills in what a damaged archive lacks)."""
    head = "".join(f"{k}: {v}\r\n" for k, v in {**headers, "Content-Length": len(block)}.items())
    return b"WARC/1.1\r\n" + head.encode() + b"\r\n" + block + b"\r\n\r\n"


def _raw_response(rid: str, uri, title: str, http_head: bytes = b"Content-Type: text/html\r\n") -> bytes:
    headers = {"WARC-Type": "response", "WARC-Record-ID": f"<{rid}>", "WARC-Date": "2025-06-14T08:00:00Z",
               "Content-Type": "application/http; msgtype=response"}
    if uri is not None:
        headers["WARC-Target-URI"] = uri
    return _raw_record(headers, b"HTTP/1.1 200 OK\r\n" + http_head + b"\r\n" + _page(title))


@pytest.mark.parametrize("gz", [False, True])
def test_response_without_target_uri_is_read_and_so_are_the_records_after(tmp_path, gz):
    """warcio crashed on a response with no WARC-Target-URI (AttributeError on None), which
    ended the archive there: that page and every later one were lost."""
    records = [_raw_response("urn:uuid:no-uri", None, "Council passes budget"),
               _raw_response("urn:uuid:after", "https://news.example.com/b", "Libraries to open")]
    d = tmp_path / "in"
    d.mkdir()
    archive = d / ("a.warc.gz" if gz else "a.warc")
    archive.write_bytes(b"".join(gzip.compress(r) if gz else r for r in records))
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--no-progress"]) == 0
    rows = _rows(out)
    assert [r["path"] for r in rows] == [f"{archive}#urn:uuid:no-uri", f"{archive}#urn:uuid:after"]
    assert [r["status"] for r in rows] == ["ok", "ok"]
    assert rows[0]["url"] is None and rows[0]["date"] == "2025-06-14" and rows[0]["title"] == "Council passes budget"
    assert rows[1]["url"] == "https://news.example.com/b"


def _chunked(data: bytes, size: int = 100) -> bytes:
    parts = [data[i:i + size] for i in range(0, len(data), size)]
    return b"".join(b"%x\r\n" % len(p) + p + b"\r\n" for p in parts) + b"0\r\n\r\n"


@pytest.mark.parametrize("http_head,body", [
    ([("Transfer-Encoding", "Chunked")], _chunked(_page("Council passes budget"))),
    ([("Transfer-Encoding", "chunked"), ("Content-Encoding", "GZIP")], _chunked(gzip.compress(_page("Council passes budget")))),
    ([("Content-Encoding", "x-gzip")], gzip.compress(_page("Council passes budget"))),
], ids=["Chunked", "chunked-GZIP", "x-gzip"])
def test_http_codings_are_undone_whatever_their_case_or_alias(tmp_path, http_head, body):
    """warcio matched "chunked" and the Content-Encoding names as written: "Chunked" left the
    chunk sizes in the article text ("Council pas 64 ses budget"), x-gzip (gzip, RFC 9110) gave
    a "binary content" error row."""
    archive = tmp_path / "a.warc.gz"
    with open(archive, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), *http_head], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://news.example.com/a", "response", payload=io.BytesIO(body),
                                            http_headers=http))
    [page] = iter_pages(str(archive), max_bytes=5_000_000)
    assert page.payload == _page("Council passes budget")


def test_a_page_in_a_coding_that_cannot_be_undone_says_so(tmp_path):
    """A page compressed with a coding warcio cannot decode (zstd) gave
    "binary content (NUL bytes)", as if the crawler had stored an image."""
    import zlib

    archive = tmp_path / "a.warc.gz"
    with open(archive, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for coding, body in (("zstd", b"\x28\xb5\x2f\xfd\x00" + zlib.compress(_page("x") * 4)),
                             ("compress", _page("Council passes budget"))):  # a header that lies: read as it is
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", coding)],
                                    protocol="HTTP/1.1")
            w.write_record(w.create_warc_record("https://news.example.com/a", "response",
                                                payload=io.BytesIO(body), http_headers=http))
    from scorer.scoring import Scorer

    zstd, lie = [score_page(Scorer(), p) for p in iter_pages(str(archive), max_bytes=5_000_000)]
    assert zstd.status == "error" and zstd.error_code == "binary"
    assert "Content-Encoding 'zstd'" in zstd.error
    assert lie.status == "ok" and lie.title == "Council passes budget"


def test_a_record_id_seen_twice_gives_each_record_its_own_path(tmp_path):
    """Rows are keyed archive#record-id: two records of one id (an archive concatenated with
    itself, a tool that reuses ids) gave two rows of one path, and a run resumed after the
    first row replaced it with the second: a page lost."""
    records = [_raw_response("urn:uuid:same", "https://news.example.com/a", "Council passes budget"),
               _raw_response("urn:uuid:other", "https://news.example.com/c", "Bus routes extended"),
               _raw_response("urn:uuid:same", "https://news.example.com/b", "Libraries to open")]
    d = tmp_path / "in"
    d.mkdir()
    archive = d / "a.warc.gz"
    archive.write_bytes(b"".join(gzip.compress(r) for r in records))
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--no-progress", "--no-clusters"]) == 0
    rows = _rows(out)
    paths = [f"{archive}#urn:uuid:same", f"{archive}#urn:uuid:other", f"{archive}#urn:uuid:same#record-2"]
    assert [r["path"] for r in rows] == paths
    assert [r["url"] for r in rows] == ["https://news.example.com/a", "https://news.example.com/c",
                                        "https://news.example.com/b"]
    out.write_text(out.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")  # cut short
    assert main(["batch", str(d), "--out", str(out), "--no-progress", "--no-clusters", "--resume"]) == 0
    rows = _rows(out)
    assert sorted(r["path"] for r in rows) == sorted(paths)
    assert {r["url"] for r in rows} == {"https://news.example.com/a", "https://news.example.com/b",
                                        "https://news.example.com/c"}


def test_a_brotli_page_reads_alike_whether_or_not_a_brotli_module_is_installed(tmp_path, monkeypatch):
    """warcio undoes Content-Encoding: br only where a brotli module is importable (and with
    Google's brotli it fails, ending the archive): spinscore leaves br to no machine, so the page
    gets the same error row everywhere and the records after it are read."""
    from warcio.bufferedreaders import BufferedReader

    archive = tmp_path / "a.warc.gz"
    with open(archive, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for coding, body in (("br", b"\x1b\x03\x00\xf8\xa5\x02\x00\x00" * 8), ("", _page("Council passes budget"))):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")] + ([("Content-Encoding", coding)] if coding else []),
                                    protocol="HTTP/1.1")
            w.write_record(w.create_warc_record("https://news.example.com/a", "response",
                                                payload=io.BytesIO(body), http_headers=http))
    from scorer.scoring import Scorer

    def rows():
        return [score_page(Scorer(), p) for p in iter_pages(str(archive), max_bytes=5_000_000)]

    without = rows()
    monkeypatch.setitem(BufferedReader.DECOMPRESSORS, "br", lambda: object())  # a brotli warcio cannot use
    assert [r.to_dict() for r in rows()] == [r.to_dict() for r in without]
    br, page = without
    assert br.status == "error" and "Content-Encoding 'br'" in br.error
    assert page.status == "ok" and page.title == "Council passes budget"
