"""Caveats (scorer/caveats.py): a short or non-English text says how far to trust its score."""
import json

import pytest

from scorer.caveats import SHORT_TEXT_WORDS, CaveatRules
from scorer.render_html import render_report
from scorer.render_text import format_report
from scorer.report import SCHEMA_VERSION
from scorer.scoring import Scorer, ScorerSettings

METRICS = {"held_out": {"short_texts": {
    "whole": {"auroc": 0.871, "human_score_below_40": 0.051},
    "words_90": {"auroc": 0.8004, "human_score_below_40": 0.0893},
    "words_150": {"auroc": 0.8175, "human_score_below_40": 0.1179}}}}
FACETS_EN = {"readability": 0.3, "mt": 0.1, "citations": 0.05, "boilerplate": 0.08, "ai_style": 0.2}


@pytest.mark.parametrize("words,label,auroc,share", [(60, "~90", "0.80", "8.9 %"), (119, "~90", "0.80", "8.9 %"),
                                                     (120, "~150", "0.82", "11.8 %"), (199, "~150", "0.82", "11.8 %")])
def test_a_short_text_is_told_the_measured_figures_for_its_length(words, label, auroc, share):
    (c,) = CaveatRules(METRICS).for_article(words, "en", FACETS_EN)
    assert c.code == "short_text" and f"({words} words)" in c.message
    assert f"cut to {label} words" in c.message and f"AUROC {auroc}; 0.87 for the same articles whole" in c.message
    assert f"{share} of human ones scored under 40 (5.1 % whole)" in c.message


def test_long_english_text_has_no_caveat_and_no_metrics_means_no_numbers():
    assert CaveatRules(METRICS).for_article(SHORT_TEXT_WORDS, "en", FACETS_EN) == []
    (c,) = CaveatRules(None).for_article(80, "en", FACETS_EN)
    assert c.code == "short_text" and "AUROC" not in c.message and "less certain" in c.message


def test_not_english_names_the_facets_that_do_not_apply_and_those_the_score_rests_on():
    facets = {"readability": None, "mt": None, "citations": 0.03, "boilerplate": 0.1, "ai_style": None}
    (c,) = CaveatRules(METRICS).for_article(500, "de", facets)
    assert c.code == "not_english"
    assert "Not English (de): the mt and ai_style facets" in c.message
    assert c.message.endswith("the score rests on citations and boilerplate.")
    (c,) = CaveatRules(METRICS).for_article(500, None, facets)
    assert c.code == "not_english" and c.message.startswith("Language not determined: the mt and ai_style")
    assert CaveatRules(METRICS).for_article(500, "de", FACETS_EN) == []  # facets apply: nothing to say


SHORT = ("The city council voted on Tuesday to extend the night bus service to the airport from next "
         "month. The mayor said the change would cost about 2 million dollars a year and would be "
         "reviewed after twelve months. Drivers' unions welcomed the decision.")


@pytest.fixture(scope="module")
def scorer():
    return Scorer()


def test_reports_carry_caveats_in_the_contract_and_every_rendering(scorer):
    rep = scorer.score_text(SHORT)
    row = json.loads(json.dumps(rep.to_dict()))
    assert row["schema_version"] == SCHEMA_VERSION == "1.12"
    assert [c["code"] for c in row["caveats"]] == ["short_text"]
    assert f"({rep.word_count} words)" in row["caveats"][0]["message"]
    if rep.score is not None and (scorer.model.metrics or {}).get("held_out", {}).get("short_texts"):
        assert "AUROC" in row["caveats"][0]["message"]  # the shipped model's own figures
    assert "caveat:   Short text" in format_report(rep)
    html = render_report(row)
    assert 'data-code="short_text"' in html and "Short text (" in html
    long_rep = scorer.score_text(" ".join([SHORT] * 6))
    assert long_rep.word_count >= SHORT_TEXT_WORDS and long_rep.to_dict()["caveats"] == []


def test_caveats_never_change_the_score(scorer):
    rep = scorer.score_text(SHORT)
    rules = scorer.caveat_rules
    try:
        scorer._caveat_rules = CaveatRules(None)  # no figures: a different message, same score
        again = scorer.score_text(SHORT)
    finally:
        scorer._caveat_rules = rules
    assert again.score == rep.score and again.reasons == rep.reasons
    assert again.caveats[0].message != rep.caveats[0].message or rep.score is None


def test_error_rows_have_an_empty_caveat_list(tmp_path):
    from scorer.report import Report

    assert Report.failed("x.txt", "empty", "no text").to_dict()["caveats"] == []


