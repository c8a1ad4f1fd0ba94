"""page_metadata: trafilatura.extract_metadata's title, author, URL and date, without the steps
after the date (site name, categories, tags, licence) that the report never reads."""
import pytest
import trafilatura

from scorer import page_meta
from scorer.htmltext import _trafilatura_tree
from scorer.page_meta import PageMeta, page_metadata


def _reference(html: str, extensive: bool) -> PageMeta:
    # extract_metadata on the page without its links' targets, as page_metadata reads the date
    # (page_meta.without_link_targets; the other three fields never read an <a href>).
    tree = _trafilatura_tree(html)
    if not isinstance(tree, str):
        tree = page_meta.without_link_targets(tree)
    meta = trafilatura.extract_metadata(tree, date_config=page_meta.date_params(extensive),
                                        extensive=extensive)
    return PageMeta(meta.title, meta.author, meta.url, meta.date)


def _head(extra: str = "", body: str = "<p>Text of the article.</p>") -> str:
    return f"<html><head>{extra}</head><body>{body}</body></html>"


# Each reaches another branch of extract_metadata up to the date (which field comes from where).
PAGES = [
    _head("<title>Council approves budget | Daily Post</title>"),
    _head('<meta property="og:title" content="Budget &amp; &quot;plans&quot;  approved">'
          '<meta name="author" content="Rosa Lindqvist"><meta property="og:url" content="https://example.org/a/1">'
          '<meta property="article:published_time" content="2024-05-01T10:00:00Z">'),
    _head('<meta name="author" content="admin">'),  # one word: dropped, then looked for in the page
    _head('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
          '"headline": "From JSON-LD", "author": {"@type": "Person", "name": "Ines Okafor"}, '
          '"datePublished": "2023-11-02"}</script>'),
    _head('<script type="application/ld+json">{not json</script><title>Broken JSON-LD</title>'),
    _head("", '<h1>Only a heading</h1><p class="byline">By Kwame Mensah</p><p>Posted March 3, 2022.</p>'
              "<p>Text of the article.</p>"),
    _head('<link rel="canonical" href="https://news.example.com/story?id=7">'),
    _head(f"<title>{'Long title ' * 1200}</title>"),  # over 10,000 characters: trimmed
    _head("<title>\n  Spaces\t and\u00a0controls\x07 </title>"),
    _head("", "<p>No metadata at all, and no date.</p>"),
    "<html></html>",
    "not a page at all",
]


@pytest.mark.parametrize("extensive", [True, False])
@pytest.mark.parametrize("html", PAGES)
def test_same_four_fields_as_extract_metadata(html, extensive):
    assert page_metadata(_trafilatura_tree(html), extensive=extensive) == _reference(html, extensive)


def test_fields_are_found_where_expected():
    # Not only equal to the reference: the pages above do reach the branches they are for.
    got = page_metadata(_trafilatura_tree(PAGES[1]))
    assert got.author == "Rosa Lindqvist" and got.url == "https://example.org/a/1"
    assert got.date == "2024-05-01" and got.title == 'Budget & "plans" approved'
    assert page_metadata(_trafilatura_tree(PAGES[3])).author == "Ines Okafor"
    assert len(page_metadata(_trafilatura_tree(PAGES[7])).title) <= 10000


