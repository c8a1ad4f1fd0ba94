"""`spinscore train --out DIR` writes everything it learns under DIR (models, and the derived
tables in DIR/data), never into the package's scorer/data or models/, and `score --models DIR`
reads that output. Trained on a tiny boilerplate corpus written here: synthetic pages made up
for the test (no corpus text), in the article-extraction benchmark's layout."""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest

from scorer.cli import main
from scorer.corpora import aeb
from scorer.features import boilerplate_lines as BL
from scorer.training import tables

REPO = Path(__file__).resolve().parents[1]
_TOPICS = ("the harbour bridge", "a school budget", "the river flood", "a rail strike", "the city library",
           "a new hospital wing", "the council vote", "a festival", "the water supply", "a bus route",
           "the farm market", "a court ruling", "the power grid", "a storm warning", "the museum", "a ferry")
_FURNITURE = ("Skip to content", "Home", "Menu", "Subscribe to our newsletter", "Share on Facebook",
              "Related Articles", "Accept All Cookies", "Copyright 2024 Example Post. All rights reserved.",
              "Back to top", "Leave a comment")


def _body(i: int, topic: str) -> str:
    return "\n".join(
        f"Officials said on day {i + k} that work on {topic} would continue through the month, "
        f"and residents who spoke at the meeting asked for a clearer timetable for part {k}."
        for k in range(5))


def write_tiny_corpus(data: Path) -> None:
    base = data / "boilerplate"
    base.mkdir(parents=True)
    truth, buf = {}, io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for i, topic in enumerate(_TOPICS):
            sha = hashlib.sha256(f"page {i}".encode()).hexdigest()
            body = _body(i, topic)
            nav = "".join(f"<li>{f}</li>" for f in _FURNITURE[i % 3:i % 3 + 5])
            paras = "".join(f"<p>{p}</p>" for p in body.split("\n"))
            html = (f"<html><head><title>{topic}</title></head><body><ul>{nav}</ul><article><h1>{topic}</h1>"
                    f"{paras}</article><footer>{_FURNITURE[7]}</footer></body></html>")
            blob = gzip.compress(html.encode(), mtime=0)
            info = tarfile.TarInfo(f"html/{sha}.html.gz")
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
            truth[sha] = {"articleBody": body, "url": f"https://example.org/{i}"}
    (base / "aeb_html_part1.tar").write_bytes(buf.getvalue())
    (base / "aeb_ground-truth.json").write_text(json.dumps(truth))


def _hashes() -> dict[str, str]:
    files = [*(REPO / "scorer" / "data").rglob("*"), *(REPO / "models").rglob("*")]
    return {str(f): hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(files) if f.is_file()}


@pytest.fixture
def shipped_tables_after():
    """Whatever a test selects, the tests after it extract with the shipped tables."""
    yield
    tables.select(None)


def test_train_writes_only_under_out_and_score_models_reads_it(tmp_path, capsys, shipped_tables_after):
    """`spinscore train --out /tmp/mymodels` rewrote the package's scorer/data tables whatever
    --out named, silently changing every later score of the installed package."""
    data, out = tmp_path / "corpora with spaces", tmp_path / "my models"
    write_tiny_corpus(data)
    aeb._load_pages.cache_clear()
    before = _hashes()
    assert main(["train", "--data", str(data), "--out", str(out), "--only", "boilerplate"]) == 0
    assert _hashes() == before, "train changed the package's own scorer/data or models/"
    trained = out / "data" / BL.DATA.name
    assert trained.is_file() and (out / "facet_boilerplate.json").is_file()
    assert not list(out.rglob("*.tmp")), "a temporary file was left behind"
    # The output is a models folder `score --models` takes, and its line classifier is read.
    tables.select(None)
    shipped_model = BL.line_model()
    assert BL.DATA == tables.TABLES[0].shipped
    article = tmp_path / "a.txt"
    article.write_text(_body(3, "the harbour bridge").replace("\n", "\n\n") + "\n\nShare on Facebook\n")
    capsys.readouterr()
    assert main(["score", str(article), "--models", str(out), "--format", "json"]) == 0
    assert BL.DATA == trained
    assert BL.line_model() == BL.LineModel.from_dict(json.loads(trained.read_text())["model"])
    assert BL.line_model() != shipped_model
    json.loads(capsys.readouterr().out)
    # Without --models, the shipped tables again.
    assert main(["score", str(article), "--format", "json"]) == 0
    assert BL.DATA == tables.TABLES[0].shipped


