"""HTML pages as crawls deliver them: XHTML, fragments, pages behind leading junk."""
from __future__ import annotations

import json
import re

import pytest

from scorer import errors
from scorer.features.boilerplate import page_stats
from scorer.ingest import parse_text

PARAS = "".join(
    f"<p>Paragraph {i}: the city council voted on Tuesday to approve a new budget for road repairs, "
    "with the mayor saying work would begin in the spring and last until autumn.</p>"
    for i in range(8)
)
XHTML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    "<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0 Strict//EN' "
    "'http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd'>\n"
)


def _page(body: str, title: str = "Council budget") -> str:
    return (f"<html xmlns='http://www.w3.org/1999/xhtml'><head><title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/politics'>Politics</a></nav>"
            f"<article><h1>{title}</h1>{body}</article></body></html>")


def test_xhtml_with_encoding_declaration_keeps_visible_text_and_links():
    # lxml refuses a str that declares its encoding: the page had no visible text, no page
    # links and no furniture blocks, so the boilerplate facet lost its page statistics.
    a = parse_text(XHTML_HEAD + _page(PARAS), name="page.html")
    assert a.source_format == "html"
    assert "Home Politics" in a.page_text and "Paragraph 7" in a.page_text
    assert [ln["href"] for ln in a.meta["page_links"]] == ["/", "/politics"]
    stats = page_stats(a)
    assert stats["blocks"] == {"nav": 1} and "template_share" in stats


def _long_paragraphs(n: int = 8) -> str:
    """Paragraphs long enough that their few tags fall under the tag-density test."""
    return "".join(
        "<p>" + "".join(f"The city council voted on Tuesday to approve budget line {i}.{j} for road "
                        "repairs, with the mayor saying work would begin in the spring. " for j in range(5))
        + "</p>" for i in range(n))


def test_xhtml_with_declaration_and_doctype_is_html_without_an_extension():
    # "<?xml ...?>" then the doctype: only "<?xml ...?><html" was recognised, so a crawled
    # XHTML page (WARC records are named by their content type, files may have no extension)
    # was scored as plain text, the XML declaration its title and the markup its body.
    a = parse_text(XHTML_HEAD + _page(_long_paragraphs()), name="page")
    assert a.source_format == "html"
    assert a.title == "Council budget"
    assert "<p>" not in a.body and "<?xml" not in a.body
    assert a.body.count("The city council voted") == 40


PHP_NOTICE = ("<br />\n<b>Warning</b>:  Undefined variable $post_id in <b>/var/www/html/wp-content/"
              "themes/news/header.php</b> on line <b>12</b><br />\n")


def _heavy_head_page(body: str) -> str:
    """A page whose <head> is mostly inline script and style, as real pages' are."""
    script = "".join(f"window.cfg{i} = {{id: {i}, enabled: true, region: 'eu'}};\n" for i in range(300))
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Council budget</title>"
            f"<script>{script}</script><style>{'.c { color: red; } ' * 400}</style></head>"
            f"<body><article><h1>Council budget</h1>{body}</article></body></html>")


def test_page_behind_a_php_notice_is_html():
    # The notice hid the doctype from the start test and the head's script put the tags under
    # the density test: the page was scored as plain text, script and markup included.
    page = _heavy_head_page(_long_paragraphs())
    assert parse_text(page, name="record").source_format == "html"  # without the notice
    a = parse_text(PHP_NOTICE + page, name="record")
    assert a.source_format == "html"
    assert a.title == "Council budget"
    assert "window.cfg" not in a.body and "<p>" not in a.body
    assert a.body.count("The city council voted") == 40


def test_plain_text_naming_html_elements_stays_text():
    text = ("Why the html element matters\n\n"
            + "Every page starts with <html> and a head; browsers forgive a missing one. " * 60)
    assert parse_text(text, name="note").source_format == "text"


def test_fragment_of_long_paragraphs_is_html():
    # A saved article body without <html>: its few tags fell under the density test and it
    # was scored as plain text, "<h1>...</h1><p>" its first line and tags all through.
    a = parse_text("<h1>Council budget</h1>\n" + _long_paragraphs(), name="article.txt")
    assert a.source_format == "html"
    assert a.title == "Council budget"
    assert "<p>" not in a.body and a.body.count("The city council voted") == 40


