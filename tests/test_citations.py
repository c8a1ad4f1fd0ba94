"""Citations facet: small texts we wrote (entities and dates differ from the seeds')."""
from __future__ import annotations

import json
import time

import pytest

from scorer.article import Article, Paragraph
from scorer.corpora.refs import ALL_KINDS, inject_references
from scorer.features.citations import Citations
from scorer.features.citations_tables import (
    Entity, OUTLET_PATTERNS, add_entity, domain_ratings, entities_in, load_domain_ratings,
    ENTITY_FIRST_DATES,
)
from scorer.features.citations_urls import find_urls, off_pattern, parse_url, url_date
from scorer.ingest import parse_text
from scorer.text import split_paragraphs

EX = Citations()
F = "citations."

PROSE = (
    "The harbour board approved a new ferry timetable on Wednesday after months of complaints from "
    "island commuters. Dock workers said the later sailings would add two hours to their shifts. "
    "The board expects passenger numbers to rise by a fifth over the summer season. Critics argue "
    "the plan ignores the cost of fuel, which has doubled since the spring. A final vote on fares "
    "is due next month."
)


def art(text: str, published: str | None = None, links=None, language: str = "en") -> Article:
    return Article(body=text, published=published, language=language,
                   paragraphs=tuple(Paragraph(s, e) for s, e in split_paragraphs(text)),
                   meta={"links": links} if links else {})


def feats(text: str, **kw) -> tuple[dict, list]:
    r = EX.extract(art(text, **kw))
    return r.values, r.evidence


def reasons(ev, feature: str) -> list[str]:
    return [e.reason for e in ev if e.feature == F + feature]


# --- no citations: no defect ---------------------------------------------------------------
def test_plain_news_has_no_defects():
    v, ev = feats(PROSE)
    defects = [k for k in v if k.endswith(("_share", "_count")) and not k.endswith("known_outlet_share")]
    assert all(v[k] == 0.0 for k in defects), {k: v[k] for k in defects if v[k]}
    assert v[F + "n_references"] == 0.0


# --- URL parsing and checks ------------------------------------------------------------------
@pytest.mark.parametrize("path,expected", [
    ("/2019/03/07/world/x.html", "2019-03-07"), ("/world/2018/feb/09/slug", "2018-02-09"),
    ("/news/slug-2017-06-30/", "2017-06-30"), ("/future/article/20160412-slug", "2016-04-12"),
    ("/2016/4/2/123456/slug", "2016-04-02"), ("/ideas/archive/2015/08/slug/123/", "2015-08"),
    ("/news/world-europe-50473792", None), ("/2019/13/45/bad", None),
])
def test_url_dates(path, expected):
    d = url_date(path)
    assert (d.label() if d else None) == expected


@pytest.mark.parametrize("url,bad", [
    ("https://www.harbour-news.co.uk/2019/05/01/ferries/", False),
    ("https://www.example.com/2019/05/01/ferries/", True),
    ("https://www.ferrynews.notatld/story", True),
    ("https://www..ferrynews.com/a", True),
    ("ftp://ferrynews.com/a", True),
    ("http://192.168.1.300/a", True),
])
def test_malformed(url, bad):
    assert bool(parse_url(url).malformed) is bad


@pytest.mark.parametrize("url,bad", [
    ("https://www.bbc.com/news/uk-england-kent-41234567", False),
    ("https://www.bbc.com/news/articles/c4g7kx1z2q3o", False),
    ("https://www.bbc.com/news/science/ferry-timetable-islands-board", True),
    ("https://www.wsj.com/articles/ferry-fares-set-to-rise-11592834722", False),
    ("https://www.wsj.com/articles/ferry-fares-set-to-rise-on-islands", True),
    ("https://www.theguardian.com/uk-news/2016/apr/02/ferry-fares-rise-islands", False),
    ("https://www.theguardian.com/uk-news/2016/04/02/ferry-fares-rise-islands", True),
    ("https://www.bloomberg.com/news/articles/2016-04-02/ferry-operator-raises-fares", False),
    ("https://www.bloomberg.com/news/articles/ferry-operator-raises-fares-again", True),
    ("https://apnews.com/article/ferry-fares-islands-0123456789abcdef0123456789abcdef", False),
    ("https://apnews.com/2016/04/02/ferry-fares-islands-rise", True),
    ("https://www.nytimes.com/2016/04/02/travel/ferry-fares-islands.html", False),
    ("https://www.nytimes.com/travel/ferry-fares-islands-rise", True),
    ("https://www.bbc.com/news", False),  # a section page is not judged as an article
])
def test_outlet_patterns(url, bad):
    assert bool(off_pattern(parse_url(url))) is bad


