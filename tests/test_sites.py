"""Sites of a batch (scorer.sites): counts, intervals, copying and the worst articles per site."""
from __future__ import annotations

import csv
import json
import math
import sys

import pytest

from scorer.cli import main
from scorer.sites import read_rows, rollup, rollup_outputs, site_of, wilson


def _row(url, score, *, status="ok", path=None, facet="mt", cluster=None, **extra):
    """A batch row as `spinscore batch` writes it (the fields the roll-up reads)."""
    row = {"path": path or f"{url}-{score}", "status": status, "url": url,
           "score": score if status == "ok" else None,
           "verdict": None if status != "ok" else
           ("likely reliable" if score >= 75 else "mixed" if score >= 40 else "likely unreliable"),
           "facets": {"mt": 0.8, "ai_style": 0.2} if status == "ok" else None,
           "reasons": [{"facet": facet, "message": f"{facet} risk 0.80",
                        "evidence": [{"start": 3, "end": 9, "snippet": "Openai"}]}] if status == "ok" else []}
    if cluster is not None:
        original, size = cluster
        row.update(cluster_original=original, cluster_size=size, is_original=original == row["path"])
    row.update(extra)
    return row


@pytest.mark.parametrize("url,site", [
    ("https://www.example.com/a/b", "example.com"),
    ("https://news.bbc.co.uk/x", "bbc.co.uk"),
    ("https://alice.blogspot.com/2025/06/x.html", "alice.blogspot.com"),  # a private suffix: its own site
    ("http://127.0.0.1:8080/p", "127.0.0.1"),
    ("HTTPS://WWW.Example.COM", "example.com"),
    ("example.org/story", "example.org"),
    ("https://<b>x</b>.example.org/", None), ("https://bücher.example.de/a", "example.de"),
    ("http://[2001:db8::1]/x", "2001:db8::1"),
    (None, None), ("", None), ("   ", None), (42, None),
])
def test_site_of(url, site):
    assert site_of(url) == site


@pytest.mark.parametrize("k,n,lo,hi", [(8, 10, 0.4902, 0.9433), (0, 10, 0.0, 0.2775), (10, 10, 0.7225, 1.0),
                                       (1, 2, 0.0945, 0.9055)])
def test_wilson_interval_matches_published_values(k, n, lo, hi):
    got = wilson(k, n)
    assert got[0] == pytest.approx(lo, abs=1e-4) and got[1] == pytest.approx(hi, abs=1e-4)


def test_wilson_without_trials():
    assert wilson(0, 0) == (None, None)


def test_counts_median_and_the_order_of_sites():
    """80 of 100 unreliable outranks 3 of 3 (the interval's lower bound, not the share); rows
    without a URL come last; error rows count as articles, not in the scores."""
    rows = [_row("https://big.example.com/a", 10.0 if i < 80 else 90.0, path=f"big{i}") for i in range(100)]
    rows += [_row("https://small.example.org/a", 5.0, path=f"small{i}") for i in range(3)]
    rows += [_row("https://small.example.org/a", None, status="error", path="small-err")]
    rows += [_row(None, 1.0, path="nourl")]
    stats = [s.to_dict() for s in rollup(rows)]
    assert [s["site"] for s in stats] == ["example.com", "example.org", None]
    big, small, none = stats
    assert (big["articles"], big["scored"], big["errors"]) == (100, 100, 0)
    assert big["verdicts"] == {"likely reliable": 20, "mixed": 0, "likely unreliable": 80}
    assert big["unreliable_share"] == 0.8 and big["score_median"] == 10.0 and big["score_mean"] == 26.0
    assert big["unreliable_share_ci95"] == [round(v, 4) for v in wilson(80, 100)]
    assert (small["articles"], small["scored"], small["errors"]) == (4, 3, 1)
    assert small["unreliable_share"] == 1.0 and small["unreliable_share_ci95"][0] < big["unreliable_share_ci95"][0]
    assert none["site"] is None and none["unreliable_share"] == 1.0
    assert big["facets"] == {"readability": None, "mt": 0.8, "citations": None, "boilerplate": None, "ai_style": 0.2}
    assert big["unreliable_drivers"] == {"mt": 80}


def test_worst_articles_with_their_reason():
    rows = [_row("https://a.example.com", s, path=f"p{i}") for i, s in enumerate([50.0, 3.0, 70.0, 3.0, 1.0, 99.0])]
    [site] = rollup(rows, worst=3)
    worst = site.to_dict()["worst"]
    assert [(w["path"], w["score"]) for w in worst] == [("p4", 1.0), ("p1", 3.0), ("p3", 3.0)]  # ties: input order
    assert worst[0]["top_reason"] == "mt risk 0.80" and worst[0]["evidence"] == {"start": 3, "end": 9, "snippet": "Openai"}
    assert rollup(rows, worst=0)[0].to_dict()["worst"] == []


