"""Retraining on a small fixture corpus written here: the model round-trips through JSON and
the scorer built on the saved file predicts exactly what the in-memory model predicts."""
from __future__ import annotations

import json

import pytest

from scorer.corpora.base import Doc
from scorer.model import load_model
from scorer.scoring import Scorer
from scorer.training.reliability import fit_docs

HUMAN = [
    "The county health board said on Monday that it would open two new clinics in the spring. "
    "“We have waited a long time for this,” said Grace Mwangi, a nurse in Eldoret. The board "
    "did not say how much the clinics would cost.",
    "Fishermen in Chittagong returned to port early on Thursday as a cyclone warning was raised. "
    "Officials said about 3,000 boats were at sea when the alert was issued.",
    "The city's transport authority will raise bus fares by 10 cents from July, its director told "
    "reporters. Opposition councillors said the increase would hit low-income commuters hardest.",
    "A court in Busan sentenced a former bank manager to four years in prison for embezzlement, "
    "prosecutors said. The manager had admitted taking funds over six years.",
    "Rain delayed the start of the cricket match by two hours, but the home side still won by "
    "five wickets, the captain said after the game.",
    "The university announced that tuition would stay unchanged next year. Students had protested "
    "for a week outside the administration building.",
]
MACHINE = [
    "In the realm of public health, the county board has unveiled a groundbreaking initiative. "
    "This pivotal move underscores a commitment to community well-being. In conclusion, it is a "
    "testament to progress. As an AI language model, I cannot verify these details.",
    "In today's fast-paced world, the cyclone serves as a stark reminder of nature's power. It is "
    "crucial to delve into the multifaceted implications. Overall, the situation remains fluid.",
    "The transport authority's decision highlights a pivotal shift. Moreover, it underscores the "
    "intricate balance between cost and access. Ultimately, only time will tell.",
    "Certainly! Here is a rewritten version of the article: the court case sheds light on the "
    "intricate landscape of banking. It is essential to navigate these complexities.",
    "The match showcased a remarkable tapestry of skill. Furthermore, it underscores the vibrant "
    "spirit of the game. In summary, it was a testament to resilience.",
    "The university's decision marks a significant milestone. It is worth noting that this pivotal "
    "step fosters a holistic approach. In conclusion, the future looks bright.",
]


@pytest.fixture(scope="module")
def fixture_docs():
    docs = [Doc(t, "human", "fixture", f"h{i}") for i, t in enumerate(HUMAN)]
    docs += [Doc(t, "llm", "fixture", f"m{i}") for i, t in enumerate(MACHINE)]
    return docs


def test_retrain_round_trip_and_identical_predictions(fixture_docs, tmp_path):
    model = fit_docs(fixture_docs, models_dir=tmp_path)
    assert model.positive_class == "unreliable" and model.trees and model.features
    model.save(tmp_path / "reliability.json")
    loaded = load_model(tmp_path / "reliability.json")
    assert json.loads((tmp_path / "reliability.json").read_text())["features"] == model.features

    scorer = Scorer(models_dir=tmp_path)
    assert scorer.model is not None
    for doc in fixture_docs:
        report = scorer.score_text(doc.text)
        inputs = dict(report.features)
        inputs.update({f"facet.{k}": v for k, v in report.facets.items()})
        p_mem, p_disk = model.predict_proba(inputs), loaded.predict_proba(inputs)
        assert p_mem == p_disk
        assert report.score == round(100 * (1 - p_disk), 1)
        assert report.verdict in ("likely reliable", "mixed", "likely unreliable")


def test_fixture_model_separates_its_training_texts(fixture_docs, tmp_path):
    model = fit_docs(fixture_docs, models_dir=tmp_path)
    model.save(tmp_path / "reliability.json")
    scorer = Scorer(models_dir=tmp_path)
    human = [scorer.score_text(t).score for t in HUMAN]
    machine = [scorer.score_text(t).score for t in MACHINE]
    assert min(human) > max(machine) - 1e-9 or sum(human) / 6 > sum(machine) / 6 + 20


def test_shipped_model_moves_each_input_only_in_its_risk_direction(seed_paths):
    """No input can count against an article for being low on its own risk scale: sweeping one
    facet risk (or a risk feature) upwards never lowers P(unreliable), sweeping a credit
    feature upwards never raises it (monotone trees, scorer/training/reliability.py)."""
    import numpy as np

    from scorer.combiner_inputs import FACET_PREFIX, model_inputs
    from scorer.training.reliability import monotone_directions

    scorer = Scorer()
    if scorer.model is None:
        pytest.skip("no reliability model installed")
    model = scorer.model
    direction = dict(zip(model.features, monotone_directions(list(model.features))))
    for p in seed_paths:
        rep = scorer.score_file(p)
        base = model_inputs(rep.features, rep.facets)
        for f in model.features:
            if not direction[f]:
                continue
            top = 1.0 if f.startswith(FACET_PREFIX) or f.startswith("combined.") else max(1.0, 3 * abs(base.get(f) or 0))
            d = [model.decision({**base, f: v}) for v in np.linspace(0.0, top, 25)]
            steps = np.diff(d) * direction[f]
            assert (steps >= -1e-9).all(), (p.name, f)


def test_own_facet_auroc_ranks_each_defect_by_its_own_facet_only():
    import numpy as np

    from scorer.training.reliability import own_facet_auroc

    def doc(kind, i):
        return Doc(text="x", kind=kind, source="s", story=f"{kind}{i}")

    docs = [doc("human", i) for i in range(4)] + [doc("boilerplate", i) for i in range(2)] + [doc("mt", 0)]
    y = np.array([0, 0, 0, 0, 1, 1, 1])
    # Humans are odd on mt (0.9) but never on boilerplate; a non-English human has no facet (None).
    rows = [{"facet.boilerplate": 0.1, "facet.mt": 0.9}, {"facet.boilerplate": 0.2, "facet.mt": 0.1},
            {"facet.boilerplate": None, "facet.mt": None}, {"facet.boilerplate": 0.3, "facet.mt": 0.2},
            {"facet.boilerplate": 0.8, "facet.mt": 0.0}, {"facet.boilerplate": 0.25, "facet.mt": 0.0},
            {"facet.boilerplate": 0.0, "facet.mt": 0.5}]
    out = own_facet_auroc(docs, y, rows)
    assert set(out) == {"boilerplate", "mt"}  # no llm/spun/refs articles: nothing to rank
    # boilerplate: 0.8 beats all four humans, 0.25 beats three (0.1, 0.2, None->0) -> 7/8
    assert out["boilerplate"] == {"facet": "boilerplate", "auroc": 0.875}
    # mt: 0.5 beats three humans of four (the 0.9 outranks it); the boilerplate docs are not counted
    assert out["mt"]["auroc"] == 0.75
