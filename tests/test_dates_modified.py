"""A page's last-update date: read where the page declares it, carried in the report as
``date_modified``, and letting a reference dated on or before the update pass the future-dated
check (a live blog, an updated story honestly links stories published after its first date).
Not credible, and ignored: an update before the publication, after the capture or after today."""
from __future__ import annotations

import json
from datetime import date

import pytest

from scorer import article as article_mod
from scorer.article import credible_update, with_known
from scorer.features.citations import Citations
from scorer.ingest import parse_text

EX = Citations()
F = "citations."
LATER = "https://www.reuters.com/world/2025/06/13/ferry-service-resumes-after-strike/"
STORY = ("Ferry crews walked off the job on Tuesday, stranding thousands of passengers on the islands, "
         "officials said. The union said the strike would go on until the operator agreed to talks. ")


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    # the day of the run bounds an update date: fixed, so that no test depends on when it runs
    monkeypatch.setattr(article_mod, "today", lambda: date(2025, 7, 1))


def future(a):
    res = EX.extract(a)
    hits = [e.reason for e in res.evidence if e.feature == F + "future_dated_count"]
    assert len(hits) == res.values[F + "future_dated_count"]
    return res.values[F + "future_dated_count"], hits, res.details


def wordpress(modified: str | None, date_: str = "2025-06-10T08:00:00") -> str:
    obj = {"id": 7, "date": date_, "link": "https://islandnews.example/?p=7",
           "title": {"rendered": "Live: ferry strike"},
           "content": {"rendered": f"<p>{STORY}</p><p>Update: service is back, "
                                   f'<a href="{LATER}">Reuters reported</a> on Friday.</p><p>{STORY}</p>'}}
    if modified:
        obj["modified"] = modified
    return json.dumps(obj)


def html(head: str = "", top: str = "") -> str:
    return ("<!doctype html><html><head><title>Ferry strike: live</title>" + head + "</head><body><article>"
            f"<h1>Ferry strike: live</h1>{top}<p>{STORY}{STORY}</p>"
            f"<p>Update: service is back, Reuters reported ({LATER}) on Friday. {STORY}</p>"
            "</article></body></html>")


PUBLISHED = '<meta property="article:published_time" content="2025-06-10T08:00:00Z">'


# --- the update lets a later reference pass ------------------------------------------------------
def test_wordpress_post_updated_after_the_story_it_links():
    a = parse_text(wordpress("2025-06-14T09:30:00"))
    assert (a.published, a.date_modified) == ("2025-06-10", "2025-06-14")
    n, hits, details = future(a)
    assert n == 0 and not hits
    assert details["dated_after_publication_before_update"]["references"] == [LATER]
    # the same post without a modified date: the reference is still after the article
    a = parse_text(wordpress(None))
    assert a.date_modified is None
    n, hits, _ = future(a)
    assert n == 1 and "after the article's own date 2025-06-10" in hits[0]


@pytest.mark.parametrize("head", [
    '<meta property="article:modified_time" content="2025-06-14T09:30:00Z">',
    '<meta property="og:updated_time" content="2025-06-14T09:30:00+00:00">',
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "LiveBlogPosting", '
    '"datePublished": "2025-06-10T08:00:00Z", "dateModified": "2025-06-14T09:30:00Z"}</script>',
    '<script type="application/ld+json">{"@graph": [{"@type": "WebPage", "dateModified": "2025-06-20"}, '
    '{"@type": "NewsArticle", "dateModified": "2025-06-14"}]}</script>',
])
def test_html_page_updated_after_the_story_it_links(head):
    a = parse_text(html(PUBLISHED + head), name="page.html")
    assert (a.published, a.date_modified) == ("2025-06-10", "2025-06-14")
    assert future(a)[0] == 0
    a = parse_text(html(PUBLISHED), name="page.html")  # no update date: the hit stays
    assert a.date_modified is None and future(a)[0] == 1


@pytest.mark.parametrize("line", ["Updated June 14, 2025", "Published June 10, 2025 | Last updated: 14 Jun. 2025 09:30 BST",
                                  "UPDATED: Saturday, June 14th, 2025"])
def test_an_updated_line_at_the_top_of_the_story(line):
    a = parse_text(html(PUBLISHED, f"<p>{line}</p>"), name="page.html")
    assert a.date_modified == "2025-06-14" and a.meta.get("update_declared")
    assert future(a)[0] == 0
    text = f"Ferry strike: live\n\n{line}\n\n{STORY}\n\nService is back, Reuters reported ({LATER}).\n"
    a = parse_text(json.dumps({"title": "Ferry strike", "text": text, "date": "2025-06-10"}))
    assert a.date_modified == "2025-06-14" and future(a)[0] == 0


def test_an_updated_line_deep_in_the_text_or_in_a_sentence_is_not_read():
    deep = f"{STORY * 6}\n\nUpdated June 14, 2025\n\nReuters reported ({LATER})."
    a = parse_text(json.dumps({"title": "Ferry strike", "text": deep, "date": "2025-06-10"}))
    assert a.date_modified is None and future(a)[0] == 1
    said = f"The operator said it updated June 14, 2025 timetables. Reuters reported ({LATER}). {STORY}"
    assert parse_text(json.dumps({"title": "Ferry", "text": said, "date": "2025-06-10"})).date_modified is None


