"""scorer.training.refit_compare: paired refits tell a change from refit noise."""


def _write_dump(path, informative: bool, n_stories: int = 400):
    """A synthetic row dump: per story one human and one MT document; ``facet.mt`` separates
    them only when ``informative``."""
    import gzip
    import json
    import random

    rng = random.Random(0)
    names = ["facet.mt", "facet.ai_style"]
    with gzip.open(path, "wt") as fh:
        fh.write(json.dumps({"names": names}) + "\n")
        for i in range(n_stories):
            for kind, y in (("human", 0), ("mt", 1)):
                signal = (0.3 + 0.4 * y) if informative else 0.5
                row = {"facet.mt": min(1.0, max(0.0, signal + rng.gauss(0, 0.25))),
                       "facet.ai_style": rng.random()}
                fh.write(json.dumps({"story": f"st{i}", "kind": kind, "y": y, "row": row}) + "\n")


def test_refit_compare_tells_a_real_change_from_none(tmp_path):
    """Paired refits: an input that carries the signal beats one that does not on every
    subset; a variant compared with itself differs by exactly zero."""
    from scorer.training import refit_compare as RC

    a, b = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
    _write_dump(a, informative=False)
    _write_dump(b, informative=True)
    ra, rb = RC.refits(a, 2), RC.refits(b, 2)
    assert all(y["auroc"] > x["auroc"] + 0.2 for x, y in zip(ra, rb))
    assert RC.refits(b, 1) == rb[:1]  # subset 0 is the whole combiner side: the shipped fit, reproduced
    text = RC.compare(b, b, 2)
    auroc_line = next(ln for ln in text.splitlines() if ln.startswith("auroc "))
    assert "+0.0000" in auroc_line and auroc_line.endswith("no")


def test_probe_texts_are_scored_by_every_refit(tmp_path):
    """A pinned text near a cut (the non-native briefs of test_non_native.py) can fall either
    side of it with the refit alone: each refit scores the dump's probe rows, and compare
    prints their scores per variant (mean and lowest)."""
    import gzip
    import json

    from scorer.training import refit_compare as RC

    a = tmp_path / "a.jsonl.gz"
    _write_dump(a, informative=True, n_stories=150)
    with gzip.open(a, "at") as fh:
        fh.write(json.dumps({"probe": "clean", "row": {"facet.mt": 0.0, "facet.ai_style": 0.5}}) + "\n")
        fh.write(json.dumps({"probe": "machine", "row": {"facet.mt": 1.0, "facet.ai_style": 0.5}}) + "\n")
    fits = RC.refits(a, 2)
    for f in fits:
        assert 0 <= f["probe:machine"] < f["probe:clean"] <= 100
    assert "auroc" in fits[0] and not any(k.startswith("probe:") and k[6:] not in ("clean", "machine") for k in fits[0])
    text = RC.compare(a, a, 2)
    section = text.split("probe score", 1)[1].splitlines()
    clean = next(ln for ln in section if ln.startswith("probe:clean"))
    assert "+0.00" in clean and f"{min(f['probe:clean'] for f in fits):.2f}" in clean


def test_probe_rows_are_read_from_a_folder_of_texts(tmp_path):
    import pytest

    from scorer.training import refit_compare as RC

    (tmp_path / "b_brief.txt").write_text(
        "The harbour board approved a new ferry timetable on Wednesday after months of complaints "
        "from island commuters, officials said. The later sailings start in June.", encoding="utf-8")
    (tmp_path / "a_brief.txt").write_text(
        "Police in Kamburu have arrested three suspects in connection to the theft of cattle from a "
        "farm on Tuesday night, the area police commander said.", encoding="utf-8")
    rows = RC._probe_rows(tmp_path, None)
    assert [name for name, _ in rows] == ["a_brief", "b_brief"]
    assert all("facet.mt" in r and "mt.spin_word_score" in r for _, r in rows)
    with pytest.raises(SystemExit, match="no .txt"):
        RC._probe_rows(tmp_path / "nothing-here", None)