def test_json_text_field_of_long_paragraphs_loses_its_tags():
    a = parse_text(json.dumps({"title": "Council budget", "content": _long_paragraphs(3)}))
    assert a.source_format == "json"
    assert "<p>" not in a.body and len(a.paragraphs) == 3


def test_plain_text_opening_with_a_tag_it_never_closes_stays_text():
    text = "<b>Breaking</b>: the city council approved the budget. " * 20
    assert parse_text(text, name="note").source_format == "text"


# --- documents that are no article page: an error row saying what they are ------------------


FEEDS = [
    ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Daily Post</title>'
     "<item><title>Council passes budget</title><description>" + "The council voted. " * 30
     + "</description></item></channel></rss>", "an RSS feed"),
    ('<feed xmlns="http://www.w3.org/2005/Atom"><title>Daily Post</title><entry><title>Budget</title>'
     "<content>" + "The council voted. " * 30 + "</content></entry></feed>", "an Atom feed"),
    ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
     "<url><loc>https://example.com/a</loc></url></urlset>", "a sitemap"),
    ('<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n'
     "<svg xmlns='http://www.w3.org/2000/svg'><text>Council budget chart</text></svg>", "an SVG image"),
    ('<?xml version="1.0"?><note><body>' + "The council voted. " * 30 + "</body></note>",
     "an XML document (root element <note>)"),
]


@pytest.mark.parametrize("doc,kind", FEEDS)
def test_feeds_sitemaps_and_other_xml_are_no_article(doc, kind):
    """Read as plain text, markup and all, an RSS feed scored 93.5 "likely reliable"."""
    with pytest.raises(errors.NoText, match="^" + re.escape(kind) + ", not an article page"):
        parse_text(doc, name="feed")


@pytest.mark.parametrize("text", [
    "<Feed> The council voted on Tuesday to approve the harbour plan, officials said on Wednesday.",
    "<Update> The council voted on Tuesday to approve the harbour plan, officials said on Wednesday.",
])
def test_a_text_opening_with_a_bracketed_word_is_still_an_article(text):
    assert parse_text(text).source_format == "text"


def test_a_redirect_page_is_no_article_but_a_page_that_reloads_itself_is():
    redirect = ("<html><head><meta http-equiv='refresh' content='0; url=https://example.com/new'>"
                "</head><body><p>Redirecting...</p></body></html>")
    with pytest.raises(errors.NoText, match=r"redirect page \(meta refresh to https://example.com/new\)"):
        parse_text(redirect, name="old.html")
    live = ("<html><head><meta http-equiv='Refresh' content='300'><title>Council budget</title></head>"
            f"<body>{PARAS}</body></html>")
    assert parse_text(live, name="live.html").body.startswith("Paragraph 0")
    soon_but_long = live.replace("content='300'", "content='2; url=https://example.com/next'")
    assert parse_text(soon_but_long, name="long.html").body.startswith("Paragraph 0")


@pytest.mark.parametrize("ref", ["&#27;", "&#x1B;", "&#8;", "&#1;", "&#x01;"])
def test_a_numeric_reference_to_a_control_character_does_not_lose_the_page(ref):
    """lxml gave no text for a page holding one "&#27;": the whole page was a no_text row."""
    page = f"<html><head><title>Council budget</title></head><body><article>{PARAS}<p>Signal{ref}lost</p></article></body></html>"
    a = parse_text(page, name="page.html")
    assert a.body.startswith("Paragraph 0") and "Signallost" in a.body


def test_a_fragment_too_short_for_trafilatura_is_read_block_by_block():
    """"<p>...</p>" of one 90-word paragraph is HTML (a saved article body), but trafilatura
    finds no main text in so little: the article was a no_text row."""
    story = ("Harbour officials in Port Elgin said on Monday that the new ferry terminal will open in March, "
             "two months later than planned. The delay was caused by a shortage of steel, according to "
             "project manager Ines Okafor. The council will review the schedule on 14 February.")
    a = parse_text(f"<p>{story}</p>")
    assert a.source_format == "html" and a.body == story
