"""A table's title/date/url columns (the Spark job's tables of texts): which columns are read,
how their values are taken, and how they meet what the text itself says (scorer.article.with_known).
Pure Python: no Spark needed (tests/test_spark.py runs the job with them)."""
from __future__ import annotations

import datetime as dt

import pytest

from scorer.article import with_known
from scorer.scoring import Scorer
from scorer.spark import _known, metadata_columns

STORY = ("Harbour officials in Port Elgin said on Monday that the new ferry terminal will open in March, "
         "two months later than planned. The delay was caused by a shortage of steel, according to "
         "project manager Ines Okafor, who said the budget of 48 million dollars had not changed.\n\n"
         "Local businesses had hoped the terminal would bring more summer visitors. The council will "
         "review the schedule at its next meeting on 14 February.")


def test_columns_found_by_the_json_field_names_or_given():
    cols = ["id", "text", "headline", "link", "date_publish", "title2"]
    assert metadata_columns(cols, "text") == {"title": "headline", "date": "date_publish", "url": "link"}
    # "url" comes before "link" in the JSON field order; the text column is never metadata
    assert metadata_columns(["url", "link", "title"], "title") == {"url": "url"}
    assert metadata_columns(cols, "text", {"url": "", "title": "title2"}) == {"title": "title2", "date": "date_publish"}
    types = {"headline": "struct", "title2": "string", "link": "string", "date_publish": "timestamp"}
    assert metadata_columns(cols, "text", types=types) == {"date": "date_publish", "url": "link"}
    with pytest.raises(ValueError, match="no column 'when'"):
        metadata_columns(cols, "text", {"date": "when"})


def test_values_taken_from_a_row():
    meta = {"title": "t", "date": "d", "url": "u"}
    assert _known({"t": " Budget passes ", "d": "Fri, 13 Jun 2025 01:34:00 GMT", "u": "https://x.org/a"}, meta) == {
        "title": "Budget passes", "date": "2025-06-13", "url": "https://x.org/a"}
    assert _known({"t": None, "d": dt.datetime(2025, 6, 1, 23, 30), "u": ""}, meta) == {"date": "2025-06-01"}
    assert _known({"t": {"rendered": "<b>x</b>"}, "d": dt.date(2024, 2, 29), "u": 7}, meta) == {"date": "2024-02-29"}
    assert _known({"t": "", "d": "not a date", "u": None}, meta) == {}


def test_the_record_gives_url_and_title_the_text_its_own_date():
    from scorer.ingest import parse_text

    page = parse_text("<html><head><title>Own title</title><meta property='article:published_time' "
                      "content='2024-05-01'></head><body><article><p>" + STORY + "</p></article></body></html>")
    assert (page.title, page.published) == ("Own title", "2024-05-01")
    got = with_known(page, title="Record title", date="2025-01-01", url="https://record.example.com/a")
    assert (got.title, got.published, got.url) == ("Record title", "2024-05-01", "https://record.example.com/a")
    plain = parse_text(STORY)
    assert with_known(plain, date="2025-01-01").published == "2025-01-01"
    assert with_known(plain) == plain


def test_scored_with_the_columns_as_a_json_object_of_them_is():
    """What the columns give is what a .json file of the same fields gives: title, date, URL."""
    import json

    scorer = Scorer()
    known = {"title": "Ferry terminal delayed", "date": "2025-03-02", "url": "https://news.example.com/ferry"}
    table = scorer.score_text(STORY, path="row", known=known).to_dict()
    as_json = scorer.score_text(json.dumps({"text": STORY, **known}), path="row").to_dict()
    assert (table["title"], table["date"], table["url"]) == (known["title"], known["date"], known["url"])
    assert (as_json["title"], as_json["date"], as_json["url"]) == (known["title"], known["date"], known["url"])
    bare = scorer.score_text(STORY, path="row").to_dict()
    assert bare["url"] is None and bare["date"] is None
