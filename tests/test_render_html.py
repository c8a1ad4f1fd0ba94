"""The HTML renderer (notebook and batch page), the DataFrame view, and the `report` CLI."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import zlib

import pytest

from scorer import render_html as R
from scorer.cli import main
from scorer.report import FACETS, Report

BODY = "Meta paid $ 100 million to Openai. Read on to learn more!"


def _row(**kw) -> dict:
    row = {"schema_version": "1.0", "path": "a.txt", "status": "ok", "title": "A title", "score": None,
           "verdict": None, "facets": {f: None for f in FACETS}, "reasons": [], "evidence": [],
           "sha256": None, "body": BODY}
    row.update(kw)
    return row


def _ev(feature, start, end, reason="r"):
    return {"feature": feature, "start": start, "end": end, "snippet": BODY[start:end], "reason": reason}


def _data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="spinscore-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    data = json.loads(m.group(1))
    for more in re.findall(r'<script type="application/json" class="spinscore-more">(.*?)</script>', page, re.S):
        data["rows"] += json.loads(more)
    return data


def _panels(page: str) -> list[str]:
    data = _data(page)
    if data["packed"]:
        return [zlib.decompress(base64.b64decode(r["pn"])).decode() for r in data["rows"]]
    return [r["pn"] for r in data["rows"]]


# ---- overlapping spans -------------------------------------------------------------------------
@pytest.mark.parametrize("spans, expected", [
    ([], [(0, 10, ())]),
    ([(2, 5, 0)], [(0, 2, ()), (2, 5, (0,)), (5, 10, ())]),
    ([(0, 5, 0), (3, 8, 1)], [(0, 3, (0,)), (3, 5, (0, 1)), (5, 8, (1,)), (8, 10, ())]),
    ([(0, 10, 0), (4, 6, 1)], [(0, 4, (0,)), (4, 6, (0, 1)), (6, 10, (0,))]),
    ([(2, 4, 1), (2, 4, 0)], [(0, 2, ()), (2, 4, (0, 1)), (4, 10, ())]),
    ([(2, 4, 0), (4, 6, 1)], [(0, 2, ()), (2, 4, (0,)), (4, 6, (1,)), (6, 10, ())]),
])
def test_segments_split_overlaps(spans, expected):
    assert R.segments(10, spans) == expected


def test_overlapping_marks_carry_every_reason():
    ev = [_ev("mt.currency_space", 10, 19, "space inside '$ 100'"),
          _ev("ai_style.x", 15, 33, "too vague"), _ev("mt.casing", 27, 33, "'Openai' is 'OpenAI'")]
    html = R.highlight(BODY, ev)
    marks = re.findall(r'<mark class="([^"]*)" tabindex="0" title="([^"]*)" data-n="([^"]*)">([^<]*)</mark>', html)
    assert [m[3] for m in marks] == ["$ 100", " mil", "lion to ", "Openai"]
    assert marks[1][0] == "f-ai_style multi" and marks[1][2] == "1,2"
    assert "mt: space inside &#x27;$ 100&#x27;" in marks[1][1] and "ai_style: too vague" in marks[1][1]
    assert marks[3][2] == "2,3"
    assert re.sub(r"<[^>]+>", "", html) == BODY.replace("'", "&#x27;")  # text kept whole, in order


def test_bad_spans_are_ignored_or_clipped():
    ev = [_ev("mt.a", -5, 4), _ev("mt.b", 50, 999), {"feature": "mt.c", "start": "3", "end": 9},
          _ev("mt.d", 9, 2), {"feature": "mt.e", "start": True, "end": 4}]
    html = R.highlight(BODY, ev)
    assert re.findall(r"<mark[^>]*>([^<]*)</mark>", html) == ["Meta", BODY[50:]]


# ---- escaping ----------------------------------------------------------------------------------
EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)">&amp;'


def test_everything_from_the_article_is_escaped():
    row = _row(title=EVIL, path=EVIL, url="javascript:" + EVIL, error=None, cluster_id=EVIL,
               date=EVIL, body=f"Text {EVIL} end",
               reasons=[{"feature": EVIL, "facet": EVIL, "value": 1, "contribution": 1.0, "message": EVIL,
                         "evidence": []}],
               evidence=[{"feature": "mt.x", "start": 5, "end": 30, "snippet": EVIL, "reason": EVIL}])
    html = R.render_report(row)
    assert "<script" not in html.split("</style>", 1)[1]
    assert "<img" not in html and "onerror=\"" not in html and "href=" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = R.render_page([row, _row(status="error", error=EVIL, error_code=EVIL, body=None)])
    assert page.count("<script") == 2  # the data block and the page's own script
    data_block = page.split('id="spinscore-data">', 1)[1].split("</script>", 1)[0]
    assert not set("<>&") & set(data_block)
    assert any("&lt;script&gt;alert(1)" in p for p in _panels(page))
    assert "&lt;script&gt;" in _panels(page)[1]  # the error text too


def test_bidi_overrides_neither_spoof_a_path_nor_reorder_the_report():
    """An override (U+202E) runs on to the end of its table cell or line: the file
    "invoice<U+202E>fdp.exe" showed as "invoiceexe.pdf", and a snippet's override, or a
    right-to-left value, reversed the report's own text after it (" — reason", " · date")."""
    path = "crawl/invoice\u202efdp.exe"
    row = _row(path=path, title=None, date="2024-05-01", language="ar", url="https://x.example/\u202eevil",
               evidence=[{"feature": "mt.x", "start": 0, "end": 4, "snippet": "\u202eMeta", "reason": "why"}])
    html = R.render_report(row)
    assert '<bdi class="path">crawl/invoice\\u202efdp.exe</bdi>' in html
    assert ">invoice\\u202efdp.exe</h2>" in html  # the title, when the row has none
    assert "<span>language <bdi>ar</bdi></span>" in html and "<span><bdi>2024-05-01</bdi></span>" in html
    assert '<bdi class="url">https://x.example/\u202eevil</bdi>' in html  # the article's own: kept, isolated
    assert "“<bdi>\u202eMeta</bdi>” — <bdi>why</bdi>" in html
    tr = _data(R.render_page([row]))["rows"][0]["tr"]
    assert "\u202e" not in tr and 'title="crawl/invoice\\u202efdp.exe">crawl/invoice\\u202efdp.exe<' in tr


