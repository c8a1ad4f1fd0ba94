"""A page's date is the article's: a date htmldate found only off the story (a sidebar) is dropped.

Before: a farm copy of a 2025 story without date markup was dated 2019-03-03 by its sidebar's
"Most read" list, so a copy cluster took it for the original of a story published six years
later. The pages are written for these tests.
"""
from __future__ import annotations

import json

import pytest

from scorer.ingest import parse_text
from scorer.page_dates import date_written

STORY = """<p>The city council on Tuesday approved a $4.2 billion budget that raises spending on transit and
housing, after a debate that ran past midnight. Council member Ana Ruiz said the plan would add 40 bus routes by
2027.</p>
<p>Opponents said the tax rise would hurt small businesses, and the chamber of commerce said it would ask the state
to review the plan. The mayor is expected to sign it this week, her office said.</p>
<p>The budget also funds 300 new teaching posts and a repair programme for the city's ageing water mains, which
burst more than 200 times last winter, according to the utilities department.</p>"""

SIDEBAR = """<aside class="sidebar"><h3>Most read</h3><ul>
<li><a href="/a">Storm closes coastal roads</a> <span>March 3, 2019</span></li>
<li><a href="/b">School board elects new chair</a> <span>April 11, 2019</span></li></ul></aside>"""


def page(head: str = "", above: str = "", story: str = STORY) -> str:
    return (f"<html><head><title>Council approves new budget - Metro Daily Wire</title>{head}</head><body>"
            f"<header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></header><div class='content'>"
            f"<article><h1>Council approves new budget</h1>{above}{story}</article>{SIDEBAR}</div>"
            f"<footer><p>© 2025 Metro Daily Wire</p></footer></body></html>")


def test_a_date_found_only_in_the_sidebar_is_dropped():
    assert parse_text(page(), name="p.html").published is None


@pytest.mark.parametrize("above, day", [
    ("<p class='byline'>By Ana Ruiz | June 10, 2025</p>", "2025-06-10"),
    ("<p class='byline'>Published 10/06/2025</p>", "2025-06-10"),
    ("<p>Tuesday 10 June 2025 09.00 BST</p>", "2025-06-10"),
])
def test_a_date_the_article_writes_is_kept(above, day):
    assert parse_text(page(above=above), name="p.html").published == day


def test_a_date_in_the_markup_is_kept():
    head = '<meta property="article:published_time" content="2025-06-10T08:00:00Z">'
    assert parse_text(page(head=head), name="p.html").published == "2025-06-10"


def test_a_german_byline_date_is_a_written_date():
    """The byline of a German blog of the real-page benchmark: "publiziert am 25. September
    2018" (its date has no markup; it had been dropped while only English months were read)."""
    html = ("<html><head><title>Die elektronische Patientenakte</title></head><body><main><p>Zurück zur Übersicht</p>"
            "<p>Von Moritz Bachmann</p><p>publiziert am 25. September 2018</p><h1>Die elektronische Patientenakte</h1>"
            "<article><p>Die Digitalisierung als Wachstums- und Entwicklungstreiber zieht sich bereits heute durch fast "
            "alle Branchen und Anwendungsgebiete, sei es im Finanzbereich, der Industrie oder eben auch im Bereich "
            "Healthcare. Die elektronische Patientenakte soll Befunde, Arztbriefe und Medikationspläne bündeln.</p>"
            "<p>Bis alle Praxen angeschlossen sind, wird es nach Einschätzung der Kassen noch Jahre dauern, sagte ein "
            "Sprecher des Verbands am Montag in Berlin.</p></article>"
            "<aside><h3>Beliebt</h3><p>12. März 2017</p></aside></main></body></html>")
    art = parse_text(html, name="p.html")
    assert art.published in ("2018-09-25", None)
    if art.published is None:  # htmldate took the sidebar's date: nothing written says 2017
        assert not date_written(art.body, "2017-03-12")
    else:
        assert date_written("publiziert am 25. September 2018", art.published)


@pytest.mark.parametrize("text, day", [
    ("2019-03-03T10:00", "2019-03-03"), ("2019/3/3", "2019-03-03"), ("03.03.2019", "2019-03-03"),
    ("3/3/19", "2019-03-03"), ("March 3, 2019", "2019-03-03"), ("Mar. 3rd 2019", "2019-03-03"),
    ("3 March 2019", "2019-03-03"), ("3rd of March, 2019", "2019-03-03"), ("Sept. 25, 2018", "2018-09-25"),
    ("publiziert am 30. Juli 2018", "2018-07-30"), ("le 1er décembre 2020", "2020-12-01"),
    ("3 de marzo de 2019", "2019-03-03"), ("2019年3月3日", "2019-03-03"), ("25 сентября 2018 г.", "2018-09-25"),
])
def test_date_written_reads_common_forms(text, day):
    assert date_written(text, day)


@pytest.mark.parametrize("text, day", [
    ("March 13, 2019", "2019-03-03"), ("March 3, 2018", "2019-03-03"), ("in 2019", "2019-03-03"),
    ("2019-03-30", "2019-03-03"), ("13/3/2019", "2019-03-03"), ("May 3, 2019", "2019-03-03"),
])
def test_date_written_refuses_other_dates(text, day):
    assert not date_written(text, day)


def test_the_dated_original_not_the_sidebar_dated_copy_leads_the_cluster(tmp_path):
    from scorer.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    head = '<meta property="article:published_time" content="2025-06-10T08:00:00Z">'
    (folder / "original.html").write_text(page(head=head), encoding="utf-8")
    (folder / "farm_copy.html").write_text(page(), encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    main(["batch", str(folder), "--out", str(out), "--no-progress"])
    rows = {json.loads(line)["path"].rsplit("/", 1)[-1]: json.loads(line) for line in out.read_text().splitlines()}
    assert rows["farm_copy.html"]["date"] is None and rows["original.html"]["date"] == "2025-06-10"
    assert rows["farm_copy.html"]["cluster_id"] == rows["original.html"]["cluster_id"]
    assert rows["original.html"]["is_original"] is True


# The 181 real news pages all keep a date (none loses it to this rule): checked in one pass with
# the other real-page checks, tests/test_page_stub.py::test_every_real_news_page_of_the_benchmark_is_read_as_a_dated_article.