def test_csv_rows_carry_the_caveat_codes(scorer):
    import csv
    import io

    from scorer.render_text import format_csv

    reports = [scorer.score_text(SHORT), scorer.score_text(" ".join([SHORT] * 6))]
    rows = list(csv.DictReader(io.StringIO(format_csv(reports, []))))
    assert [r["caveats"] for r in rows] == ["short_text", ""]
    assert list(rows[0])[list(rows[0]).index("reasons") + 1] == "caveats"



def test_fast_html_pages_say_so_and_nothing_else_does(scorer, news_page):
    """--fast-html: an HTML page's report carries the fast_html caveat (the mode it was read in);
    the default does not, and neither does text, which has no extraction to be fast about."""
    from scorer.caveats import FAST_HTML_MESSAGE
    from scorer.ingest import parse_text

    fast = Scorer(fast_html=True)
    assert parse_text(news_page, name="p.html", fast_html=True).meta.get("fast_html") is True
    assert "fast_html" not in parse_text(news_page, name="p.html").meta
    page = fast.score_text(news_page, name="p.html")
    assert page.ok and [c.code for c in page.caveats] == ["fast_html"]
    assert page.to_dict()["caveats"] == [{"code": "fast_html", "message": FAST_HTML_MESSAGE}]
    assert [c.code for c in scorer.score_text(news_page, name="p.html").caveats] == []
    text = " ".join([SHORT] * 6)
    assert [c.code for c in fast.score_text(text).caveats] == [c.code for c in scorer.score_text(text).caveats] == []


def test_fast_html_reaches_batch_workers_of_both_start_methods(tmp_path, news_page):
    """The flag travels to forked and spawned workers (spawned ones build their own scorer)."""
    from scorer import batch

    d = tmp_path / "in"
    d.mkdir()
    (d / "a.html").write_text(news_page)
    (d / "b.txt").write_text(" ".join([SHORT] * 6))
    tasks = list(batch.tasks_for(sorted(str(p) for p in d.iterdir()), max_bytes=1_000_000))
    try:
        settings = ScorerSettings(max_bytes=1_000_000, fast_html=True)
        batch.load_scorer(settings)
        for method in ("fork", "spawn"):
            pool = batch.WorkerPool(1, timeout=60, settings=settings, start_method=method)
            try:
                rows = list(pool.rows(tasks))
            finally:
                pool.close()
            assert [[c["code"] for c in r["caveats"]] for r in rows] == [["fast_html"], []], method
    finally:
        batch.load_scorer(ScorerSettings(max_bytes=1_000_000))  # the module's scorer back to the default for later tests


# --- ai_disclosure ------------------------------------------------------------------------------
LONG = " ".join([SHORT] * 6)


@pytest.mark.parametrize("line", [
    "This article was generated by AI.",
    "This story was produced with the assistance of artificial intelligence and reviewed by an editor.",
    "This content was created using ChatGPT.",
    "The article was partly written with the help of a large language model.",
    "This story was generated by Automated Insights using data from Zacks Investment Research.",
    "This article is AI-generated.",
    "THIS ARTICLE WAS WRITTEN BY\u00a0AI",
])
def test_a_text_that_says_it_was_made_with_ai_gets_the_caveat_with_its_span(scorer, line, monkeypatch):
    rep = scorer.score_text(LONG + "\n\n" + line)
    (c,) = [c for c in rep.caveats if c.code == "ai_disclosure"]
    ((s, e, snippet),) = c.spans
    assert rep.body[s:e] == snippet and snippet.lower().startswith(("this", "the"))
    assert json.loads(json.dumps(rep.to_dict()))["caveats"][-1]["spans"][0]["snippet"] == snippet
    monkeypatch.setattr("scorer.caveats.ai_disclosure", lambda *a, **k: None)
    without = scorer.score_text(LONG + "\n\n" + line)
    assert "ai_disclosure" not in [c.code for c in without.caveats]
    assert (without.score, without.reasons) == (rep.score, rep.reasons)  # no score input


@pytest.mark.parametrize("line", [
    "The report was prepared by artificial intelligence experts at the university.",
    "The story was written by a reporter who covers AI companies.",
    "The article was written by AI researchers at the lab.",
    "The report was written by AI safety researchers.",
    "Regulators want every article generated by AI to carry a label.",
    "The chatbot's answer was generated by AI, the company said.",
])
def test_news_about_ai_is_no_disclosure(scorer, line):
    rep = scorer.score_text(LONG + " " + line)
    assert [c.code for c in rep.caveats if c.code == "ai_disclosure"] == []


def test_a_disclosure_in_a_text_not_read_as_english_is_not_looked_for():
    rules = CaveatRules(METRICS)
    body = "Dieser Artikel wurde mit KI erstellt. This article was generated by AI."
    assert [c.code for c in rules.for_article(500, "de", FACETS_EN, body=body)] == []
    assert [c.code for c in rules.for_article(500, "en", FACETS_EN, body=body)] == ["ai_disclosure"]
