"""`spinscore sites` on the Spark job's Parquet: the same sites as the batch JSONL of the same
articles (evidence spans included, from ``reasons_json``), read as Spark writes it (a folder of
part files), streamed, and refused with a clear message when damaged or foreign.

The Parquet is written here with pyarrow from `spinscore batch` rows through the job's own row
conversion (:func:`scorer.spark.to_record`, :func:`scorer.spark.columns`): starting Spark costs
more than this whole module, and tests/test_spark.py already checks that the job's rows are the
batch's. The test without pyarrow is in tests/test_sites.py (it runs either way)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow", reason="pyarrow not installed (pip install 'spinscore[spark]')")
pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow not installed (pip install 'spinscore[spark]')")

from scorer import sites  # noqa: E402
from scorer import spark as sp  # noqa: E402
from scorer.cli import main  # noqa: E402
from scorer.sites import read_rows, rollup  # noqa: E402

CLUSTER_OUT = ("original_elsewhere", "original_elsewhere_share", "original_elsewhere_sites", "original_for_others")
ARROW_TYPES = {"string": pa.string(), "long": pa.int64(), "boolean": pa.bool_(), "double": pa.float64()}


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> dict:
    """One batch of five files (three sites, a copy cluster across two of them, an unreliable
    rewrite with evidence spans, an error row without URL) written as JSONL and as CSV."""
    from test_batch_clusters import ORIGINAL, REWRITE, UNRELATED

    root = tmp_path_factory.mktemp("batch")
    d = root / "in"
    d.mkdir()
    for name, url, text, date in [
        ("wire.json", "https://www.wire.example.com/calder", ORIGINAL, "2025-03-01"),
        ("farm.json", "https://farm.example.net/calder-port", REWRITE, "2025-03-05"),
        ("other.json", "https://farm.example.net/violin", UNRELATED, "2025-03-06"),
        ("third.json", "https://news.example.org/violin", UNRELATED + " More to follow.", "2025-03-07"),
    ]:
        (d / name).write_text(json.dumps({"title": name, "date": date, "url": url, "text": text}), encoding="utf-8")
    (d / "empty.txt").write_text("  \n", encoding="utf-8")
    for ext in ("jsonl", "csv"):
        assert main(["batch", str(d), "--out", str(root / f"rows.{ext}"), "--no-progress"]) == 1  # empty.txt
    rows = list(read_rows(root / "rows.jsonl"))
    return {"root": root, "rows": rows, "jsonl": root / "rows.jsonl", "csv": root / "rows.csv"}


def _arrow_type(column: str):
    """The job's Spark type of a column (:func:`scorer.spark.schema`) as an Arrow type."""
    if column in sp.STR_COLUMNS or column in sp.EXTRA_COLUMNS:
        return pa.string()
    return pa.int64() if column in sp.INT_COLUMNS else pa.float64()


def spark_table(rows: list[dict], *, clusters: bool = True):
    """``rows`` as the Spark job's output table: :func:`scorer.spark.columns` filled by
    :func:`scorer.spark.to_record`, and with ``--clusters`` the five cluster columns
    (:data:`scorer.spark.CLUSTER_TYPES`)."""
    features = sp.feature_names()
    columns = sp.columns(features)
    fields = [pa.field(c, _arrow_type(c)) for c in columns]
    if clusters:
        fields += [pa.field(c, ARROW_TYPES[t]) for c, t in sp.CLUSTER_TYPES.items()]
    records = []
    for row in rows:
        rec = dict(zip(columns, sp.to_record(row, features, row.get("fingerprint"))))
        if clusters:
            rec.update({c: row[c] for c in sp.CLUSTER_TYPES})
        records.append(rec)
    return pa.Table.from_pylist(records, schema=pa.schema(fields))


def write_spark_folder(folder: Path, tables: list) -> Path:
    """``tables`` as Spark writes a DataFrame: one part file each, its hidden .crc, _SUCCESS.
    Written last part first, so that the folder's listing order is not the parts' order; an
    underscore file ending .parquet that is no Parquet at all must be left alone."""
    folder.mkdir()
    for n in reversed(range(len(tables))):
        name = f"part-{n:05d}-7d3f-c000.snappy.parquet"
        pq.write_table(tables[n], folder / name)
        (folder / f".{name}.crc").write_bytes(b"crc\x00\x01")
    (folder / "_SUCCESS").write_bytes(b"")
    (folder / "_temporary.parquet").write_bytes(b"not parquet")
    return folder