def test_every_outlet_has_a_matching_example_shape():
    assert len(OUTLET_PATTERNS) >= 10


@pytest.mark.parametrize("url,kind", [
    ("https://www.ferryco.com/privacy-policy/", "privacy policy"),
    ("https://www.ferryco.com/legal/terms-of-service", "terms or legal page"),
    ("https://gdpr-info.eu/art-6-gdpr/", "legal text"),
    ("https://www.ferryco.com/", "home page"),
    ("https://www.ferryco.com/news/2019/privacy-concerns-over-ferry-app", None),
])
def test_non_source_kinds(url, kind):
    assert parse_url(url).non_source == kind


def test_find_urls_trims_punctuation():
    text = "See https://a-news.com/x/story-one. Also (https://b-news.org/y/story_(two)) here."
    got = [u for _, _, u in find_urls(text)]
    assert got == ["https://a-news.com/x/story-one", "https://b-news.org/y/story_(two)"]


# --- markers and reference lists ---------------------------------------------------------------
REFS_OK = (
    "The harbour board approved a new ferry timetable [1]. Dock workers said later sailings add hours [2].\n\n"
    "References:\n"
    "[1] https://www.harbourtimes.com/2019/03/07/harbour-board-approves-ferry-timetable/\n"
    "[2] https://www.islandpost.net/2019/02/11/dock-workers-later-sailings-hours/\n"
)


def test_consistent_references_are_clean():
    v, ev = feats(REFS_OK, published="2019-04-01")
    assert v[F + "n_references"] == 2 and v[F + "n_markers"] == 2
    for k in ("dangling_marker_share", "uncited_reference_share", "slug_mismatch_share",
              "shared_date_share", "future_dated_count", "non_source_share", "off_pattern_share"):
        assert v[F + k] == 0.0, k


def test_dangling_markers_and_uncited_references():
    text = ("Fares will rise by a tenth [1][4]. Fuel costs doubled [2–3].\n\n"
            "[1] https://www.harbourtimes.com/2019/03/07/fares-rise-tenth/ "
            "[2] https://www.islandpost.net/2019/02/11/fuel-costs-doubled/ "
            "[5] https://www.islandpost.net/2019/01/11/unrelated-ferry-story/")
    v, ev = feats(text)
    assert v[F + "dangling_marker_share"] == pytest.approx(2 / 4)  # [4] and [3] have no reference
    assert any("[4]" in r for r in reasons(ev, "dangling_marker_share"))
    assert v[F + "uncited_reference_share"] == pytest.approx(1 / 3)


def test_superscript_markers_and_duplicates():
    text = ("Fares will rise by a tenth¹. Fuel costs doubled².\n\nSources:\n"
            "1. https://www.harbourtimes.com/2019/03/07/fares-rise-tenth/\n"
            "2. https://harbourtimes.com/2019/03/07/fares-rise-tenth\n")
    v, ev = feats(text)
    assert v[F + "n_markers"] == 2
    assert v[F + "duplicate_reference_count"] == 1
    assert v[F + "dangling_marker_share"] == 0.0


def test_markdown_links_and_bare_urls_are_references():
    text = ("The board [approved the timetable](https://www.harbourtimes.com/2019/03/07/board-approves-timetable/) "
            "on Wednesday. More at https://www.islandpost.net/2019/02/11/ferry-timetable-board/ today.")
    v, _ = feats(text)
    assert v[F + "n_references"] == 2


