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
