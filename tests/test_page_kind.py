"""Pages that are not an article (scorer/page_kind.py): home pages, section fronts, tag and
category pages, search results and archives carry the ``not_an_article`` caveat with its evidence;
articles, and every input that is not an HTML page, do not. All pages here are written for the
test (no corpus text); the corpus test measures false alarms on the real benchmark pages."""
import json

import pytest

from scorer import page_kind
from scorer.caveats import not_an_article
from scorer.ingest import parse_text
from scorer.scoring import Scorer

SITE = "https://valleygazette.example"
HEADLINES = ["City council approves new budget for road repairs", "Local school wins regional science fair",
             "Storm knocks out power to thousands of homes", "Hospital opens new wing for children",
             "Police investigate break-in at downtown store", "Farmers report record harvest this autumn",
             "New bridge to open next spring, officials say", "Museum unveils exhibit on river history",
             "Library extends opening hours over the holidays", "Transit agency raises fares by ten cents",
             "High school team reaches state final", "Water main break floods two streets"]
DEKS = ["Officials said the plan would take two years to complete and cost less than expected.",
        "Students spent months on the project, which looked at water quality in the bay.",
        "Crews worked through the night to restore service to most customers by morning.",
        "The new wing adds forty beds and a play area, the hospital's director said on Monday.",
        "Nothing of value was taken, a spokesman said, and the owner has offered a reward.",
        "Growers credited a wet spring and a long, warm summer for the large crop.",
        "The span will carry two lanes of traffic and a path for cyclists and walkers.",
        "The show draws on maps, photographs and letters lent by families in the valley.",
        "The main branch will stay open until nine on weekdays through the end of January.",
        "The agency said the rise would pay for newer buses on its busiest routes.",
        "The team won its semifinal by a single point in the last seconds of the game.",
        "Residents were asked to boil their water until tests show it is safe again."]
PROSE = ("The council met on Tuesday evening to discuss the plan in detail, and members asked many "
         "questions about its cost and about the timetable of the works, which the engineer answered one by one.")


def page(url: str, body_class: str, main: str, og_type: str = "website", extra_head: str = "") -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>The Valley Gazette</title>'
            f'<link rel="canonical" href="{url}"><meta property="og:type" content="{og_type}">{extra_head}</head>'
            f'<body class="{body_class}"><header><nav><ul><li><a href="/">Home</a></li>'
            f'<li><a href="/category/news/">News</a></li></ul></nav></header><main>{main}</main>'
            f'<footer><p>&copy; 2024 The Valley Gazette</p></footer></body></html>')


def wp_items(n: int, more: str = "Read more") -> str:
    """WordPress archive entries: headline link, date, excerpt, a 'Read more' link."""
    return "".join(
        f'<article class="post type-post"><header><h2 class="entry-title"><a href="{SITE}/2024/03/{i + 1:02d}/'
        f'story-{i}/" rel="bookmark">{HEADLINES[i]}</a></h2><time datetime="2024-03-{i + 1:02d}">March {i + 1}, '
        f'2024</time></header><div class="entry-summary"><p>{DEKS[i]} [&hellip;]</p>'
        f'<a class="more-link" href="{SITE}/2024/03/{i + 1:02d}/story-{i}/">{more}</a></div></article>'
        for i in range(n))


def listing_pages() -> dict[str, str]:
    home_cards = "".join(f"<div class='card'><h3><a href='/2024/03/{i + 1:02d}/s{i}/'>{HEADLINES[i]}</a></h3>"
                         f"<p class='dek'>{DEKS[i]}</p><span class='when'>{i + 2} hours ago</span></div>"
                         for i in range(12))
    return {
        "category": page(f"{SITE}/category/local-news/", "archive category category-local-news",
                         "<h1>Category: Local News</h1>" + wp_items(10)),
        "tag": page(f"{SITE}/tag/weather/", "archive tag tag-weather", "<h1>Tag: weather</h1>" + wp_items(6)),
        "search": page(f"{SITE}/?s=budget", "search search-results",
                       "<h1>Search Results for: budget</h1>" + wp_items(8, "Continue reading")),
        "archive_page_2": page(f"{SITE}/2024/03/page/2/", "archive date paged", "<h1>March 2024</h1>" + wp_items(10)),
        # no listing mark at all: a section front's cards, read off the body alone
        "section_front": page(f"{SITE}/news/", "", home_cards),
        "home": page(f"{SITE}/", "home", home_cards),
        # a blog's home page showing whole posts: long blocks, known by the page's own marks
        "blog_home_full_posts": page("https://valleyblog.example/", "home blog", "".join(
            f"<article><h2><a href='/2024/03/{i:02d}/s{i}/'>{HEADLINES[i]}</a></h2><p>{(PROSE + ' ') * 6}</p>"
            f"</article>" for i in range(4))),
        "headlines_only": page(f"{SITE}/news/", "", "".join(
            f"<div class='card'><h3><a href='/2024/03/{i + 1:02d}/s{i}/'>{HEADLINES[i]}</a></h3>"
            f"<time>March {i + 1}, 2024</time></div>" for i in range(12))),
        "collection_schema": page(f"{SITE}/news/", "", home_cards.replace("h3", "span").replace(
            "<span>", "<span class='headline'>"), extra_head='<script type="application/ld+json">'
            '{"@context": "https://schema.org", "@type": "CollectionPage"}</script>'),
    }