def test_html_anchors_are_references_with_their_spans():
    # The anchor backs a claim ("fares will double") with a privacy policy: a non-source, shown
    # on the anchor's text. (An anchor on "its privacy notice" names the page it links: the
    # story's subject, tests/test_citations_falsealarms.py.)
    text = PROSE + "\n\nThe ferry operator says fares will double by the spring."
    s = text.index("fares will double")
    links = [{"href": "https://www.ferryco.com/privacy-policy/", "text": "fares will double", "start": s, "end": s + 17}]
    v, ev = feats(text, links=links)
    assert v[F + "non_source_share"] == 1.0
    e = [x for x in ev if x.feature == F + "non_source_share"][0]
    assert text[e.start:e.end] == "fares will double"


# --- dates -------------------------------------------------------------------------------------
def _list(urls: list[str]) -> str:
    body = " ".join(f"Claim number {i} about ferry fares and timetables [{i}]." for i in range(1, len(urls) + 1))
    return body + "\n\n" + "\n".join(f"[{i}] {u}" for i, u in enumerate(urls, 1))


def test_shared_date_positive_and_negative():
    same = [f"https://www.{d}.com/2017/08/14/ferry-fares-timetables-{i}/" for i, d in
            enumerate(("harbourtimes", "islandpost", "coastalnews", "portgazette"))]
    v, ev = feats(_list(same))
    assert v[F + "shared_date_share"] == 1.0
    assert len(reasons(ev, "shared_date_share")) == 4 and "2017-08-14" in reasons(ev, "shared_date_share")[0]
    distinct = [f"https://www.harbourtimes.com/2017/08/{d:02d}/ferry-fares-timetables-{d}/" for d in (3, 9, 14, 22)]
    v, ev = feats(_list(distinct))
    assert v[F + "shared_date_share"] == 0.0 and not reasons(ev, "shared_date_share")
    # two of four on one day is ordinary: no cluster, so no value the reader cannot be shown
    two_of_four = distinct[:1] + ["https://www.islandpost.com/2017/08/03/ferry-news/"] + distinct[2:]
    v, ev = feats(_list(two_of_four))
    assert v[F + "shared_date_share"] == 0.0 and not reasons(ev, "shared_date_share")


def test_future_dated_only_with_a_known_article_date():
    urls = ["https://www.harbourtimes.com/2020/06/01/ferry-fares-timetables/"]
    v, ev = feats(_list(urls), published="2020-05-20")
    assert v[F + "future_dated_count"] == 1 and "2020-05-20" in reasons(ev, "future_dated_count")[0]
    v, _ = feats(_list(urls), published="2020-06-03")
    assert v[F + "future_dated_count"] == 0
    v, _ = feats(_list(urls), published=None)  # unknown date: we do not invent one
    assert v[F + "future_dated_count"] == 0


def test_anachronism_positive_and_negative():
    bad = ["https://www.harbourtimes.com/2022/03/04/chatgpt-helps-plan-ferry-timetables/"]
    v, ev = feats(_list(bad))
    assert v[F + "anachronism_count"] == 1 and "ChatGPT" in reasons(ev, "anachronism_count")[0]
    ok = ["https://www.harbourtimes.com/2023/03/04/chatgpt-helps-plan-ferry-timetables/"]
    assert feats(_list(ok))[0][F + "anachronism_count"] == 0
    # the word "meta" as a prefix is not the company
    prefix = ["https://www.harbourtimes.com/2019/03/04/meta-analysis-of-ferry-delays/"]
    assert feats(_list(prefix))[0][F + "anachronism_count"] == 0


def test_entity_table_is_extendable():
    n = len(ENTITY_FIRST_DATES)
    add_entity(Entity("Ferrycoin", ("ferrycoin",), __import__("datetime").date(2024, 1, 1), "test token"))
    try:
        assert [e.name for e in entities_in(["ferrycoin", "price"])] == ["Ferrycoin"]
    finally:
        del ENTITY_FIRST_DATES[n:]


