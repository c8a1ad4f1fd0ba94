"""Evaluation gate for the boilerplate family (needs ../shared/data; skipped without it).

Minimums sit a few points under the measured values (in comments); lower one only with a
reason in the commit message, never to make a regression pass.
"""
from __future__ import annotations

from itertools import islice
from pathlib import Path

import pytest

from scorer.corpora import aeb
from scorer.features import boilerplate_lines as BL
from scorer.model import facet_model_path, load_optional
from scorer.training import boilerplate as T

pytestmark = pytest.mark.data
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def test_docs(shared_data):
    return [d for d in T.line_documents(shared_data) if d["split"] == "test"]


@pytest.fixture(scope="module")
def injected(shared_data) -> tuple:
    """``aeb.injected_docs(seed=0)``, built once for the module (~4 s a pass; CI time). Read-only."""
    return tuple(aeb.injected_docs(shared_data, seed=0))


def test_aeb_loader(shared_data):
    pages = aeb.pages(shared_data)
    assert len(pages) == 181
    assert all(p.html and p.body for p in pages)
    splits = {aeb.split_of(p.id) for p in pages}
    assert splits == {"train", "test"}


def test_injected_docs_are_deterministic_and_paired(shared_data, injected):
    # The first 20 documents (10 pages) of each seed: the generator reads a page when asked.
    a = [d.text for d in islice(aeb.injected_docs(shared_data, seed=3), 20)]
    b = [d.text for d in islice(aeb.injected_docs(shared_data, seed=3), 20)]
    c = [d.text for d in islice(aeb.injected_docs(shared_data, seed=4), 20)]
    assert len(a) == 20 and a == b and a != c
    docs = injected
    kinds = {}
    for d in docs:
        kinds.setdefault(d.story, set()).add(d.kind)
    assert all(k == {"human", "boilerplate"} for k in kinds.values())


def test_news_meta_docs_are_human_variants_on_their_pages_side(shared_data, injected):
    bodies = {d.story: d.text for d in injected if d.kind == "human"}
    docs = list(aeb.news_meta_docs(shared_data, seed=0))
    assert [d.text for d in docs] == [d.text for d in aeb.news_meta_docs(shared_data, seed=0)]
    assert {d.story for d in docs} == set(bodies)  # one per page, the pages injected_docs keeps
    for d in docs:
        assert d.kind == "human" and d.meta["split"] == aeb.split_of(d.story) and d.meta["news_meta"]
        assert d.text != bodies[d.story]
    # Not added to injected_docs: the mt facet reads its human bodies as native English.
    assert all(not d.meta.get("news_meta") for d in injected)


def test_page_chrome_docs_are_human_variants_on_their_pages_side(shared_data, injected):
    bodies = {d.story: d.text for d in injected if d.kind == "human"}
    docs = list(aeb.page_chrome_docs(shared_data, seed=0))
    assert [d.text for d in docs] == [d.text for d in aeb.page_chrome_docs(shared_data, seed=0)]
    assert {d.story for d in docs} == set(bodies)
    for d in docs:
        assert d.kind == "human" and d.meta["split"] == aeb.split_of(d.story) and d.meta["page_chrome"]
        assert d.text != bodies[d.story]
    assert all(not d.meta.get("page_chrome") for d in injected)


def test_injected_bodies_whose_furniture_the_chrome_allowance_takes_get_a_farm_line(shared_data, injected):
    """padded_docs gives one farm line to exactly the injected bodies in which the facet counts
    nothing but lists page chrome, leaves every other document as injected_docs made it, and the
    shipped facet says how many it changed."""
    from scorer.features.boilerplate import Boilerplate
    from scorer.ingest import parse_text

    every = list(injected)
    padded, n = T.padded_docs(shared_data, seed=0)
    assert len(padded) == len(every) and [d.story for d in padded] == [d.story for d in every]
    changed = [(a, b) for a, b in zip(every, padded) if a.text != b.text]
    assert len(changed) == n and n == sum(bool(b.meta.get("chrome_absorbed")) for b in padded)
    for a, b in changed:
        assert a.kind == b.kind == "boilerplate" and T.chrome_absorbed(a.text)
        assert b.text.replace(b.meta["farm_line"], "", 1).strip() == a.text.strip()
        res = Boilerplate().extract(parse_text(b.text))
        assert res.details["flagged"] and res.details["page_chrome"]
    for a, b in zip(every, padded):
        if a.text == b.text and a.kind == "boilerplate":
            assert not T.chrome_absorbed(a.text)
    model = load_optional(facet_model_path("boilerplate", REPO / "models"))
    assert model.metrics["injected_chrome_only_given_a_farm_line"] == n
    # A bound against a chrome rule that swallows the farm padding wholesale (then most injected
    # bodies would need a line put back): 22 of 179 when the allowance was decided, 27 since
    # reliability-12 made click-here link labels and a lone "Newsletter" chrome.
    assert n <= 0.2 * sum(d.kind == "boilerplate" for d in every)


def test_facet_does_not_read_page_chrome_as_padding():
    model = load_optional(facet_model_path("boilerplate", REPO / "models"))
    # held-out AEB bodies with a share bar, a comments heading, "Skip to content" ...: measured 0.0
    assert model.metrics["false_alarm_at_0.5"]["aeb_bodies_with_page_chrome"] <= 0.02


def test_facet_does_not_read_news_metadata_as_padding():
    model = load_optional(facet_model_path("boilerplate", REPO / "models"))
    # held-out AEB bodies with a byline, a copyright line, an ad marker ...: measured 0.0
    assert model.metrics["false_alarm_at_0.5"]["aeb_bodies_with_news_metadata"] <= 0.02


def test_line_classifier_gate(test_docs):
    model = BL.line_model()
    assert model is not None, "scorer/data/boilerplate_lines.json missing: run the training"
    m = T.line_metrics(test_docs, model, model.threshold)
    # Visible page text of 50 held-out pages; measured P 0.949 R 0.875 F1 0.911.
    assert m["page"]["f1"] >= 0.88
    assert m["page"]["precision"] >= 0.93
    # True bodies with injected furniture; measured P 0.939, content flagged 0.009.
    assert m["dump"]["precision"] >= 0.85
    assert m["dump"]["content_flagged_rate"] <= 0.03


def test_cue_lexicon_rarely_fires_on_main_text(shared_data):
    s = T.evaluate_segments(shared_data)
    assert s["cue_on_with_rate"] <= 0.02
    # measured 0.001 and 0.040 (segments are multilingual fragments; the lexicon is English-first)
    assert s["cue_on_without_rate"] >= 0.03


def test_facet_model_is_shipped_and_calibrated():
    model = load_optional(facet_model_path("boilerplate", REPO / "models"))
    assert model is not None
    assert model.metrics["test_auroc"] >= 0.88  # measured 0.937
    assert model.metrics["false_alarm_at_0.5"]["xsum_human"] <= 0.05
    assert model.manifest and all("sha256" in m for m in model.manifest)


def test_html_extraction_subset(shared_data):
    # 40 pages keep this under the time budget; the full 181-page run is
    # `python -m scorer.training.boilerplate evaluate`.
    m = T.evaluate_html(shared_data, limit=40)
    assert m["extract_page"]["f1"] >= m["trafilatura_default"]["f1"] - 0.005
    assert m["extract_page"]["f1"] >= 0.93