def article_pages() -> dict[str, str]:
    related = "<h3>Related</h3>" + "".join(
        f"<div class='rel'><h4><a href='/2024/02/{i:02d}/r{i}/'>{HEADLINES[i + 3]}</a></h4><p>{DEKS[i + 3]}</p></div>"
        for i in range(5))
    story = "<h1>Council approves budget for road repairs</h1>" + "".join(f"<p>{PROSE} ({i})</p>" for i in range(8))
    shop_items = "".join(f"<div class='item'><h2><a href='https://shop.example/p{i}'>Cast iron pan number {i}</a></h2>"
                         f"<p>{DEKS[i]} It costs 30 dollars.</p></div>" for i in range(10))
    return {
        "article_with_related": page(f"{SITE}/2024/03/01/budget/", "single single-post", "<article>" + story.replace(
            "<h1>Council", f"<h1><a href='{SITE}/2024/03/01/budget/'>Council").replace("repairs</h1>", "repairs</a></h1>")
            + related + "</article>", og_type="article"),
        "article_related_in_body": page(f"{SITE}/2024/03/02/budget/", "", "<article>" + story + related + "</article>",
                                        og_type=""),
        # a gift guide: short items under headlines that lead to shops
        "gift_guide": page(f"{SITE}/2024/11/20/best-pans/", "", "<h1>The 10 best pans</h1>" + shop_items,
                           og_type="article"),
        "gift_guide_no_og": page(f"{SITE}/2024/11/20/best-pans/", "", "<h1>The 10 best pans</h1>" + shop_items,
                                 og_type=""),
        # a live blog: each entry's heading links to the entry itself
        "live_blog": page(f"{SITE}/2024/03/01/storm-live/", "", "".join(
            f"<div class='entry' id='e{i}'><h3><a href='#e{i}'>Update {i}: {HEADLINES[i]}</a></h3><p>{DEKS[i]}</p></div>"
            for i in range(10)), og_type=""),
        "live_blog_absolute": page(f"{SITE}/2024/03/01/storm-live/", "", "".join(
            f"<div class='entry' id='e{i}'><h3><a href='{SITE}/2024/03/01/storm-live/#e{i}'>Update {i}: {HEADLINES[i]}"
            f"</a></h3><p>{DEKS[i]}</p></div>" for i in range(10)), og_type=""),
    }


@pytest.fixture(scope="module")
def scorer():
    return Scorer()


def _caveat(rep):
    return next((c for c in rep.caveats if c.code == "not_an_article"), None)


@pytest.mark.parametrize("name", sorted(listing_pages()))
def test_a_listing_page_carries_the_caveat_with_spans_of_its_body(scorer, name):
    rep = scorer.score_text(listing_pages()[name], name=f"{name}.html")
    assert rep.status == "ok" and rep.score is not None and rep.verdict  # the score stays
    cav = _caveat(rep)
    assert cav is not None, (name, rep.body[:300])
    assert cav.message.startswith("Not an article: this page lists stories") and "no verdict on" in cav.message
    found = rep.to_dict()["details"]["page_kind"]
    assert found["kind"] == "listing" and found["signals"]["teasers_in_body"] >= 1
    assert found["spans"]
    for span in found["spans"]:  # exact offsets into the scored text
        assert rep.body[span["start"]:span["end"]].startswith(span["snippet"].rstrip("…"))
    json.dumps(rep.to_dict())  # the contract stays JSON


@pytest.mark.parametrize("name", sorted(article_pages()))
def test_an_article_page_has_no_caveat(scorer, name):
    rep = scorer.score_text(article_pages()[name], name=f"{name}.html")
    assert rep.status == "ok" and _caveat(rep) is None, rep.to_dict()["details"].get("page_kind")
    assert "page_kind" not in rep.details