# --- slug vs claim, non-sources ------------------------------------------------------------------
def test_slug_mismatch_positive_and_negative():
    text = ("The harbour board approved a new ferry timetable on Wednesday [1].\n\n"
            "[1] https://www.harbourtimes.com/2019/03/07/central-bank-holds-interest-rates-steady/")
    v, ev = feats(text)
    assert v[F + "slug_mismatch_share"] == 1.0 and reasons(ev, "slug_mismatch_share")
    text2 = text.replace("central-bank-holds-interest-rates-steady", "harbour-board-approves-ferry-timetable")
    assert feats(text2)[0][F + "slug_mismatch_share"] == 0.0


def test_pointer_line_is_not_judged_against_the_slug():
    """A line that only points at a site ("Link to KLOOK website – URL") makes no claim; the
    same URL after a claim about something else is still a mismatch."""
    url = "https://www.klook.com/activity/9596-the-palace-tale-of-jang-noksu-show-ticket-seoul/"
    v, ev = feats(PROSE + "\n\nLink to KLOOK website – " + url + "\n")
    assert v[F + "slug_mismatch_share"] == 0.0 and not reasons(ev, "slug_mismatch_share")
    v, ev = feats(PROSE + "\n\nThe harbour board approved new ferry fares on Wednesday " + url + "\n")
    assert v[F + "slug_mismatch_share"] == 1.0 and reasons(ev, "slug_mismatch_share")


def test_the_pages_own_address_in_its_text_is_no_reference():
    """A reprint notice writes the article's own URL ("This copy is for your personal,
    non-commercial use only ... https://www.barrons.com/articles/...", on every Dow Jones page):
    not a citation, so not a slug its sentence fails to match (a Barron's report scored 2.4).
    Another article of the same site, written in the text, still is one."""
    own = "https://www.barrons.com/articles/home-depot-stock-earnings-report-51574168486"
    text = ("This copy is for your personal, non-commercial use only. To order presentation-ready "
            "copies visit http://www.djreprints.com.\n" + own + "\n\n" + PROSE)

    def run(url):
        a = art(text)
        a = Article(body=a.body, published=a.published, language=a.language, paragraphs=a.paragraphs,
                    meta=a.meta, url=url)
        return EX.extract(a)

    with_url = run(own + "?mod=hp_lead_pos1")  # the page's URL as a crawler fetched it
    assert with_url.values[F + "slug_mismatch_share"] == 0.0
    assert own not in [r["url"] for r in with_url.details["references"]]
    without = run(None)  # a text file: its address unknown, the URL is one more reference
    assert without.values[F + "slug_mismatch_share"] == 1.0
    other = run("https://www.barrons.com/articles/fed-holds-rates-51574160000")
    assert other.values[F + "slug_mismatch_share"] == 1.0


def test_markers_citing_references_without_urls_are_not_dangling():
    """A reference list of bibliographic entries ("[1] Ruskin KJ. Alarm fatigue. Curr Opin
    Anaesthesiol. 2015") resolves its markers; the same markers without the list dangle."""
    claims = PROSE + " Nurses hear up to 1,000 alarms per shift [1], most of them false [2]."
    listed = claims + ("\n\n[1] Alarm fatigue: impacts on patient safety, Ruskin KJ. Curr Opin Anaesthesiol. 2015.\n"
                       "[2] Joint Commission National Patient Safety Goal: Alarm Management.\n")
    v, ev = feats(listed)
    assert v[F + "n_markers"] == 2 and v[F + "dangling_marker_share"] == 0.0
    v, ev = feats(claims)
    assert v[F + "dangling_marker_share"] == 1.0 and len(reasons(ev, "dangling_marker_share")) == 2
    # a label line with a lone word is not an entry
    v, _ = feats(claims + "\n\n[1] Note\n[2] Note\n")
    assert v[F + "dangling_marker_share"] == 1.0


def test_brackets_that_are_not_citation_markers():
    """Numbered references start at 1 and a marker lists them in increasing order: "[0,0]",
    "[1,1]" and "[3,2]" are coordinates or scores, "[1,3]" and "[2-4]" are markers."""
    for bracket in ("[0,0]", "[1,1]", "[3,2]", "[0]"):
        v, _ = feats(PROSE + f" The grid cell {bracket} was empty.")
        assert v[F + "n_markers"] == 0, bracket
    for bracket, n in (("[1,3]", 1), ("[2-4]", 1), ("[1][2]", 2)):
        v, _ = feats(PROSE + f" The grid cell was empty {bracket}.")
        assert v[F + "n_markers"] == n, bracket