def test_other_trafilatura_versions_use_extract_metadata(monkeypatch):
    expected = _reference(PAGES[1], True)
    calls = []
    real = trafilatura.extract_metadata
    monkeypatch.setattr(trafilatura, "__version__", "2.4.0")
    monkeypatch.setattr(trafilatura, "extract_metadata", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert page_metadata(_trafilatura_tree(PAGES[1])) == expected
    assert calls == [1]


def test_checked_releases_take_the_shortcut(monkeypatch):
    # The equality tests above compare the shortcut, not the fallback, with extract_metadata.
    if not trafilatura.__version__.startswith(page_meta.CHECKED):
        pytest.skip(f"trafilatura {trafilatura.__version__} is not among the releases page_meta was "
                    "checked against: it falls back to extract_metadata (read the new release's "
                    "extract_metadata, run these tests, then extend CHECKED)")
    monkeypatch.setattr(trafilatura, "extract_metadata", lambda *a, **k: pytest.fail("fell back"))
    assert page_metadata(_trafilatura_tree(PAGES[1])).author == "Rosa Lindqvist"


def test_same_as_extract_metadata_on_every_corpus_page(shared_data):
    from scorer.corpora import aeb

    pages = list(aeb.pages(shared_data))
    assert len(pages) > 100
    dated = 0
    for page in pages:
        for extensive in (True, False):
            got = page_metadata(_trafilatura_tree(page.html), extensive=extensive)
            assert got == _reference(page.html, extensive), page.id
        dated += got.date is not None
    assert dated > 50  # the comparison covered pages with dates, not only empty fields


def test_structured_date_leaves_out_the_free_text_search():
    """structured_date: the page's own date from its metadata and structure, not the earliest
    date htmldate's extensive search finds in the free text (a cited URL, a copyright year)."""
    from scorer.page_meta import structured_date

    assert structured_date(PAGES[1], None) == "2024-05-01"
    assert structured_date(PAGES[3], None) == "2023-11-02"
    assert structured_date(_head("", "<p>Text.</p>"), "https://example.org/2024/03/02/story") == "2024-03-02"
    text_only = _head("", "<p>The plan, drafted in 2019, passed.</p><footer>© 2024 Daily Post</footer>")
    assert page_metadata(_trafilatura_tree(text_only)).date == "2024-01-01"  # the copyright year
    assert structured_date(text_only, None) is None


@pytest.mark.parametrize("extensive", [True, False])
def test_a_page_date_does_not_depend_on_the_day_or_zone_of_the_run(extensive):
    """trafilatura bounds a page's date by the day of the run in the machine's time zone, so the
    same page had a date on one machine or day and none on another; the bound is fixed."""
    html = _head('<meta property="article:published_time" content="2031-05-01T10:00:00Z">'
                 "<title>Harbour reopens</title>")
    assert trafilatura.extract_metadata(_trafilatura_tree(html), extensive=extensive).date is None  # today's bound
    assert page_metadata(_trafilatura_tree(html), extensive=extensive).date == "2031-05-01"
    assert page_meta.structured_date(html, None) == "2031-05-01"
    too_late = _head('<meta property="article:published_time" content="2101-05-01T10:00:00Z">')
    assert page_metadata(_trafilatura_tree(too_late), extensive=extensive).date is None


# A 2024 story whose page links a tag, a year archive and a related story: none of those URLs is
# this page's (each dated it before: 1995-01-01, 2019-01-01, 2019-05-12).
_LINKED = _head("<title>Council approves library budget</title>",
                '<nav><a href="/tag/1995/">Nineties</a> <a href="/archive/2019/">Archive</a></nav>'
                "<article><h1>Council approves library budget</h1>"
                "<p>The council voted on Tuesday to approve a larger budget for the public library.</p>"
                '<p>See also <a href="https://example.com/2019/05/12/older-budget-story">last budget</a>.</p>'
                "</article>")


@pytest.mark.parametrize("link", ['<a href="/tag/1995/">Nineties</a>', '<a href="/archive/2019/">Archive</a>',
                                  '<a href="https://example.com/2019/05/12/older-budget-story">last budget</a>',
                                  '<map><area href="/archive/2019/" alt="Archive"></map>'])
@pytest.mark.parametrize("extensive", [True, False])
def test_a_link_to_another_page_does_not_date_the_page(link, extensive):
    html = _head("<title>Council approves library budget</title>",
                 f"<p>The council voted on Tuesday to approve a larger budget for the library.</p><p>{link}</p>")
    assert page_metadata(_trafilatura_tree(html), extensive=extensive).date is None
    assert page_meta.structured_date(html, None) is None
    assert page_metadata(_trafilatura_tree(_LINKED), extensive=extensive).date is None


def test_the_page_own_url_and_dates_still_date_it():
    # What is the page's own: its URL, its canonical link, a date written on it (a link's text too).
    assert page_metadata(_trafilatura_tree(_LINKED.replace(
        "<title>", '<link rel="canonical" href="https://example.org/2024/03/12/library-budget"><title>'))).date \
        == "2024-03-12"
    assert page_meta.structured_date(_LINKED, "https://example.org/2024/03/12/library-budget") == "2024-03-12"
    linked_day = _LINKED.replace("<article>", '<p class="date"><a href="/2024/03/12/">March 12, 2024</a></p><article>')
    assert page_metadata(_trafilatura_tree(linked_day)).date == "2024-03-12"


def test_without_link_targets_drops_every_link_target():
    # in place: page_metadata may change its tree, as extract_metadata does
    tree = _trafilatura_tree(_LINKED)
    assert tree.xpath("//a/@href")
    assert not page_meta.without_link_targets(tree).xpath("//a/@href | //area/@href")


def test_an_html_article_is_not_dated_by_its_links():
    from scorer.ingest import parse_text

    assert parse_text(_LINKED, name="page.html").published is None


_STORY = ("<article><h1>Council approves library budget</h1>"
          "<p>The council voted on Tuesday to approve a larger budget for the public library, after a debate "
          "about opening hours and staffing in the branch libraries that went on for months.</p>"
          '<p>"We heard from hundreds of residents," said Maria Lopez, the council member who proposed it.</p>'
          "{extra}</article>")


@pytest.mark.parametrize("extra", [
    '<p>Tags: <a href="/tag/1995/">1995</a></p>',  # a tag link's text: htmldate read 1995-01-01
    "<p>The library has not had a budget increase since 1995.</p>",  # a year in the prose
    "<footer>© 2024 Daily Post</footer>",  # the copyright year: 2024-01-01
])
def test_a_bare_year_on_the_page_is_not_its_date(extra):
    from scorer.ingest import parse_text

    html = _head("<title>Council approves library budget</title>", _STORY.format(extra=extra))
    assert page_metadata(_trafilatura_tree(html)).date is not None  # htmldate's last resort: a year
    assert parse_text(html, name="page.html").published is None


@pytest.mark.parametrize("written", ["January 1, 2024", "1 January 2024", "Jan. 1st, 2024", "2024-01-01"])
def test_a_first_of_january_written_on_the_page_stays_its_date(written):
    from scorer.ingest import parse_text

    html = _head("<title>Council approves library budget</title>",
                 f'<p class="byline">By Maria Lopez, {written}</p>' + _STORY.format(extra=""))
    assert parse_text(html, name="page.html").published == "2024-01-01"
    meta = _head('<meta property="article:published_time" content="2024-01-01T09:00:00Z">'
                 "<title>Council approves library budget</title>", _STORY.format(extra="<p>Since 1995.</p>"))
    assert parse_text(meta, name="page.html").published == "2024-01-01"