def _halves(table) -> list:
    k = table.num_rows // 2
    return [table.slice(0, k), table.slice(k)]


def _sites(path) -> list[dict]:
    return [s.to_dict() for s in rollup(read_rows(path))]


def test_spark_folder_with_clusters_rolls_up_as_the_jsonl(batch, tmp_path):
    """Every field of every site line equals the JSONL's, the worst articles' evidence spans too."""
    folder = write_spark_folder(tmp_path / "out.parquet", _halves(spark_table(batch["rows"])))
    want = _sites(batch["jsonl"])
    assert [r["path"] for r in read_rows(folder)] == [r["path"] for r in batch["rows"]]  # parts in name order
    assert _sites(folder) == want
    # what makes the comparison worth having: three sites and the no-URL line, a cluster original
    # on another site, and evidence spans (the CSV has none)
    assert {d["site"] for d in want} == {"example.com", "example.net", "example.org", None}
    assert any(d["original_elsewhere"] for d in want)
    assert any(w["evidence"] and w["evidence"]["snippet"] for d in want for w in d["worst"])


def test_spark_file_without_clusters_rolls_up_as_the_jsonl_but_for_clusters(batch, tmp_path):
    """A single .parquet file, as the job writes it without --clusters: no cluster columns, so
    the cluster counts are None (as for `spinscore batch --no-clusters`); the rest is the JSONL's.
    The same file under another name is found by its magic bytes."""
    path = tmp_path / "rows.parquet"
    pq.write_table(spark_table(batch["rows"], clusters=False), path)
    got, want = _sites(path), _sites(batch["jsonl"])
    assert [[d[k] for k in CLUSTER_OUT] for d in got] == [[None] * 4 for _ in want]
    assert any(d["original_elsewhere"] is not None for d in want)
    assert ([{k: v for k, v in d.items() if k not in CLUSTER_OUT} for d in got]
            == [{k: v for k, v in d.items() if k not in CLUSTER_OUT} for d in want])
    other = tmp_path / "rows.bin"
    shutil.copy(path, other)
    assert _sites(other) == got


def test_without_reasons_json_the_reasons_column_is_read_as_the_csv(batch, tmp_path):
    """No reasons_json (a part written without it) or a null one: the top reason comes from the
    CSV-style ``reasons`` column, and the sites are the batch CSV's exactly (no evidence spans)."""
    table = spark_table(batch["rows"])
    first, second = _halves(table)
    first = first.drop_columns(["reasons_json"])
    i = second.schema.get_field_index("reasons_json")
    second = second.set_column(i, "reasons_json", pa.nulls(second.num_rows, pa.string()))
    folder = write_spark_folder(tmp_path / "out.parquet", [first, second])
    want = _sites(batch["csv"])
    assert _sites(folder) == want
    assert any(d["worst"][0]["top_reason"] for d in want if d["worst"])


def test_a_facet_of_zero_is_a_value(tmp_path):
    """Parquet facets are numbers: 0.0 counts in the site's mean (a CSV cell "0.0" always did)."""
    path = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"path": ["a", "b"], "status": ["ok", "ok"], "url": ["https://x.example.com/"] * 2,
                             "score": [20.0, 30.0], "facet.mt": [0.0, 1.0], "reasons_json": [None, "[]"]}), path)
    [site] = _sites(path)
    assert site["facets"]["mt"] == 0.5 and site["scored"] == 2


def test_rows_are_streamed_a_batch_at_a_time(tmp_path, monkeypatch):
    """The first row comes after one batch of PARQUET_BATCH_ROWS rows has been decoded, not the
    whole file (a crawl's output does not fit in memory)."""
    path = tmp_path / "rows.parquet"
    n = 50
    pq.write_table(pa.table({"path": [str(i) for i in range(n)], "status": ["ok"] * n,
                             "url": ["https://x.example.com/"] * n, "score": [50.0] * n}), path, row_group_size=10)
    decoded = []
    real = pq.ParquetFile.iter_batches

    def counting(self, *args, **kwargs):
        for b in real(self, *args, **kwargs):
            decoded.append(b.num_rows)
            yield b

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", counting)
    monkeypatch.setattr(sites, "PARQUET_BATCH_ROWS", 4)
    rows = read_rows(path)
    assert next(rows)["path"] == "0" and decoded == [4]
    assert [r["path"] for r in rows] == [str(i) for i in range(1, n)] and sum(decoded) == n


