"""`spinscore train` and `evaluate` on a corpus folder that is there but incomplete or empty:
one line naming what is missing, exit 2, not a traceback from numpy or scikit-learn."""
from __future__ import annotations

import json

from scorer.cli import main
from scorer.corpora import aeb


def _one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.startswith("spinscore: error:")]
    assert len(lines) == 1, err
    return lines[0]


def test_benchmark_ground_truth_without_its_html_is_named(tmp_path, capsys):
    """The ground truth downloaded without the HTML tars gave no page, and `train` ended in
    numpy's "need at least one array to concatenate"."""
    base = tmp_path / "boilerplate"
    base.mkdir()
    (base / "aeb_ground-truth.json").write_text(json.dumps({"ab" * 32: {"articleBody": "x", "url": ""}}))
    aeb._load_pages.cache_clear()
    assert main(["train", "--data", str(tmp_path), "--out", str(tmp_path / "m"), "--only", "boilerplate"]) == 2
    line = _one_error_line(capsys)
    assert "aeb_html_part*.tar" in line and "1 listed" in line


def test_a_corpus_too_small_to_fit_is_one_line(tmp_path, capsys):
    """An empty benchmark file left `evaluate citations` with scikit-learn's k-fold ValueError."""
    base = tmp_path / "boilerplate"
    base.mkdir()
    (base / "aeb_ground-truth.json").write_text("{}")
    assert main(["evaluate", "citations", "--data", str(tmp_path)]) == 2
    line = _one_error_line(capsys)
    assert str(tmp_path) in line and "too few" in line and "citations.py" in line


def test_train_refuses_a_folder_it_cannot_write_before_training(tmp_path, capsys, monkeypatch):
    """A read-only --out trained for minutes and then ended in a PermissionError traceback at
    the first model it saved. Refused first, one line, exit 2, nothing trained."""
    import tempfile

    import scorer.training.boilerplate as tb

    trained = []
    monkeypatch.setattr(tb, "train", lambda data, out: trained.append(out) or {})
    out = tmp_path / "read-only"
    out.mkdir()
    real = tempfile.TemporaryFile

    def refuse(*a, dir=None, **k):
        if dir is not None and dir == out:
            raise PermissionError(13, "Permission denied")
        return real(*a, dir=dir, **k)

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    assert main(["train", "--data", str(tmp_path), "--out", str(out), "--only", "boilerplate"]) == 2
    assert "cannot write models to" in _one_error_line(capsys) and not trained


def test_only_trains_in_dependency_order_each_once(tmp_path, capsys, monkeypatch):
    """`--only reliability --only mt` trained reliability first, on the facet risks of the mt
    model the run then replaced (the output's models disagreed), and a repeated --only trained
    twice."""
    import importlib

    trained = []
    for name in ("mt", "reliability"):
        mod = importlib.import_module(f"scorer.training.{name}")
        monkeypatch.setattr(mod, "train", lambda data, out, name=name: trained.append(name) or {})
        monkeypatch.setattr(mod, "format_report", lambda metrics: "")
    argv = ["train", "--data", str(tmp_path), "--out", str(tmp_path / "m"),
            "--only", "reliability", "--only", "mt", "--only", "reliability"]
    assert main(argv) == 0
    assert trained == ["mt", "reliability"]


def test_a_feature_cache_cut_short_is_extracted_again_not_a_damaged_corpus(tmp_path):
    """An append to the SPINSCORE_CACHE feature cache cut short left a partial last line, and
    every later train/evaluate stopped with "a corpus file ... is damaged" (a JSON error read
    in reliability.py), which no new download of the corpora mends."""
    from scorer.training import reliability as R

    cache = tmp_path / f"features-{R.code_fingerprint(None)}.jsonl"
    cache.write_text(json.dumps(["k1", {"f": 1.0}]) + "\n" + '["k2", {"f": 2')
    assert R.extract_all([], None, cache_dir=tmp_path) == []


def test_feature_caches_key_on_the_tables_and_models_the_extractors_read(tmp_path):
    """The mt training's feature cache (/tmp/mt_feature_cache_*.json) was keyed on a version
    bumped by hand, and kept serving the old mt values after the extractor changed. It now keys
    on tables.extractor_fingerprint, as the reliability cache does: the extractor code, the
    tables in use and (given a models folder) the facet models."""
    from scorer.training import tables

    base = tables.extractor_fingerprint()
    assert tables.extractor_fingerprint() == base
    lexicon = next(t for t in tables.TABLES if t.attr == "DATA" and t.module.__name__.endswith("mt_lexicon"))
    own = tmp_path / tables.SUBDIR / lexicon.name
    own.parent.mkdir()
    own.write_bytes(lexicon.shipped.read_bytes() + b"\n")
    try:
        tables.select(tmp_path)
        assert tables.extractor_fingerprint() != base
    finally:
        tables.select(None)
    assert tables.extractor_fingerprint() == base
    with_model = tables.extractor_fingerprint(tmp_path)
    (tmp_path / "facet_mt.json").write_text("{}")
    assert tables.extractor_fingerprint(tmp_path) != with_model
