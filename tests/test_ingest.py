"""Reading articles: every format, every decoding path, every documented input error."""
from __future__ import annotations

import codecs
import json
from datetime import date

import pytest

from scorer import errors
from scorer.ingest import Decoded, decode, iso_date, load_article, parse_bytes, parse_text

PROSE = (
    "The regional water board voted on Wednesday to raise tariffs by 4% from January.\n\n"
    "Board chair Amina Odhiambo said the increase would fund repairs to ageing pipes.\n"
)


def test_plain_text_title_paragraphs_and_offsets():
    a = parse_text("Water tariffs to rise in January\n\n" + PROSE)
    assert a.source_format == "text"
    assert a.title == "Water tariffs to rise in January"
    assert a.language == "en" and a.language_confidence > 0.9
    texts = [a.paragraph_text(p) for p in a.paragraphs]
    assert texts[0] == "Water tariffs to rise in January"
    assert texts[2].startswith("Board chair Amina Odhiambo")
    for p in a.paragraphs:
        assert a.body[p.start:p.end] == a.body[p.start:p.end].strip()


def test_markdown_detected_by_content():
    md = "# Harbour reopens\n\nThe harbour reopened on **Friday**.\n\n- ferries resume\n- [timetable](https://example.org/t)\n"
    a = parse_text(md)
    assert a.source_format == "markdown"
    assert a.title == "Harbour reopens"


def test_wordpress_json(seed_paths):
    post = {
        "date": "2024-03-05T08:00:00",
        "link": "https://news.example.org/?p=12",
        "title": {"rendered": "Council backs &#8216;green&#8217; bus plan"},
        "content": {"rendered": "<p>The council backed the plan &amp; its budget.</p>\n<p>Buses run <a href=\"https://example.org/plan\">from May</a>.</p>"},
        "excerpt": {"rendered": "<p>x</p>"},
    }
    a = parse_text(json.dumps(post))
    assert a.source_format == "wordpress_json"
    assert a.title == "Council backs ‘green’ bus plan"
    assert a.published == "2024-03-05"
    assert a.url == "https://news.example.org/?p=12"
    assert a.body == "The council backed the plan & its budget.\n\nBuses run from May."
    (link,) = a.meta["links"]
    assert a.body[link["start"]:link["end"]] == "from May" and link["href"] == "https://example.org/plan"


def test_wordpress_seed_has_decoded_title_date_and_no_tags(seeds_dir):
    a = load_article(seeds_dir / "002_e0444446a155daab.txt")
    assert a.source_format == "wordpress_json"
    assert "&#" not in a.title and "‘superintelligence’" in a.title
    assert a.published == "2025-06-13"
    assert "<p" not in a.body and "</a>" not in a.body


def test_generic_json_with_text_field():
    a = parse_text(json.dumps({"headline": "Rail strike ends", "body": PROSE, "published_at": "2023-11-02"}))
    assert a.source_format == "json" and a.title == "Rail strike ends" and a.published == "2023-11-02"
    assert a.body.startswith("The regional water board")


def test_html_page_main_text_title_and_visible_text():
    html = (
        "<!DOCTYPE html><html><head><title>Ferry service resumes | Coast News</title>"
        "<meta property='article:published_time' content='2022-08-09'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav>"
        "<article><h1>Ferry service resumes</h1>"
        + "".join(f"<p>Paragraph {i}: the ferry operator said services between the two islands resumed on Tuesday after storm damage to the pier was repaired by engineers.</p>" for i in range(6))
        + "</article><footer>© 2022 Coast News. All rights reserved.</footer></body></html>"
    )
    a = parse_text(html)
    assert a.source_format == "html"
    assert "ferry operator said" in a.body and "All rights reserved" not in a.body
    assert "All rights reserved" in a.page_text and "Sport" in a.page_text
    assert a.title and "Ferry service resumes" in a.title