def test_script_json_is_safe_and_round_trips():
    value = {"t": "</script><!-- \u2028\u2029 & > <", "n": [1, None, 2.5]}
    text = R.script_json(value)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == value


def test_page_only_runs_its_own_hashed_script():
    page = R.render_page([_row()])
    script = page.rsplit("<script>", 1)[1].split("</script>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page and "default-src 'none'" in page
    assert not re.search(r"https?://", page)  # nothing fetched: no CDN, no links out
    assert " on" + "click=" not in page


# ---- one report (the notebook door) -------------------------------------------------------------
def test_none_scores_and_facets_show_na():
    html = R.render_report(_row())
    assert "n/a" in html and "no reliability model installed" in html
    assert html.count('class="fval na">n/a') == len(FACETS)


def test_scored_report_has_gauge_band_and_bars():
    row = _row(score=31.5, verdict="likely unreliable", facets={"mt": 0.8, "ai_style": None},
               evidence=[_ev("mt.casing", 27, 33, "casing")],
               reasons=[{"feature": "mt.casing", "facet": "mt", "value": 2.0, "contribution": 0.91,
                         "message": "odd casing: 2", "evidence": [_ev("mt.casing", 27, 33)]}])
    html = R.render_report(row)
    assert 'aria-valuenow="31.5"' in html and "likely unreliable" in html and 'style="width:31.5%"' in html
    assert 'style="width:80%"' in html and "+0.91" in html and "odd casing: 2" in html
    assert '<mark class="f-mt"' in html


def test_report_repr_html_is_the_same_renderer():
    rep = Report(path="x.txt", status="ok", title="T", body=BODY,
                 evidence=[], facets={f: None for f in FACETS})
    assert rep._repr_html_() == R.render_report(rep.to_dict(include_body=True))


def test_error_row_panel():
    html = R.render_report(_row(status="error", error="empty file", error_code="empty", body=None))
    assert "error (empty)" in html and "empty file" in html and "<mark" not in html


def test_body_reread_from_file_only_when_unchanged(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(BODY)
    sha = hashlib.sha256(f.read_bytes()).hexdigest()
    row = _row(path="a.txt", sha256=sha, body=None, evidence=[_ev("mt.casing", 27, 33)])
    row.pop("body")
    assert R.body_for(row) is None  # not found relative to the cwd
    assert R.body_for(row, base=[tmp_path]) == BODY
    assert "<mark" in R.render_report(row, base=[tmp_path])
    f.write_text(BODY + " edited")
    assert R.body_for(row, base=[tmp_path]) is None
    html = R.render_report(row, base=[tmp_path])
    assert "<mark" not in html and "changed since scoring" in html and "Openai" in html  # snippet listed


@pytest.mark.parametrize("path, why", [
    ("crawl/dump.jsonl#12", "a record of a web archive, a JSON Lines dump or a JSON array"),
    ("crawl/CC-MAIN-1.warc.gz#<urn:uuid:0b1e>#record-2", "a record of a web archive, a JSON Lines dump or a JSON array"),
    ("api/posts.json#3", "a record of a web archive, a JSON Lines dump or a JSON array"),
    ("-", "read from stdin"),
    ("crawl/notes#1.txt", "not in the row, and the file is missing or changed since scoring"),
])
def test_panel_without_text_says_why(tmp_path, path, why):
    """Every row of a WARC or a dump said its file was "missing or changed since scoring": the
    report never re-reads an archive's records, and the file was there, unchanged."""
    (tmp_path / "crawl").mkdir()
    (tmp_path / "crawl" / "dump.jsonl").write_text(json.dumps({"text": BODY}) + "\n")
    row = _row(path=path, body=None, evidence=[_ev("mt.casing", 27, 33)])
    html = R.render_report(row, base=[tmp_path])
    assert f"Article text not available ({why}" in html and "<mark" not in html
    assert html.count("Article text not available") == 1


def test_body_reread_from_a_file_whose_name_is_not_utf8(tmp_path):
    """The row shows such a name with \\xNN escapes (valid JSON); the report maps it back."""
    import os

    from scorer.batch import display_path

    raw = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(raw, "wb") as fh:
        fh.write(BODY.encode("utf-8"))
    shown = display_path(os.fsdecode(raw))
    assert "\\xe9" in shown
    row = _row(path=shown, sha256=hashlib.sha256(BODY.encode("utf-8")).hexdigest(), body=None,
               evidence=[_ev("mt.casing", 27, 33)])
    row.pop("body")
    assert R.body_for(row) == BODY
    assert "<mark" in R.render_report(row)


def test_long_body_is_cut_on_the_page():
    row = _row(body="word " * 100, evidence=[{"feature": "mt.x", "start": 480, "end": 484, "snippet": "word",
                                              "reason": "late"}])
    panel = _panels(R.render_page([row], max_body_chars=100))[0]
    assert "shortened to its first 100 characters" in panel and "<mark" not in panel and "late" in panel


def test_side_by_side_and_views():
    a, b = _row(title="Left"), _row(title="Right", path="b.txt")
    html = R.side_by_side(a, b)._repr_html_()
    assert html.count('<div class="col">') == 2 and html.index("Left") < html.index("Right")
    view = R.BatchView([a, b])._repr_html_()
    assert view.startswith('<iframe sandbox="allow-scripts" srcdoc="') and "<script" not in view


# ---- the batch page ----------------------------------------------------------------------------
def test_page_rows_summary_and_determinism():
    rows = [_row(score=90.0, verdict="likely reliable"), _row(path="b.txt", score=50.0, verdict="mixed"),
            _row(path="c.txt"), _row(path="d.txt", status="error", error="x", error_code="empty", body=None)]
    page = R.render_page(rows)
    assert page == R.render_page([dict(r) for r in rows])  # byte-identical
    data = _data(page)
    assert [r["b"] for r in data["rows"]] == ["reliable", "mixed", "unscored", "error"]
    assert [r["k"][0] for r in data["rows"]] == [90.0, 50.0, None, None]
    assert re.search(r'data-band="mixed"[^>]*>.*?<b>1</b>', page)
    assert "<b>4</b>" in page  # "all"
    assert "cluster" not in page.split("<thead>", 1)[1].split("</thead>", 1)[0]


def test_cluster_column_when_rows_have_it():
    page = R.render_page([_row(cluster_id="c7"), _row(path="b.txt")])
    assert ">cluster</button>" in page
    data = _data(page)
    assert len(data["rows"][0]["k"]) == 10 and data["rows"][0]["k"][9] == "c7"
    assert '<td class="cluster">c7</td>' in data["rows"][0]["tr"]


def test_large_pages_are_packed_small_ones_plain():
    rows = [_row(path=f"{i}.txt", evidence=[_ev("mt.casing", 27, 33)]) for i in range(R.COMPRESS_OVER + 1)]
    big = R.render_page(rows)
    assert _data(big)["packed"] is True
    assert _panels(big)[0] == _panels(R.render_page(rows[:1]))[0]  # same panel markup either way
    assert _data(R.render_page(rows[:2]))["packed"] is False


def test_ten_thousand_rows_render_in_reasonable_time():
    import time

    rows = [_row(path=f"crawl/{i:05d}.txt", score=float(i % 100), verdict=None,
                 evidence=[_ev("mt.casing", 27, 33), _ev("ai_style.x", 35, 45)]) for i in range(10_000)]
    t0 = time.perf_counter()
    page = R.render_page(rows)
    assert time.perf_counter() - t0 < 30
    assert len(_data(page)["rows"]) == 10_000 and len(page) < 40_000_000


def test_page_data_comes_in_blocks_a_browser_can_hold(monkeypatch):
    """One data block of a batch of ~70,000 articles passed the longest string Chromium holds
    (2**29 characters): its textContent came back empty, JSON.parse failed, the page was blank."""
    monkeypatch.setattr(R, "DATA_BLOCK_CHARS", 20_000, raising=False)
    rows = [_row(path=f"{i:03d}.txt", title=f"T{i}", evidence=[_ev("mt.casing", 27, 33)]) for i in range(300)]
    page = R.render_page(rows)
    blocks = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S)
    assert len(blocks) > 5 and all(len(b) < 20_000 + 5_000 for b in blocks)  # a block ends past its limit by a row
    assert not set("<>&") & set("".join(blocks))
    assert [r["q"].split()[0] for r in _data(page)["rows"]] == [f"t{i}" for i in range(300)]
    assert len(_panels(page)) == 300 and page.count("<script>") == 1
    monkeypatch.setattr(R, "DATA_BLOCK_CHARS", 64 << 20, raising=False)
    assert _data(R.render_page(rows)) == _data(page) and R.render_page(rows).count("<script") == 2


def _traced_peak(fn) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_report_reads_the_rows_one_at_a_time(tmp_path):
    """A batch row carries every feature (~16 kB in JSON): `spinscore report` held the whole
    file and every parsed row, 3.2 GB for 20,000 rows, where the page needs a few kB of each."""
    features = {f"family.feature_{k:04d}": k / 7 for k in range(3000)}
    jsonl = tmp_path / "rows.jsonl"
    with open(jsonl, "w", encoding="utf-8") as fh:
        for i in range(150):
            fh.write(json.dumps(_row(path=f"{i}.txt", body=None, features=features)) + "\n")
    peak = _traced_peak(lambda: R.write_report(jsonl, tmp_path / "report.html"))
    assert peak < jsonl.stat().st_size / 4
    assert len(_data((tmp_path / "report.html").read_text(encoding="utf-8"))["rows"]) == 150


def test_page_is_written_a_row_at_a_time(tmp_path):
    """The page of 20,000 articles is ~150 MB: built as one string (with its JSON, each escape
    pass and its UTF-8 bytes as copies) it took near 1 GB more to write than to build."""
    import random

    rnd = random.Random(7)
    b = R.PageBuilder(compress=True)
    for i in range(100):  # bodies that deflate poorly, so the page is large
        b.add(_row(path=f"{i}.txt", body="".join(rnd.choices("abcdefghijklmnopqrstuvwxyz ", k=20_000))))
    out = tmp_path / "report.html"
    peak = _traced_peak(lambda: b.write(out))
    assert peak < out.stat().st_size / 4
    assert out.read_text(encoding="utf-8") == b.html()  # the same page either way
    assert len(_panels(b.html())) == 100


# ---- the CLI doors -----------------------------------------------------------------------------
def test_cli_batch_html_and_report_agree(tmp_path, seeds_dir, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rc = main(["batch", str(seeds_dir), "--out", "rows.jsonl", "--html", "batch.html", "--no-progress"])
    assert rc == 0
    assert main(["report", "rows.jsonl", "--html", "report.html", "--title", f"spinscore report: {seeds_dir}"]) == 0
    assert (tmp_path / "batch.html").read_bytes() == (tmp_path / "report.html").read_bytes()
    panels = _panels((tmp_path / "report.html").read_text())
    assert len(panels) == 5 and "<mark" in panels[0]


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\x85"])
def test_cli_html_of_rows_holding_a_unicode_line_separator(tmp_path, sep, monkeypatch):
    """A batch writes U+2028, U+2029 and U+0085 unescaped in a row (a title, a snippet); read
    back with str.splitlines, the row was cut in two: `batch --html` ended with a JSONDecodeError
    traceback after scoring everything, and `report` called the batch's own output "not a batch
    JSONL file"."""
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.json").write_text(json.dumps({"title": f"Breaking{sep}news", "text": BODY * 5}), encoding="utf-8")
    assert main(["batch", str(src), "--out", "rows.jsonl", "--html", "batch.html", "--no-progress"]) == 0
    assert sep in (tmp_path / "rows.jsonl").read_text(encoding="utf-8")  # written unescaped
    assert main(["report", "rows.jsonl", "--html", "report.html"]) == 0
    for name in ("batch.html", "report.html"):
        rows = _data((tmp_path / name).read_text(encoding="utf-8"))["rows"]
        assert len(rows) == 1 and f"breaking{sep}news" in rows[0]["q"]


def test_cli_report_errors(tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing.jsonl"), "--html", str(tmp_path / "r.html")]) == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    assert main(["report", str(bad), "--html", str(tmp_path / "r.html")]) == 2
    assert "not a batch JSONL file" in capsys.readouterr().err


@pytest.mark.parametrize("text, says", [
    ('{"path": "a", "status": "ok"}\n5\n', "line 2 is not a report row"),
    ('{"title": "An article", "text": "Words."}\n', "line 1 is not a report row"),  # a dump, not rows
    ('[{"path": "a", "status": "ok"}, "b"]', "item 2 is not a report row"),
    ('{"path": "a", "status": "ok"}\n\n{"path": "b", "status": "ok"', "line 3: Expecting"),  # cut short
])
def test_cli_report_names_the_line_that_is_no_row(tmp_path, capsys, text, says):
    """A line that was no JSON object ended `report` with a TypeError traceback; an article dump
    given for the rows made a page of "error" rows without a word; a bad line was "line 1"."""
    rows = tmp_path / "rows.jsonl"
    rows.write_text(text, encoding="utf-8")
    assert main(["report", str(rows), "--html", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err
    assert "is not a batch JSONL file" in err and says in err and "Traceback" not in err
    assert not (tmp_path / "r.html").exists()


# ---- the DataFrame -----------------------------------------------------------------------------
def test_to_frame_columns_and_review_order(tmp_path):
    pd = pytest.importorskip("pandas", reason="pandas is an optional extra (spinscore[notebook])")
    from scorer import to_frame
    from scorer.frame import review_order

    rows = [_row(score=80.0, reasons=[{"feature": "f", "facet": "mt", "value": 1, "contribution": 1,
                                       "message": "top one", "evidence": []}]),
            _row(path="b.txt", score=20.0, facets={"mt": 0.5},
                 caveats=[{"code": "short_text", "message": "m"}, {"code": "not_english", "message": "n"}]),
            _row(path="c.txt", evidence=[_ev("mt.x", 0, 4)]),
            _row(path="d.txt", status="error", error="e", error_code="empty")]
    jsonl = tmp_path / "rows.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows))
    df = to_frame(jsonl)
    assert list(df.columns[:9]) == ["path", "status", "error_code", "score", "verdict", "title", "date",
                                    "language", "word_count"]
    assert [f"facet.{f}" for f in FACETS] == [c for c in df.columns if c.startswith("facet.")]
    assert df.loc[0, "top_reason"] == "top one" and pd.isna(df.loc[2, "score"])
    assert df.loc[1, "facet.mt"] == 0.5 and df.loc[2, "n_evidence"] == 1
    assert list(df["caveats"]) == ["", "short_text; not_english", "", ""]
    assert "cluster_id" not in df.columns and "cluster_id" in to_frame([_row(cluster_id=3)]).columns
    assert [r["path"] for r in review_order(rows)] == ["b.txt", "a.txt", "c.txt", "d.txt"]


def test_plots_return_figures():
    pytest.importorskip("matplotlib", reason="matplotlib is an optional extra (spinscore[notebook])")
    from scorer.frame import plot_facets, plot_score_distribution

    rows = [_row(score=30.0, facets={"mt": 0.4}), _row(path="b.txt")]
    fig = plot_score_distribution(rows)
    assert "1 of 2 scored" in fig.axes[0].get_title()
    assert "no scores yet" in plot_score_distribution([_row()]).axes[0].texts[0].get_text()
    assert len(plot_facets(rows).axes[0].patches) == 2 * len(FACETS)


FAST_PAGE = ("<html><head><title>T</title></head><body><div>"
             + "\n\n".join(["The team has grown quickly this year, the company said on Tuesday in Berlin.",
                            "  • Hired researchers from three rival laboratories",
                            "  • Opened an office in Zurich and another in Paris",
                            "Meta paid $ 100 million to Openai staff, according to people familiar with the talks."])
             + "</div></body></html>")


def test_a_page_scored_with_fast_html_is_reread_in_fast_mode(tmp_path):
    """--fast-html can extract another body (here the bullet lines are joined into one line, 6
    characters shorter before the spans); re-read in the default mode, the page highlighted
    "aid $" and " to Op" for "$ 100" and "Openai"."""
    from scorer.scoring import Scorer

    f = tmp_path / "p.html"
    f.write_text(FAST_PAGE, encoding="utf-8")
    row = Scorer(fast_html=True).score_file(f).to_dict()
    assert "fast_html" in [c["code"] for c in row["caveats"]] and "body" not in row
    snippets = {e["snippet"] for e in row["evidence"]}
    assert {"$ 100", "Openai"} <= snippets
    body = R.body_for(row)
    assert all(body[e["start"]:e["end"]] == e["snippet"] for e in row["evidence"])
    marked = set(re.findall(r"<mark [^>]*>([^<]*)</mark>", R.render_report(row)))
    assert {"$ 100", "Openai"} <= marked