def test_the_caveat_changes_nothing_else_in_the_report(scorer):
    html = listing_pages()["category"]
    with_caveat = scorer.score_text(html, name="c.html").to_dict()
    original = page_kind.detect
    try:
        page_kind.detect = lambda *a, **k: None
        without = scorer.score_text(html, name="c.html").to_dict()
    finally:
        page_kind.detect = original
    assert [c["code"] for c in with_caveat["caveats"]] == [c["code"] for c in without["caveats"]] + ["not_an_article"]
    del with_caveat["details"]["page_kind"]
    with_caveat["caveats"], without["caveats"] = [], []
    assert with_caveat == without


def test_the_message_names_the_signals_and_quotes_sentences_not_dates(scorer):
    rep = scorer.score_text(listing_pages()["search"], name="s.html")
    msg = _caveat(rep).message
    assert "'Read more' 8 times" in msg
    assert f"its URL ({SITE}/?s=budget)" in msg and "its body class (search search-results)" in msg
    assert "'Officials said the plan" in msg
    rep = scorer.score_text(listing_pages()["headlines_only"], name="h.html")
    assert "(e.g. 'City council approves" in _caveat(rep).message  # not "March 1, 2024"


def test_the_record_url_of_an_archive_counts_as_the_page_url():
    """A WARC record's URL replaces the page's own (scorer.article.with_known): a home page whose
    cards alone are too few to tell is known by its address."""
    from scorer.article import with_known

    html = page(f"{SITE}/news/", "", wp_items(3).replace("Read more", "More"), og_type="article")
    art = parse_text(html, name="p.html")
    assert page_kind.detect(art.body, art.html, art.url) is None  # og:type article, no listing mark
    art = with_known(art, url=f"{SITE}/tag/weather/")
    found = page_kind.detect(art.body, art.html, art.url)
    assert found is not None and found.signals["listing_url"] == f"{SITE}/tag/weather/"
    assert found.signals["article_marks"] == "og:type article"


@pytest.mark.parametrize("text,name", [
    ("\n".join(f"{h}\n{d}\nRead more" for h, d in zip(HEADLINES, DEKS)), "front.txt"),
    ("\n".join(f"## [{h}](/2024/03/{i}/s/)\n\n{d}\n\n[Read more](/2024/03/{i}/s/)"
               for i, (h, d) in enumerate(zip(HEADLINES, DEKS))), "front.md"),
    (json.dumps({"title": "News", "url": f"{SITE}/category/news/", "content": "".join(
        f"<h2><a href='/s{i}/'>{h}</a></h2><p>{d}</p><p><a href='/s{i}/'>Read more</a></p>"
        for i, (h, d) in enumerate(zip(HEADLINES, DEKS)))}), "front.json"),
])
def test_inputs_that_are_not_html_pages_are_never_judged(scorer, text, name):
    rep = scorer.score_text(text, name=name)
    assert rep.status == "ok" and _caveat(rep) is None


def test_an_address_urlsplit_refuses_does_not_break_the_row():
    """A canonical link or a record URL such as "http://[::1/news/" (urlsplit: ValueError)."""
    art = parse_text(listing_pages()["section_front"], name="f.html")
    found = page_kind.detect(art.body, art.html, "http://[::1/tag/news/")
    assert found is not None and "listing_url" not in found.signals


def test_same_page_same_evidence():
    html = listing_pages()["home"]
    art = parse_text(html, name="h.html")
    first = page_kind.detect(art.body, art.html, art.url).to_dict()
    art2 = parse_text(html + " ", name="h.html")  # a new string: parsed anew, not the cached tree
    assert page_kind.detect(art2.body, art2.html, art2.url).to_dict() == first


def test_caveat_message_without_marks_or_examples():
    cav = not_an_article({"teasers_in_body": 5, "teaser_share": 0.8, "read_more_lines": 0}, [])
    assert cav.code == "not_an_article"
    assert "5 of the stories it lists make 80 % of the text scored." in cav.message
    assert "e.g." not in cav.message and "marked" not in cav.message
    cav = not_an_article({"teasers_in_body": 0, "teaser_share": 0.0, "read_more_lines": 4,
                          "listing_url": "https://x.example/tag/a/"}, [])
    assert "stories it lists make" not in cav.message  # not "0 of the stories ... make 0 %"
    assert "'Read more' 4 times; marked a listing by its URL (https://x.example/tag/a/)." in cav.message


def test_no_real_news_page_of_the_benchmark_is_called_a_listing(shared_data):
    """False alarms on the 181 real news pages of the article-extraction benchmark (the corpora's
    HTML): none, with the page's own URL and with the benchmark's."""
    from scorer.article import with_known
    from scorer.corpora import aeb

    pages = aeb.pages(shared_data)
    assert len(pages) == 181
    fired = []
    for p in pages:
        art = parse_text(p.html, name="p.html")
        for a in (art, with_known(art, url=p.url)):
            if page_kind.detect(a.body, a.html, a.url) is not None:
                fired.append(p.id)
    assert fired == []