def test_entities_unescaped_and_nfc():
    a = parse_text("Cafe\u0301 owners say prices rose &amp; fell this year, the owner&#8217;s group said.")
    assert "Café" in a.body and "\u0301" not in a.body
    assert "& fell" in a.body and "owner’s" in a.body


@pytest.mark.parametrize("data,encoding", [
    ("Price: 5 €, said the café owner.".encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + "Price: 5 €, said the café owner.".encode("utf-8"), "utf-8-sig"),
    ("Price: 5 €, said the café owner.".encode("cp1252"), "cp1252"),
    ("Price: 5 €, said the café owner.".encode("utf-16"), "utf-16"),
])
def test_decoding(data, encoding):
    d = decode(data)
    assert d.encoding == encoding
    assert d.text.lstrip("\ufeff") == "Price: 5 €, said the café owner."


def test_html_declared_charset_is_used():
    html = "<html><head><meta charset='koi8-r'></head><body><p>Привет мир, сказал он.</p></body></html>"
    assert decode(html.encode("koi8-r")).encoding == "koi8-r"


@pytest.mark.parametrize("data,exc,message", [
    (b"", errors.EmptyInput, "empty file"),
    (b"   \n\t\n", errors.EmptyInput, "empty file (only whitespace)"),
    (b"1234 5678 -- 99.5 %", errors.NoLetters, "no letters in the article text (numbers/symbols only)"),
    (b"\x00\x01\x02binary\x00", errors.BinaryInput, "binary content (NUL bytes); not a text, HTML or JSON article"),
    (b'{"title": "x", "body": ', errors.MalformedJSON, None),
    (b'{"title": "only a title"}', errors.NoText, None),
    (b'[{"text": "a"}, {"text": "b"}]', errors.NoText, "JSON array of 2 items; give one article (one JSON object) per file "
     "(`spinscore batch` scores an array of posts in a .json file one row per post)"),
    (b'[{"text": "a"}, "b"]', errors.NoText, "JSON array of 2 items; give one article (one JSON object) per file"),
])
def test_input_errors(data, exc, message):
    with pytest.raises(exc) as info:
        parse_bytes(data)
    if message:
        assert info.value.message == message


def test_malformed_json_message_names_position():
    with pytest.raises(errors.MalformedJSON, match=r"malformed JSON: .* at line 1 column \d+"):
        parse_bytes(b'{"text": "unterminated')


def test_bracket_opening_plain_text_is_not_json():
    a = parse_text("[Update] The bridge reopened on Monday, officials said, after a week of repairs.")
    assert a.source_format == "text"


def test_size_limit_checked_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 3000)
    with pytest.raises(errors.TooLarge, match="over the size limit of 1,000 bytes"):
        load_article(big, max_bytes=1000)


def test_unreadable_paths(tmp_path):
    with pytest.raises(errors.Unreadable, match="no such file"):
        load_article(tmp_path / "missing.txt")
    with pytest.raises(errors.Unreadable, match="is a directory"):
        load_article(tmp_path)


def test_non_english_language_detected():
    a = parse_text("Le conseil municipal a voté mardi une hausse des tarifs de l'eau de quatre pour cent.")
    assert a.language == "fr"


def test_language_is_deterministic():
    text = "Die Regierung kündigte am Montag neue Regeln für den Wohnungsbau an."
    assert {parse_text(text).language_confidence for _ in range(5)} == {parse_text(text).language_confidence}


@pytest.mark.parametrize("value,expected", [
    ("2025-06-13T01:34:00", "2025-06-13"), ("Fri, 13 Jun 2025 01:34:00 GMT", "2025-06-13"),
    ("June 13, 2025", "2025-06-13"), ("13.06.2025", "2025-06-13"), ("2025-02-30", None), ("soon", None),
])
def test_iso_date(value, expected):
    assert iso_date(value) == expected