def test_a_reference_after_the_update_is_still_after_the_article():
    a = parse_text(wordpress("2025-06-11T09:30:00"))
    n, hits, _ = future(a)
    assert n == 1 and "and its last update 2025-06-11" in hits[0]
    assert parse_text(wordpress("2025-06-12T09:30:00")).date_modified == "2025-06-12"  # the day's slack
    assert future(parse_text(wordpress("2025-06-12T09:30:00")))[0] == 0


# --- an update date that cannot be true is ignored -----------------------------------------------
def test_an_update_before_the_publication_is_ignored():
    a = parse_text(wordpress("2025-06-09T09:30:00"))
    assert a.date_modified is None and future(a)[0] == 1
    a = parse_text(html(PUBLISHED + '<meta property="article:modified_time" content="2024-01-01">'), name="p.html")
    assert a.date_modified is None and future(a)[0] == 1


def test_an_update_after_today_is_ignored(monkeypatch):
    monkeypatch.setattr(article_mod, "today", lambda: date(2025, 6, 12))
    a = parse_text(wordpress("2025-06-14T09:30:00"))
    assert a.date_modified is None and future(a)[0] == 1
    a = parse_text(html(PUBLISHED + '<meta property="article:modified_time" content="2099-01-01">'), name="p.html")
    assert a.date_modified is None and future(a)[0] == 1
    # a day's slack for the zones: an update "tomorrow" in UTC may be today where it was written
    assert credible_update("2025-06-10", "2025-06-13") == "2025-06-13"
    assert credible_update("2025-06-10", "2025-06-14") is None


def test_an_update_after_the_capture_is_ignored():
    a = parse_text(wordpress("2025-06-14T09:30:00"))
    captured = with_known(a, url="https://islandnews.example/?p=7", date="2025-06-12", captured="2025-06-12")
    assert captured.published == "2025-06-10" and captured.date_modified is None
    assert future(captured)[0] == 1
    kept = with_known(a, date="2025-06-20", captured="2025-06-20")
    assert kept.date_modified == "2025-06-14" and future(kept)[0] == 0
    # the record's date made the publication date (a text without its own): an update before it is not credible
    plain = parse_text(json.dumps({"title": "Ferry", "text": STORY, "dateModified": "2025-06-14"}))
    assert plain.published is None and plain.date_modified == "2025-06-14"
    assert with_known(plain, date="2025-06-20", captured="2025-06-20").date_modified is None


def test_a_warc_record_fetched_before_the_claimed_update():
    from scorer.scoring import Scorer
    from scorer.warc import WarcPage, score_page

    body = html(PUBLISHED + '<meta property="article:modified_time" content="2025-06-14T09:30:00Z">').encode()
    page = WarcPage(archive="a.warc", record_id="1", url="https://islandnews.example/live", fetched="2025-06-12",
                    payload=body, kind="html")
    row = score_page(Scorer(), page).to_dict()
    assert row["date"] == "2025-06-10" and row["date_modified"] is None
    assert row["features"][F + "future_dated_count"] == 1


# --- an update long after the publication ------------------------------------------------------
def test_a_silent_update_years_later_does_not_excuse_references_from_those_years():
    """WordPress sets ``modified`` on any edit: a 2023 post touched in 2025 that cites a 2025
    story is reported with its update date, but only a page that tells its reader it was
    updated (or is live) has the 2025 reference excused."""
    a = parse_text(wordpress("2025-06-14T09:30:00", date_="2023-03-01T08:00:00"))
    assert a.date_modified == "2025-06-14"
    assert future(a)[0] == 1
    a = parse_text(html('<meta property="article:published_time" content="2023-03-01">'
                        '<meta property="article:modified_time" content="2025-06-14">', "<p>Updated June 14, 2025</p>"),
                   name="page.html")
    assert a.date_modified == "2025-06-14" and future(a)[0] == 0


# --- the report ----------------------------------------------------------------------------------
def test_the_report_carries_the_update_and_keeps_the_first_publication_as_its_date():
    from scorer.scoring import Scorer

    row = Scorer().score_article(parse_text(wordpress("2025-06-14T09:30:00")), path="p.json").to_dict()
    assert row["date"] == "2025-06-10" and row["date_modified"] == "2025-06-14"
    assert row["features"][F + "future_dated_count"] == 0
    assert Scorer().score_article(parse_text(STORY), path="p.txt").to_dict()["date_modified"] is None



def test_the_terminal_table_and_the_html_page_show_the_update():
    from scorer.render_html import _meta
    from scorer.render_text import format_report
    from scorer.scoring import Scorer

    rep = Scorer().score_article(parse_text(wordpress("2025-06-14T09:30:00")), path="p.json")
    assert "date:     2025-06-10 (updated 2025-06-14)" in format_report(rep)
    assert "updated <bdi>2025-06-14</bdi>" in _meta(rep.to_dict())
    same_day = rep.to_dict() | {"date_modified": "2025-06-10"}  # an update the day it ran says nothing
    assert "updated" not in _meta(same_day)

@pytest.mark.parametrize("key", ["lastmod", "last_modified_at", "updated", "dateModified"])
def test_a_markdown_post_front_matter_update(key):
    md = (f"---\ntitle: Ferry strike\ndate: 2025-06-10\n{key}: 2025-06-14\n---\n\n# Ferry strike\n\n{STORY}\n\n"
          f"Service is back, [Reuters reported]({LATER}).\n")
    a = parse_text(md, name="post.md")
    assert (a.published, a.date_modified) == ("2025-06-10", "2025-06-14")
    assert future(a)[0] == 0
    a = parse_text(md.replace(f"{key}: 2025-06-14\n", ""), name="post.md")
    assert a.date_modified is None and future(a)[0] == 1