def test_originals_elsewhere_from_the_copy_clusters():
    """A member whose cluster original is on another site counts there; a member of a cluster
    whose original is on the same site, or is not among the rows, does not."""
    rows = [
        _row("https://wire.example.com/s1", 90.0, path="o1", cluster=("o1", 3)),
        _row("https://farm.example.net/x", 20.0, path="c1", cluster=("o1", 3)),
        _row("https://wire.example.com/s1-update", 85.0, path="c2", cluster=("o1", 3)),  # same site
        _row("https://farm.example.net/y", 15.0, path="c3", cluster=("o9", 2)),  # original not in the rows
        _row("https://farm.example.net/z", 30.0, path="alone", cluster=("alone", 1)),
    ]
    by = {s.site: s.to_dict() for s in rollup(rows)}
    farm, wire = by["example.net"], by["example.com"]
    assert (farm["original_elsewhere"], farm["original_elsewhere_sites"], farm["original_for_others"]) == (
        1, {"example.com": 1}, 0)
    assert farm["original_elsewhere_share"] == round(1 / 3, 4)
    assert (wire["original_elsewhere"], wire["original_for_others"]) == (0, 1)


def test_rows_without_cluster_fields_have_no_cluster_counts():
    [site] = rollup([_row("https://a.example.com", 10.0)])
    d = site.to_dict()
    assert d["original_elsewhere"] is None and d["original_elsewhere_share"] is None
    assert d["original_elsewhere_sites"] is None and d["original_for_others"] is None


def test_non_numbers_are_no_scores():
    rows = [_row("https://a.example.com", 10.0, path=str(k)) for k in range(4)]
    rows[1]["score"], rows[2]["score"], rows[3]["score"] = math.nan, "n/a", None
    [site] = rollup(rows)
    assert site.scored == 1 and site.articles == 4


def test_cli_table_and_files(tmp_path, capsys):
    rows = [_row("https://farm.example.net/x", 10.0, path=f"f{i}") for i in range(4)]
    rows += [_row("https://wire.example.com/x", 90.0, path="w")]
    src = tmp_path / "rows.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert main(["sites", str(src)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2].split()[:3] == ["example.net", "4", "10.0"] and out[3].split()[0] == "example.com"
    assert main(["sites", str(src), "--out", str(tmp_path / "s.jsonl"), "--min-articles", "2"]) == 0
    assert [json.loads(ln)["site"] for ln in (tmp_path / "s.jsonl").read_text().splitlines()] == ["example.net"]
    assert main(["sites", str(src), "--out", str(tmp_path / "s.csv")]) == 0
    with open(tmp_path / "s.csv", newline="", encoding="utf-8") as fh:
        recs = list(csv.DictReader(fh))
    assert [r["site"] for r in recs] == ["example.net", "example.com"]
    assert recs[0]["verdict.likely unreliable"] == "4" and recs[0]["unreliable_drivers"] == "mt: 4"
    assert recs[0]["worst"].startswith("f0 (10.0); f1 (10.0)")


def test_cli_rolls_several_outputs_up_together(tmp_path, capsys):
    """Batches of one crawl (day by day, JSONL and CSV alike) count as one; a bad file is named,
    and a file named twice is refused rather than counted twice."""
    day1, day2 = tmp_path / "day1.jsonl", tmp_path / "day2.jsonl"
    day1.write_text("".join(json.dumps(_row("https://farm.example.net/x", 10.0, path=f"a{i}")) + "\n"
                            for i in range(2)), encoding="utf-8")
    day2.write_text(json.dumps(_row("https://farm.example.net/y", 20.0, path="b")) + "\n"
                    + json.dumps(_row("https://wire.example.com/x", 90.0, path="w")) + "\n", encoding="utf-8")
    out = tmp_path / "s.jsonl"
    assert main(["sites", str(day1), str(day2), "--out", str(out)]) == 0
    got = {d["site"]: d for d in map(json.loads, out.read_text().splitlines())}
    assert (got["example.net"]["articles"], got["example.net"]["score_median"]) == (3, 10.0)
    assert got["example.com"]["articles"] == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["sites", str(day1), str(bad)]) == 2
    assert f"{bad} is not a batch output" in capsys.readouterr().err
    assert main(["sites", str(day1), str(tmp_path / "." / "day1.jsonl"), str(day1)]) == 2
    assert "named twice" in capsys.readouterr().err