def test_cli_on_the_spark_folder(batch, tmp_path, capsys):
    folder = write_spark_folder(tmp_path / "out", _halves(spark_table(batch["rows"])))  # a folder, any name
    assert main(["sites", str(folder), "--out", str(tmp_path / "pq.jsonl")]) == 0
    assert main(["sites", str(batch["jsonl"]), "--out", str(tmp_path / "jsonl.jsonl")]) == 0
    assert (tmp_path / "pq.jsonl").read_bytes() == (tmp_path / "jsonl.jsonl").read_bytes()
    capsys.readouterr()
    assert main(["sites", str(folder)]) == 0
    assert capsys.readouterr().out.splitlines()[2].split()[0] == "example.net"


def test_sites_frame_reads_the_spark_folder(batch, tmp_path):
    pd = pytest.importorskip("pandas")
    from scorer.frame import sites_frame

    folder = write_spark_folder(tmp_path / "out.parquet", _halves(spark_table(batch["rows"])))
    pd.testing.assert_frame_equal(sites_frame(folder), sites_frame(batch["jsonl"]))
    assert len(sites_frame(folder)) == 4
    # the batch CSV too, as `spinscore sites` reads it (the frame's JSONL reader could not)
    assert list(sites_frame(str(batch["csv"]))["verdict.likely unreliable"]) == [
        d["verdicts"]["likely unreliable"] for d in _sites(batch["csv"])]


def _refused(capsys, path) -> str:
    """The one-line error of `spinscore sites path` (exit 2, no traceback)."""
    capsys.readouterr()
    assert main(["sites", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("spinscore: error: ") and err.count("\n") == 1, err
    return err


def test_damaged_parquet_is_refused_naming_the_file(batch, tmp_path, capsys):
    folder = write_spark_folder(tmp_path / "out.parquet", _halves(spark_table(batch["rows"])))
    part = sorted(folder.glob("part-*"))[1]
    part.write_bytes(part.read_bytes()[:-100])  # a part cut short (a copy that did not finish)
    assert part.name in _refused(capsys, folder)
    data = bytearray(sorted(folder.glob("part-*"))[0].read_bytes())
    for i in range(200, len(data) // 2):  # a footer intact, pages scrambled (a bad disk block)
        data[i] ^= 0x5A
    scrambled = tmp_path / "scrambled.parquet"
    scrambled.write_bytes(bytes(data))
    assert "scrambled.parquet: " in _refused(capsys, scrambled)  # Arrow's message can run over lines
    garbage = tmp_path / "garbage.parquet"
    garbage.write_bytes(b"PAR1" + bytes(range(256)) * 4 + b"PAR1")
    assert "garbage.parquet: " in _refused(capsys, garbage)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "_SUCCESS").write_bytes(b"")
    assert "no Parquet part files" in _refused(capsys, empty)


def test_bad_reasons_json_is_refused_naming_file_and_row(tmp_path, capsys):
    path = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"path": ["a", "b"], "status": ["ok", "ok"], "url": ["https://x.example.com/"] * 2,
                             "score": [20.0, 30.0], "reasons_json": ["[]", "{not json"]}), path)
    assert "rows.parquet: row 2: " in _refused(capsys, path)
    pq.write_table(pa.table({"path": ["a"], "status": ["ok"], "url": ["u"], "score": [1.0],
                             "reasons_json": ['{"facet": "mt"}']}), path)
    assert "reasons_json is not a JSON list" in _refused(capsys, path)


def test_parquet_without_the_required_columns_is_refused(tmp_path, capsys):
    path = tmp_path / "texts.parquet"  # e.g. the job's *input*, a table of texts
    pq.write_table(pa.table({"id": ["a"], "text": ["Some article."], "url": ["https://x.example.com/"]}), path)
    err = _refused(capsys, path)
    assert "texts.parquet: no path, status, url and score columns" in err