def test_privacy_terms_legal_and_home_page_references():
    urls = ["https://www.ferryco.com/privacy-policy/", "https://gdpr.eu/art-17/",
            "https://www.ferryco.com/", "https://www.harbourtimes.com/2019/03/07/ferry-fares-timetables/"]
    v, ev = feats(_list(urls))
    assert v[F + "non_source_share"] == pytest.approx(3 / 4)
    kinds = " ".join(reasons(ev, "non_source_share"))
    assert "privacy policy" in kinds and "legal text" in kinds and "home page" in kinds


def test_home_page_link_in_prose_is_not_a_non_source():
    v, _ = feats("The ministry posted the new rules on https://www.transport.gov.example.org/ yesterday. " + PROSE)
    assert v[F + "non_source_share"] == 0.0


# --- attribution -------------------------------------------------------------------------------
def test_dangling_attribution_lines_and_phrases():
    text = PROSE + " According to reports, the operator may sell two vessels.\n\nSource link\n"
    v, ev = feats(text)
    rs = reasons(ev, "unsupported_attribution_per_1000")
    assert len(rs) == 2 and v[F + "unsupported_attribution_per_1000"] > 0
    assert v[F + "source_line_count"] == 1.0  # the line, not the phrase
    text = PROSE + "\n\nOriginal article:\n"
    assert feats(text)[0][F + "unsupported_attribution_per_1000"] > 0
    phrase_only = feats(PROSE + " Studies show that ferries rarely run on time.")[0]
    assert phrase_only[F + "unsupported_attribution_per_1000"] > 0 and phrase_only[F + "source_line_count"] == 0.0


def test_attribution_with_something_behind_it_is_not_flagged():
    text = (PROSE + " According to reports in The Island Courier, the operator may sell two vessels.\n\n"
            "Source link: https://www.islandcourier.com/2019/03/07/operator-sell-vessels/\n")
    v, ev = feats(text)
    assert v[F + "unsupported_attribution_per_1000"] == 0.0, reasons(ev, "unsupported_attribution_per_1000")
    assert v[F + "source_line_count"] == 0.0


def test_named_attribution_and_dateline_are_credit():
    text = ("KISUMU, Kenya (Reuters) — The lake ferry will resume service on Monday, officials said.\n"
            "\"We expect full sailings by June,\" said Achieng Otieno, the port's operations manager. "
            "Dr. Samuel Mwangi told reporters that the hull had passed inspection.")
    v, ev = feats(text)
    assert v[F + "dateline"] == 1.0
    assert v[F + "named_attribution_per_1000"] > 0
    names = " ".join(reasons(ev, "named_attribution_per_1000"))
    assert "Achieng Otieno" in names and "Samuel Mwangi" in names
    v, _ = feats(PROSE)
    assert v[F + "dateline"] == 0.0 and v[F + "named_attribution_per_1000"] == 0.0


def test_non_english_skips_english_only_features():
    r = EX.extract(art("Le conseil portuaire a approuvé un nouvel horaire des ferries mercredi. Source link\n",
                       language="fr"))
    assert r.values[F + "unsupported_attribution_per_1000"] is None and r.values[F + "source_line_count"] is None
    assert F + "named_attribution_per_1000" in r.not_applicable