@pytest.mark.parametrize("fast", [False, True])
def test_extract_page_asks_trafilatura_for_fast_mode_only_when_told(monkeypatch, news_page, fast):
    """--fast-html means trafilatura's own fast mode (no fallback extractors) for every
    extraction of the page and no extensive date search; the default asks for neither."""
    import trafilatura

    from scorer.htmltext import extract_page

    seen = []
    from scorer import htmltext

    real_extract, real_meta = trafilatura.extract, htmltext.page_metadata
    monkeypatch.setattr(trafilatura, "extract", lambda page, **kw: seen.append(("extract", kw["fast"])) or real_extract(page, **kw))
    # The metadata: page_meta runs extract_metadata's steps that the report reads, with this flag.
    monkeypatch.setattr(htmltext, "page_metadata",
                        lambda page, **kw: seen.append(("meta", kw["extensive"])) or real_meta(page, **kw))
    page = extract_page(news_page, fast=fast)
    assert "port authority" in page.body and page.title
    assert seen and all(v is fast for k, v in seen if k == "extract")
    assert ("meta", not fast) in seen


def _reference_normalise(text: str) -> str:
    """normalise as it was: every step on every text."""
    import re
    import unicodedata

    from scorer.ingest import scrub_surrogates
    from scorer.text import fold_evasions

    text = scrub_surrogates(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    return fold_evasions(unicodedata.normalize("NFC", text))


def test_normalise_fast_checks_give_the_full_normalisation():
    import random

    from scorer.ingest import normalise

    fixed = [
        "", "plain ascii", "\r\n\r\n\r\r\n\n\r", "a\rb\r\nc\nd", "\x00\x01\x08\t\n\x0b\x0c\r\x0e\x1f\x7f\x80\x9f",
        "\ud800", "a\udfffb\ud83d", "\ud83d\ude00 a real pair, written as two surrogates",
        "e\u0301 caf\u00e9 \u212b \u1e9b\u0323", "\u0301 leading combining", "\U0001F600 \u00e9\u00e8 \u4e2d\u6587",
        "\x7f\ud800\r\n\u0065\u0301", "latin-1 only: \u00e9\u00ff\u00a0", "\u2028\u2029\x85\x1c",
    ]
    rng = random.Random(7)
    pool = ["a", "Z", " ", "\n", "\r", "\r\n", "\t", "\x00", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\u00e9",
            "e", "\u0301", "\u0323", "\u212b", "\ud800", "\udc00", "\U0001F600", "\u4e2d", "\u00a0", "\ufeff"]
    randoms = ["".join(rng.choice(pool) for _ in range(rng.randrange(0, 40))) for _ in range(3000)]
    for text in fixed + randoms:
        assert normalise(text) == _reference_normalise(text), ascii(text)


def test_http_charset_order():
    """BOM, then valid UTF-8, then the HTTP charset, then the meta charset, then cp1252."""
    ru = "Привет мир, сказал он."
    meta = f"<html><head><meta charset='koi8-r'></head><body><p>{ru}</p></body></html>"
    assert decode(meta.encode("cp1251"), "windows-1251") == Decoded(meta, "cp1251")  # header over meta
    assert decode(meta.encode("koi8-r"), None).encoding == "koi8-r"  # no header: as before
    assert decode(meta.encode("utf-8"), "iso-8859-1").encoding == "utf-8"
    assert decode(codecs.BOM_UTF8 + meta.encode("utf-8"), "cp1251").encoding == "utf-8-sig"
    assert decode(meta.encode("koi8-r"), "utf-8").encoding == "koi8-r"  # a UTF-8 label proven false
    for bogus in ("nonsense", "rot13", "undefined", "utf\x008", ""):
        assert decode(meta.encode("koi8-r"), bogus).encoding == "koi8-r"
    assert decode("Price: 5 €.".encode("cp1252"), "US-ASCII") == decode("Price: 5 €.".encode("cp1252"))
    assert decode("İstanbul’da".encode("cp1254"), "iso-8859-9").text == "İstanbul’da"


@pytest.mark.parametrize("label,codec,text", [
    ("iso-8859-1", "cp1252", "“Café prices rose 5 € – again,” she said."),
    ("latin1", "cp1252", "The mayor’s office said… nothing."),
    ("us-ascii", "cp1252", "“Quoted” — dashed"),
    ("iso-8859-9", "cp1254", "İstanbul’da “yağmur”"),
])
def test_meta_charset_reads_as_a_browser_does(label, codec, text):
    """A page whose <meta> declares ISO-8859-1 (or US-ASCII, ISO-8859-9) but writes curly quotes,
    dashes or the euro sign in 0x80-0x9F is read with the WHATWG superset (cp1252, cp1254), as
    every browser shows it; Latin-1 would turn each into an invisible C1 control character."""
    page = f"<html><head><meta charset=\"{label}\"></head><body><p>{text}</p></body></html>"
    dec = decode(page.encode(codec))
    assert dec == Decoded(page, codec)
    assert not any("\x80" <= ch <= "\x9f" for ch in dec.text)


def test_meta_latin1_without_c1_bytes_reads_the_same():
    """Bytes outside 0x80-0x9F mean the same in Latin-1 and cp1252: nothing changes for them."""
    page = "<html><head><meta charset='iso-8859-1'></head><body><p>Café à Zürich, señor.</p></body></html>"
    assert decode(page.encode("latin-1")).text == page


@pytest.mark.parametrize("value,expected", [
    (1749778440, "2025-06-13"), (1749778440123, "2025-06-13"), ("1749778440", "2025-06-13"),
    (1749778440.5, "2025-06-13"), (2025, None), (20250613, None), (True, None), (-1, None),
    (float("nan"), None), (1e300, None),
])
def test_iso_date_of_a_unix_time(value, expected):
    """Dumps and APIs often give dates as Unix times, in seconds or milliseconds: the date was
    dropped (None), so the date check ran without the article's date."""
    assert iso_date(value) == expected


def test_json_fields_in_another_case_are_read():
    """{"Title", "Text", "URL", "Date"} (a spreadsheet export) was "no article text field"."""
    body = "The council approved the budget on Tuesday. " * 5
    art = parse_text(json.dumps({"Title": "Budget passes", "Text": body, "URL": "https://example.com/b",
                                 "Date": "2025-06-13", "ID": 7}))
    assert (art.title, art.url, art.published) == ("Budget passes", "https://example.com/b", "2025-06-13")
    assert art.body.startswith("The council approved")
    # a name as written wins over another case of it
    art = parse_text(json.dumps({"TITLE": "Shout", "title": "Budget passes", "text": body}))
    assert art.title == "Budget passes"


@pytest.mark.parametrize("label,codec", [("utf-16le", "utf-16-le"), ("UTF-16BE", "utf-16-be"), ("utf-16", "utf-16")])
def test_utf16_page_without_bom_declared_by_http(label, codec):
    """A page served "charset=utf-16le" needs no byte-order mark: it was refused as binary (NUL
    bytes) before the HTTP charset was read."""
    page = "<html><head><title>Budget passes</title></head><body><p>Café council budget</p></body></html>"
    data = page.encode(codec if codec != "utf-16" else "utf-16-le")
    assert decode(data, http_charset=label).text == page
    with pytest.raises(errors.BinaryInput):
        decode(data)  # undeclared, it is still binary


# --- article metadata: dates, titles, URLs --------------------------------------------------

@pytest.mark.parametrize("value", [
    "1970-01-01T00:00:00Z", "1969-12-31T19:00:00-05:00", "0001-01-01T00:00:00Z", "1900-01-01",
    "1899-12-30", "1980-01-01 00:00:00", date(1970, 1, 1),
])
def test_placeholder_zero_dates_are_no_date(value):
    """The zero dates CMSs and scrapers write for "no date" (Unix, Go, SQL Server, FAT) are not
    the article's date: read as one, every dated URL the article cites came "after" it."""
    assert iso_date(value) is None
    obj = {"title": "Ferry fares", "text": "The harbour board approved the timetable, officials said.",
           "date": value if isinstance(value, str) else value.isoformat()}
    assert parse_text(json.dumps(obj)).published is None


def test_dates_next_to_placeholders_are_kept():
    assert iso_date("1970-01-02") == "1970-01-02" and iso_date("2025-01-01") == "2025-01-01"


def test_json_metadata_first_usable_name_wins():
    """A field present but empty or unreadable under the first name ("date": "0000-00-00
    00:00:00", "title": "", "url": "") does not hide the value under the next name."""
    obj = {"text": PROSE, "title": "", "headline": "Rail strike ends", "date": "0000-00-00 00:00:00",
           "published_at": "2023-11-02T09:00:00Z", "url": " ", "link": "https://news.example.org/rail"}
    a = parse_text(json.dumps(obj))
    assert (a.title, a.published, a.url) == ("Rail strike ends", "2023-11-02", "https://news.example.org/rail")
    a = parse_text(json.dumps({"text": PROSE, "date": 1749567600, "pubDate": "Tue, 10 Jun 2025 14:00:00 GMT"}))
    assert a.published == "2025-06-10"


_FRONT_BODY = ("The council backed the bus plan on Tuesday, officials said. Buses run from May.\n\n"
               "## Funding\n\nThe budget rises by 4% next year, according to the finance office.\n")


@pytest.mark.parametrize("front", [
    '---\ntitle: "Council backs bus plan"\ndate: 2025-06-10T09:00:00+02:00\ntags: [transport]\n'
    "url: https://news.example.org/council-bus\nauthor:\n  name: Ana Ruiz\n---\n",
    "+++\ntitle = 'Council backs bus plan'\ndate = 2025-06-10T09:00:00+02:00\n"
    'url = "https://news.example.org/council-bus"\n+++\n',
    "---\n# exported\ntitle: Council backs bus plan\npublishDate: 2025-06-10\nsummary: >-\n  A plan.\n"
    "url: https://news.example.org/council-bus\n---\n",
])
@pytest.mark.parametrize("name", ["a.md", "a.txt"])
def test_front_matter_gives_title_date_url_and_is_not_text(front, name):
    """Jekyll/Hugo front matter (YAML "---" or TOML "+++") is the article's metadata: it was read
    as its first lines, the "---" fence as its title and its date never."""
    a = parse_text(front + "\n" + _FRONT_BODY, name=name)
    assert (a.title, a.published, a.url) == ("Council backs bus plan", "2025-06-10", "https://news.example.org/council-bus")
    assert a.body == _FRONT_BODY.strip("\n")


def test_text_opening_with_a_rule_is_not_front_matter():
    text = "---\n\nThe council backed the plan.\n\n---\n\nBuses run from May, officials said."
    assert parse_text(text, name="a.md").body == text
    a = parse_text("---\ntitle: Bus plan\nurl: /2025/06/10/bus\n---\n" + _FRONT_BODY, name="a.md")
    assert a.title == "Bus plan" and a.url is None  # a site-relative permalink names no site


@pytest.mark.parametrize("key", ["publishedAt", "publish_date", "published_date"])
def test_news_api_and_newspaper_date_names(key):
    """NewsAPI/GNews ("publishedAt") and newspaper3k ("publish_date") articles carry their date
    under these names: without it the date checks had no article date."""
    obj = {"title": "Rail strike ends", "content": PROSE, "url": "https://news.example.org/rail",
           key: "2023-11-02T09:00:00Z"}
    assert parse_text(json.dumps(obj)).published == "2023-11-02"


@pytest.mark.parametrize("rule", ["---", "***", "* * *", "=====", "___"])
def test_a_rule_line_is_not_the_title(rule):
    a = parse_text(f"{rule}\n\nHarbour reopens\n\nThe harbour reopened on Friday, officials said.", name="a.md")
    assert a.title == "Harbour reopens"


@pytest.mark.parametrize("value", ["Tuesday, June 10th, 2025", "10 Jun 2025", "June 10 2025", "Jun 10 2025",
                                   "10th June 2025", "Tuesday, 10 June 2025"])
def test_byline_date_spellings(value):
    """Dates as scrapers copy them off a byline: without them a JSON article had no date."""
    assert iso_date(value) == "2025-06-10"


def test_a_title_is_normalised_as_the_body_is_and_is_one_line():
    """A JSON title kept raw ESC sequences and its own CR/LF line breaks in the row."""
    body = "The council approved the budget on Tuesday. " * 5
    art = parse_text(json.dumps({"title": "Budget\x1b[2J passes\r\nafter vote", "text": body}))
    assert art.title == "Budget[2J passes after vote"


# --- WordPress plugin widgets in content.rendered ---------------------------------------------
_WP_BODY = ("<p>The harbour board approved a new ferry timetable on Wednesday after months of complaints "
            "from island residents.</p><p>Dock workers said the later sailings would add two hours to "
            "their shifts, and the union asked for a meeting.</p>")
_JETPACK = ('<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social">'
            '<h3 class="sd-title">Share this:</h3><ul><li><a href="https://x.example/?share=twitter">Twitter</a></li>'
            '<li><a href="https://x.example/?share=facebook">Facebook</a></li></ul></div></div>'
            "<div class='sharedaddy sd-block sd-like jetpack-likes-widget-wrapper'><h3 class=\"sd-title\">Like this:</h3>"
            '<span class="loading">Loading...</span></div>'
            "<div id='jp-relatedposts' class='jp-relatedposts'><h3 class=\"jp-relatedposts-headline\"><em>Related</em></h3></div>")


def _wp(content: str) -> bytes:
    return json.dumps({"id": 7, "date": "2025-06-10T09:00:00", "title": {"rendered": "Ferry timetable"},
                       "content": {"rendered": content}, "link": "https://x.example/2025/06/10/ferry/"}).encode()


@pytest.mark.parametrize("widget", [
    _JETPACK,
    '<div class="addtoany_share_save_container addtoany_content"><div class="a2a_kit"><a>Share</a></div></div>',
    '<div class="swp_social_panel swp_horizontal_panel"><a>Tweet</a><a>Pin</a></div>',
    '<div class="yarpp-related"><h3>Related posts:</h3><ol><li><a href="/a/">Ferries late again</a></li></ol></div>',
    '<div class="code-block code-block-3" style="margin: 8px 0;">Advertisement</div>',
    '<ul class="wp-block-social-links"><li><a href="https://twitter.com/x">Twitter</a></li></ul>',
])
def test_wordpress_plugin_widgets_are_not_article_text(widget):
    """A plugin's share, like, related-post and ad widgets in content.rendered are the site's: the
    fragment's text is the article's alone, the text after a widget kept."""
    plain = parse_bytes(_wp(_WP_BODY), name="post.json")
    with_widget = parse_bytes(_wp(_WP_BODY.replace("</p><p>", "</p>" + widget + "<p>", 1) + widget), name="post.json")
    assert with_widget.body == plain.body
    assert "Dock workers" in with_widget.body


def test_a_typed_source_link_or_an_unmarked_share_line_is_still_read():
    """Only the plugins' marked widgets are skipped: what the post's author (or a farm's feed
    plugin) typed into the content stays text for the checks to read."""
    a = parse_bytes(_wp(_WP_BODY + '<p><a href="https://orig.example/story">Source link</a></p>'
                        '<div class="share-box"><p>Share this article</p></div>'), name="post.json")
    assert "Source link" in a.body and "Share this article" in a.body