def test_cli_refuses_what_is_not_a_batch_output(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    assert main(["sites", str(bad)]) == 2
    assert "not a batch output" in capsys.readouterr().err
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["sites", str(other)]) == 2
    assert main(["sites", str(tmp_path / "missing.jsonl")]) == 2


def test_parquet_without_pyarrow_says_what_to_install(tmp_path, capsys, monkeypatch):
    """pyarrow is optional: without it a Parquet input is one line saying what to install, exit 2."""
    for name in ("pyarrow", "pyarrow.parquet"):  # None in sys.modules: the import fails, installed or not
        monkeypatch.setitem(sys.modules, name, None)
    folder = tmp_path / "out.parquet"
    folder.mkdir()
    (folder / "part-00000.parquet").write_bytes(b"PAR1\x00PAR1")
    (tmp_path / "rows.bin").write_bytes(b"PAR1\x00PAR1")  # found by its magic bytes
    for path in (folder, tmp_path / "rows.bin"):
        assert main(["sites", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "pip install pyarrow" in err and "spinscore[spark]" in err, err
    with pytest.raises(ImportError, match="pip install pyarrow"):
        next(read_rows(folder))


def test_sites_of_a_real_batch(tmp_path):
    """End to end: a wire story and its rewrite on another site are one copy cluster, and the
    rewrite's site counts the wire's as where its story's original is."""
    from test_batch_clusters import ORIGINAL, REWRITE, UNRELATED

    d = tmp_path / "in"
    d.mkdir()
    for name, url, text, date in [("wire.json", "https://www.wire.example.com/calder", ORIGINAL, "2025-03-01"),
                                  ("farm.json", "https://farm.example.net/calder-port", REWRITE, "2025-03-05"),
                                  ("other.json", "https://farm.example.net/violin", UNRELATED, "2025-03-06")]:
        (d / name).write_text(json.dumps({"title": name, "date": date, "url": url, "text": text}), encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--no-progress"]) == 0
    by = {s.site: s.to_dict() for s in rollup(read_rows(out))}
    assert set(by) == {"example.com", "example.net"}
    assert (by["example.net"]["articles"], by["example.net"]["original_elsewhere"]) == (2, 1)
    assert by["example.net"]["original_elsewhere_sites"] == {"example.com": 1}
    assert by["example.com"]["original_for_others"] == 1


def test_sites_frame_for_notebooks():
    pytest.importorskip("pandas")
    from scorer.frame import sites_frame

    rows = [_row("https://farm.example.net/x", 10.0, path="f"), _row("https://wire.example.com/x", 90.0, path="w")]
    frame = sites_frame(rows)
    assert list(frame["site"]) == ["example.net", "example.com"]
    assert list(frame["verdict.likely unreliable"]) == [1, 0] and list(frame["score_median"]) == [10.0, 90.0]


def test_a_batch_csv_rolls_up_as_its_jsonl(tmp_path):
    """The batch CSV gives the same counts, scores, facets and drivers as the JSONL of the run."""
    from test_batch_clusters import ORIGINAL, REWRITE, UNRELATED

    d = tmp_path / "in"
    d.mkdir()
    for name, url, text in [("a.json", "https://a.example.com/1", ORIGINAL), ("b.json", "https://b.example.org/2", REWRITE),
                            ("c.json", "https://b.example.org/3", UNRELATED), ("d.txt", None, "")]:
        body = json.dumps({"title": name, "url": url, "text": text}) if url else text
        (d / name).write_text(body, encoding="utf-8")
    assert main(["batch", str(d), "--out", str(tmp_path / "r.jsonl"), "--no-progress"]) == 1  # d.txt is empty
    assert main(["batch", str(d), "--out", str(tmp_path / "r.csv"), "--no-progress"]) == 1
    keep = ("site", "articles", "scored", "errors", "score_median", "verdicts", "unreliable_share", "facets",
            "unreliable_drivers", "original_elsewhere", "original_elsewhere_sites", "original_for_others")
    as_jsonl = [{k: s.to_dict()[k] for k in keep} for s in rollup(read_rows(tmp_path / "r.jsonl"))]
    as_csv = [{k: s.to_dict()[k] for k in keep} for s in rollup(read_rows(tmp_path / "r.csv"))]
    assert as_csv == as_jsonl and len(as_jsonl) == 3


def test_batch_page_has_a_sites_section_only_with_urls():
    from scorer.render_html import render_page

    rows = [_row("https://farm.example.net/x", 10.0, path=f"f{i}") for i in range(3)]
    rows += [_row("https://wire.example.com/x", 90.0, path="w"), _row("https://<b>x</b>.example.org/", 50.0, path="x")]
    page = render_page(rows)
    section = page[page.index('<details class="sites">'):page.index("</details>", page.index('<details class="sites">'))]
    assert "<summary>Sites: 3</summary>" in section
    names = [cell.split("</td>")[0] for cell in section.split("<tr><td>")[1:]]
    assert names[0] == "example.net" and "<b>" not in section  # ranked; a hostile URL is escaped or dropped
    assert '<details class="sites">' not in render_page([_row(None, 10.0, path="a")])


@pytest.mark.parametrize("n", [1, 2, 3, 7, 10, 13, 100, 1000])
def test_wilson_bounds_are_exact_at_none_and_all(n):
    assert wilson(0, n)[0] == 0.0 and wilson(n, n)[1] == 1.0


def test_sites_without_unreliable_articles_rank_by_size():
    """Their interval's lower bound is 0 for all of them, so the bigger site comes first (was
    ordered by rounding noise: 3 articles, then 1000, then 10)."""
    rows = [_row(f"https://{site}/{i}", 90.0, path=f"{site}{i}")
            for site, n in (("tiny.example", 3), ("big.example", 1000), ("mid.example", 10)) for i in range(n)]
    assert [s.site for s in rollup(rows)] == ["big.example", "mid.example", "tiny.example"]


@pytest.mark.parametrize("url,site", [
    ("https://xn--bcher-kva.example.de/a", "example.de"),
    ("https://xn--bcher-kva.de/a", "bücher.de"), ("https://www.bücher.de/b", "bücher.de"),
    ("https://XN--BCHER-KVA.DE/", "bücher.de"),
    ("https://news.xn--strae-oqa.de/", "straße.de"),  # IDNA 2008: the idna codec refuses it
    ("https://xn--r8jz45g.jp/", "例え.jp"), ("https://例え.jp/x", "例え.jp"),
    ("https://xn--d1acufc.xn--p1ai/", "домен.рф"), ("https://домен.рф/", "домен.рф"),
    ("https://xn--zz.com/", "xn--zz.com"), ("https://xn--.com/", "xn--.com"),  # not punycode: kept
])
def test_site_of_one_name_for_punycode_and_unicode(url, site):
    """A WARC-Target-URI spells an IDN in punycode, a page's canonical link or a dump's url often
    in Unicode: both are one site (were two lines, "xn--bcher-kva.de" and "bücher.de")."""
    assert site_of(url) == site


@pytest.mark.parametrize("url,site", [
    ("https://alice.wordpress.com/2024/06/x/", "alice.wordpress.com"),
    ("https://www.alice.wordpress.com/", "alice.wordpress.com"), ("https://a.b.wordpress.com/", "b.wordpress.com"),
    ("https://www.wordpress.com/", "wordpress.com"), ("https://wordpress.com/x", "wordpress.com"),  # the platform's own
    ("https://news.substack.com/p/x", "news.substack.com"), ("https://alice.tumblr.com/post/1", "alice.tumblr.com"),
    ("https://alice.medium.com/x", "alice.medium.com"), ("https://medium.com/@bob/x", "medium.com"),
    ("https://alice.blogspot.co.uk/2012/x.html", "alice.blogspot.co.uk"),  # Blogger's country domains
    ("https://alice.blogspot.com.br/x", "alice.blogspot.com.br"),
    ("https://alice.blogspot.com/x", "alice.blogspot.com"), ("https://alice.github.io/x", "alice.github.io"),
    ("https://news.bbc.co.uk/x", "bbc.co.uk"),
])
def test_site_of_blogs_on_a_shared_host_are_sites_of_their_own(url, site):
    """The bundled suffix list names blogspot.com and github.io but not wordpress.com, substack.com,
    tumblr.com or Blogger's blogspot.<country>: their blogs were all one site of the platform."""
    assert site_of(url) == site


def test_two_blogs_of_one_platform_are_two_sites():
    rows = [_row("https://farm.wordpress.com/a", 10.0, path=f"f{i}") for i in range(5)]
    rows += [_row("https://reporter.wordpress.com/b", 90.0, path=f"r{i}") for i in range(5)]
    by = {s.site: s.to_dict() for s in rollup(rows)}
    assert by["farm.wordpress.com"]["unreliable_share"] == 1.0
    assert by["reporter.wordpress.com"]["unreliable_share"] == 0.0


@pytest.mark.parametrize("url,site", [
    ("//www.example.com/a/story", "example.com"),  # protocol-relative: was no site
    ("about:blank", None), ("urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", None),  # were "about", "urn"
    ("javascript:void(0)", None), ("mailto:desk@example.com", None), ("data:text/html,x", None),
    ("tel:+15550100", None), ("news.example.com/x", "example.com"), ("telegraph.co.uk/x", "telegraph.co.uk"),
])
def test_site_of_reads_the_scheme(url, site):
    """A JSON dump's or a table's url is stored as the scraper had it: a protocol-relative href
    names its site; about:blank (a headless browser's failed page), urn: ids and the like name
    none (read as "http://about:blank" they were sites called "about", "urn", "javascript")."""
    assert site_of(url) == site


def test_an_original_or_a_member_without_url_is_on_no_known_site():
    """A batch of web pages and plain files: a page whose cluster original is a file without URL
    is not known to copy from "elsewhere" (it counted, and the JSONL named the site "null")."""
    rows = [_row(None, 90.0, path="o1.txt", cluster=("o1.txt", 2)),
            _row("https://farm.example.net/x", 20.0, path="c1", cluster=("o1.txt", 2)),
            _row("https://wire.example.com/y", 90.0, path="o2", cluster=("o2", 2)),
            _row(None, 20.0, path="c2.txt", cluster=("o2", 2))]
    by = {s.site: s.to_dict() for s in rollup(rows)}
    assert (by["example.net"]["original_elsewhere"], by["example.net"]["original_elsewhere_sites"]) == (0, {})
    assert by["example.com"]["original_for_others"] == 0
    assert (by[None]["original_elsewhere"], by[None]["original_for_others"]) == (0, 0)
    assert all(None not in (s.to_dict()["original_elsewhere_sites"] or {}) for s in rollup(rows))


@pytest.mark.parametrize("reasons", [{"mt": 1}, "mt risk", 3])
def test_reasons_that_are_not_a_list_are_no_reasons(reasons):
    """A foreign or hand-edited row's reasons object raised KeyError: 0 (a traceback)."""
    row = _row("https://a.example.com/x", 10.0, path="a")
    row["reasons"] = reasons
    d = rollup([row])[0].to_dict()
    assert d["unreliable_drivers"] == {"(no reason)": 1}
    assert d["worst"][0]["top_reason"] is None and d["worst"][0]["evidence"] is None


def test_cli_never_writes_over_an_input_and_refuses_an_unwritable_out_before_reading(tmp_path, capsys):
    """`sites rows.jsonl --out rows.jsonl` (a slip of the keyboard) rewrote the batch output
    with the site lines, its rows lost; `report` and `batch --html` could do the same. An
    --out that cannot be written ended in a traceback and exit 1 after reading every row."""
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps(_row("https://farm.example.net/x", 10.0, path="f")) + "\n", encoding="utf-8")
    before = rows.read_bytes()
    assert main(["sites", str(rows), "--out", str(tmp_path / "." / "rows.jsonl")]) == 2
    assert "is also an input" in capsys.readouterr().err
    assert main(["report", str(rows), "--html", str(rows)]) == 2
    assert "is also an input" in capsys.readouterr().err
    assert rows.read_bytes() == before
    assert main(["sites", str(rows), "--out", str(tmp_path / "missing" / "s.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("spinscore: error: cannot write") and "Traceback" not in err
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The council voted on Tuesday to close the harbour road.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(folder), "--out", str(out), "--html", str(out), "--no-progress"]) == 2
    assert "is also the --out" in capsys.readouterr().err and not out.exists()


def test_outputs_rolled_up_together_keep_their_paths_apart(tmp_path):
    """Two days' batches of one folder reuse its paths for other articles; a cluster never spans
    two outputs, so day 2's member of the original "a.html" points at day 2's "a.html" (on the
    farm's own site), not at day 1's "a.html" on the wire's site."""
    day1 = [_row("https://wire.example.com/s1", 90.0, path="a.html", cluster=("a.html", 2)),
            _row("https://farm.example.net/x", 20.0, path="b.html", cluster=("a.html", 2))]
    day2 = [_row("https://farm.example.net/y", 30.0, path="a.html", cluster=("a.html", 2)),
            _row("https://farm.example.net/z", 25.0, path="c.html", cluster=("a.html", 2))]
    by = {s.site: s.to_dict() for s in rollup_outputs([day1, day2])}
    assert (by["example.net"]["original_elsewhere"], by["example.com"]["original_for_others"]) == (1, 1)
    files = []
    for k, rows in enumerate((day1, day2)):
        files.append(tmp_path / f"day{k + 1}.jsonl")
        files[-1].write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "s.jsonl"
    assert main(["sites", *map(str, files), "--out", str(out)]) == 0
    got = {d["site"]: d for d in map(json.loads, out.read_text().splitlines())}
    assert got["example.net"]["original_elsewhere"] == 1