# --- outlet quality ------------------------------------------------------------------------------
def test_outlet_quality_default_list_and_ratings_file(tmp_path, monkeypatch):
    text = _list(["https://www.reuters.com/world/ferry-fares-rise-2019-03-07/",
                  "https://www.someferryblog.net/2019/03/01/ferry-fares/"])
    v, _ = feats(text)
    assert v[F + "known_outlet_share"] == 0.5
    csv = tmp_path / "ratings.csv"
    csv.write_text("domain,pc1\nreuters.com,0.97\nsomeferryblog.net,0.21\nbroken.org,n/a\n")
    assert load_domain_ratings(csv) == {"reuters.com": 0.97, "someferryblog.net": 0.21}
    v2 = Citations(ratings_path=str(csv)).extract(art(text)).values
    assert v2[F + "outlet_rating_mean"] == pytest.approx((0.97 + 0.21) / 2)
    monkeypatch.setenv("SPINSCORE_DOMAIN_RATINGS", str(csv))
    assert domain_ratings()["someferryblog.net"] == 0.21
    bad = tmp_path / "bad.csv"
    bad.write_text("site,score\nx.com,1\n")
    with pytest.raises(ValueError, match="domain"):
        load_domain_ratings(bad)


# --- evidence offsets, generator, robustness ----------------------------------------------------
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_generator_is_deterministic_and_evidence_spans_match(kind):
    a = inject_references(PROSE, kind, seed=11, published=__import__("datetime").date(2019, 5, 1))
    b = inject_references(PROSE, kind, seed=11, published=__import__("datetime").date(2019, 5, 1))
    assert a.text == b.text
    r = EX.extract(art(a.text, published=a.published))
    for e in r.evidence:
        exact = a.text[e.start:e.end]
        assert e.snippet == exact or (e.snippet.endswith("…") and exact.startswith(e.snippet[:-1]))
    defects = sum(v or 0 for k, v in r.values.items()
                  if k.endswith(("_share", "_count", "unsupported_attribution_per_1000"))
                  and "outlet" not in k)
    if kind == "clean":
        assert r.values[F + "n_references"] >= 3 and defects == 0.0
    else:
        assert defects > 0, kind


def test_parse_text_path_finds_every_listed_reference():
    # Speed is measured in benchmarks/bench_batch.py --per-extractor, not in unit tests.
    text = PROSE * 6 + "\n\n" + "\n".join(f"[{i}] https://www.harbourtimes.com/2019/03/{i:02d}/ferry-story-{i}/"
                                           for i in range(1, 8))
    r = EX.extract(parse_text(text))
    assert r.values[F + "n_references"] == 7
    assert r.values[F + "future_dated_count"] == 0 and r.values[F + "malformed_url_share"] == 0


def test_clean_references_never_name_what_did_not_exist_at_their_date():
    """The generator's clean references take slug words from the sentence they support; on a
    story about COVID-19 dated 2021 a reference dated 2019 must not name it (that is the
    anachronism kind's defect, not a sound reference)."""
    from datetime import date

    story = ("Hospitals in the region reported 240 new COVID-19 cases on Monday, health officials said. "
             "The regional COVID-19 task force will extend the mask rule in clinics until March. "
             "Officials said ChatGPT-style chatbots now answer questions on the COVID-19 hotline. "
             "Vaccination centres in the north will open on weekends from next month, they added. ")
    seen_dates = 0
    for seed in range(40):
        inj = inject_references(story, "clean", seed=seed, published=date(2021, 1, 20))
        r = EX.extract(art(inj.text, published=inj.published))
        assert r.values[F + "anachronism_count"] == 0, inj.urls
        seen_dates += sum(parse_url(u).date is not None and parse_url(u).date.last_day < date(2020, 2, 11)
                          for u in inj.urls)
    assert seen_dates > 0  # some references were dated before COVID-19 existed, and stayed sound
    bad = inject_references(story, "anachronism", seed=3, published=date(2021, 1, 20))
    assert EX.extract(art(bad.text, published=bad.published)).values[F + "anachronism_count"] >= 1


@pytest.mark.parametrize("evil", ["[" * 200_000, "http://" + "a" * 500_000, "a." * 300_000,
                                  "(" * 100_000 + "Source: " * 1000, "1. " * 100_000])
def test_adversarial_inputs_do_not_hang(evil):
    t = time.perf_counter()
    EX.extract(art(evil + " ferry"))
    assert time.perf_counter() - t < 5