def test_select_points_every_table_at_the_models_folder_and_back(tmp_path, shipped_tables_after):
    """Each derived table's loader reads DIR/data/<table> when present, the shipped one when not."""
    (tmp_path / "data").mkdir()
    for t in tables.TABLES:
        (tmp_path / "data" / t.name).write_bytes(t.shipped.read_bytes())
    tables.select(tmp_path)
    for t in tables.TABLES:
        assert Path(getattr(t.module, t.attr)) == tmp_path / "data" / t.name, t.name
    # The two loaders that once bound the path as a default argument read the new file.
    from scorer.features import mt_ngram, mt_profile

    assert mt_ngram.load_model() is not None and mt_profile.load_fwngram()
    (tmp_path / "data" / Path(mt_profile.DATA).name).write_text('{"weights": {"of the": 1.5}}')
    (tmp_path / "data" / Path(mt_ngram.DATA).name).write_text('{"buckets": -1}')
    tables.select(None)
    tables.select(tmp_path)
    assert mt_profile.load_fwngram() == {"of the": 1.5}
    assert mt_ngram.load_model() is None  # the wrong bucket count: the file read is the new one
    (tmp_path / "data" / tables.TABLES[0].name).unlink()
    tables.select(tmp_path)
    assert Path(getattr(tables.TABLES[0].module, tables.TABLES[0].attr)) == tables.TABLES[0].shipped
    tables.select(None)
    for t in tables.TABLES:
        assert Path(getattr(t.module, t.attr)) == t.shipped, t.name


def test_out_as_the_package_models_folder_keeps_tables_beside_the_shipped_ones(tmp_path):
    """Retraining the shipped models (`--out models` in a checkout) keeps the package consistent:
    its tables go where the default scorer reads them."""
    assert tables.tables_dir(tables.package_models_dir()) == tables.SHIPPED_DIR
    assert tables.tables_dir(tmp_path) == tmp_path / "data"


def test_a_model_write_cut_short_leaves_the_old_file_whole(tmp_path, monkeypatch, shipped_tables_after):
    """A Ctrl-C or a full disk while `train` wrote a model left it half-written in --out:
    `score --models` then refused the whole folder as corrupt. The old file stays whole and no
    temporary file is left."""
    from scorer.model import load_model
    from scorer.training import boilerplate as tb

    data, out = tmp_path / "data", tmp_path / "out"
    write_tiny_corpus(data)
    aeb._load_pages.cache_clear()
    out.mkdir()
    good = out / "facet_boilerplate.json"
    good.write_bytes((REPO / "models" / "facet_boilerplate.json").read_bytes())
    before = good.read_bytes()
    real_write = Path.write_text

    def cut_short(self, text, *a, **k):
        if "facet_boilerplate" in self.name:  # the model, or its temporary file
            real_write(self, text[: len(text) // 2], *a, **k)
            raise KeyboardInterrupt
        return real_write(self, text, *a, **k)

    monkeypatch.setattr(Path, "write_text", cut_short)
    with pytest.raises(KeyboardInterrupt):
        tb.train(data, out)
    monkeypatch.undo()
    assert good.read_bytes() == before
    load_model(good)
    assert not list(out.rglob("*.tmp")) and not list(out.rglob(".*")), "a temporary file was left behind"


def test_written_tables_and_models_are_as_readable_as_any_file_the_user_writes(tmp_path):
    """The atomic write went through tempfile.mkstemp, whose file is private (0600): a table
    trained into a shared models folder would be unreadable to its other users."""
    import os

    umask = os.umask(0o022)
    try:
        tables.write_text(tmp_path / "t.json", "{}")
        plain = tmp_path / "plain.json"
        plain.write_text("{}")
    finally:
        os.umask(umask)
    assert (tmp_path / "t.json").stat().st_mode & 0o777 == plain.stat().st_mode & 0o777 == 0o644