def test_risk_floor_for_anachronism():
    from scorer.linmodel import LinearModel

    model = LinearModel(name="t", features=[F + "anachronism_count"], mean=[0.0], scale=[1.0], coef=[0.0],
                        intercept=-5.0)
    r = EX.extract(art(_list(["https://www.harbourtimes.com/2022/03/04/chatgpt-helps-plan-ferry-timetables/"])))
    assert EX.risk(r, model) == 0.8
    r = EX.extract(art(PROSE))
    assert EX.risk(r, model) < 0.1
    assert EX.risk(r, None) is None


def test_a_date_before_the_web_flags_no_url_as_after_the_article():
    """No article from before the first year a URL date is read cites a dated URL: such an
    article date is a placeholder (a zero date shown in another time zone), not the article's,
    and must not make every dated reference "after the article" (a risk floor of 0.8)."""
    urls = ["https://www.harbourtimes.com/2020/06/01/ferry-fares-timetables/"]
    for published in ("1969-12-31", "1985-06-10", "0001-01-01"):
        v, ev = feats(_list(urls), published=published)
        assert v[F + "future_dated_count"] == 0 and not reasons(ev, "future_dated_count")
    v, _ = feats(_list(urls), published="1999-12-31")
    assert v[F + "future_dated_count"] == 1


def test_a_url_dated_the_next_day_is_within_time_zones():
    """The article's date may be UTC (a news API's publishedAt) while its outlet dates URLs in
    local time: a story published at 08:00 in Delhi on 10 June is 9 June in UTC, and a same-day
    story it cites, /2025/06/10/, is not "after the article". Two days after still is."""
    url = "https://www.harbourtimes.com/2025/06/10/ferry-fares-timetables/"
    v, ev = feats(_list([url]), published="2025-06-09")
    assert v[F + "future_dated_count"] == 0 and not reasons(ev, "future_dated_count")
    v, ev = feats(_list([url]), published="2025-06-08")
    assert v[F + "future_dated_count"] == 1 and "2025-06-08" in reasons(ev, "future_dated_count")[0]
    body = ("The ministry confirmed the ferry figures on Tuesday, officials said. The outlet first "
            "reported the plan (https://www.thehindu.com/news/national/2025/06/10/ferry-plan-tuesday) this morning.")
    a = parse_text(json.dumps({"title": "Ferry plan", "text": body, "date": "2025-06-09T23:30:00Z"}))
    assert EX.extract(a).values[F + "future_dated_count"] == 0


_COUNCIL = " ".join(["The council approved the new budget on Tuesday after a long debate, officials said."] * 5)


def _page(head: str = "", refs: str = "") -> str:
    return (f"<!doctype html><html><head><title>Council passes budget</title>{head}</head><body><article>"
            f"<h1>Council passes budget</h1><p>The plan was revised twice. {_COUNCIL}</p>"
            f"<p>The vote followed {refs}. {_COUNCIL}</p></article></body></html>")


_TWO_DATED = ("a Herald report on the draft budget plan (https://www.heraldnews.com/2024/03/02/council-budget-plan-draft) "
              "and a Gazette story on the vote (https://www.gazette.com/2024/05/07/council-budget-vote-nears)")


def test_a_page_date_found_only_in_the_free_text_flags_no_url_as_after_it():
    """A page without a date of its own: htmldate's extensive search takes the earliest date in
    its text, here the first cited URL's. The later cited story was then "after the article"
    (risk floor 0.8) on an honest page. Such a date is still reported, but not trusted for it."""
    a = parse_text(_page(refs=_TWO_DATED), name="a.html")
    assert a.published == "2024-03-02" and a.meta.get("date_from_text")
    v, ev = EX.extract(a).values, EX.extract(a).evidence
    assert v[F + "future_dated_count"] == 0 and not reasons(ev, "future_dated_count")
    # A date of the page's own (a meta tag) still makes a later reference "after the article".
    a = parse_text(_page('<meta property="article:published_time" content="2024-02-20T09:00:00Z">', _TWO_DATED),
                   name="a.html")
    assert a.published == "2024-02-20" and not a.meta.get("date_from_text")
    assert EX.extract(a).values[F + "future_dated_count"] == 2
