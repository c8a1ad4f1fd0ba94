"""Fuzzing (issue 10): hostile and broken input only ever gives a documented outcome.

Property-based tests (hypothesis) over every loader (``decode``, ``parse_bytes``, ``parse_text``)
and the whole pipeline (``Scorer.score_bytes`` / ``score_text``, which run every extractor).
The only allowed outcomes are an Article / an ``ok`` Report, or a documented input error
(``scorer.errors.InputError`` with one of :data:`DOCUMENTED`); never ``internal``, never a raw
exception. Example counts are sized so this file runs in well under 90 s on a 2-core machine
(``FUZZ_INPUTS`` below is the total tried per run). Regression tests for each finding are at the end,
named after the finding.
"""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from scorer import errors
from scorer.ingest import Decoded, decode, parse_bytes, parse_text
from scorer.scoring import Scorer

DOCUMENTED = {"empty", "no_letters", "binary", "too_large", "unreadable", "malformed_json", "no_text"}

# max_examples per test; their sum is the number of inputs tried per run (reported in issue 10).
N_LOADER = 700
N_PIPELINE = 300
N_HEAVY = 40
FUZZ = settings(max_examples=N_LOADER, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
PIPE = settings(FUZZ, max_examples=N_PIPELINE)
HEAVY = settings(FUZZ, max_examples=N_HEAVY)


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


# ---- strategies -------------------------------------------------------------------------------
surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, categories=["Cs"])
any_char = st.one_of(st.characters(), surrogates, st.sampled_from("\x00\r\n\t\ufeff\u202e\u200b"))
SCRIPTS = [
    "The council voted on Wednesday to raise tariffs by 4% ",  # Latin
    "Совет проголосовал в среду ",  # Cyrillic
    "صوت المجلس يوم الأربعاء ",  # Arabic (RTL)
    "理事会は水曜日に投票した ",  # CJK
    "परिषद ने बुधवार को मतदान किया ",  # Devanagari
    "🙂🚀👩‍👩‍👧 ",  # emoji, ZWJ sequences
    "e\u0301\u0302\u0303 ",  # combining marks
    "$ 100 million Openai (€94 million) [1] https://example.org/a ",  # near the extractors' cues
    "In conclusion, it is important to note that ",
    "Source link\nLeave a Reply\nAccept cookies\n",
]
mixed_text = st.lists(st.one_of(st.sampled_from(SCRIPTS), st.text(any_char, max_size=20)),
                      max_size=40).map("".join)
texts = st.one_of(st.text(any_char, max_size=3000), mixed_text)

TAGS = ["p", "div", "span", "a", "li", "ul", "table", "tr", "td", "h1", "script", "style",
        "svg", "iframe", "br", "b", "i", "form", "noscript", "template", "html", "body", "head",
        "title", "meta", "!--", "![CDATA["]


def _html(children) -> st.SearchStrategy:
    def node(args):
        tag, attrs, kids, close = args
        inner = "".join(kids)
        if tag == "!--":
            return f"<!--{inner}"+ ("-->" if close else "")
        if tag == "![CDATA[":
            return f"<![CDATA[{inner}" + ("]]>" if close else "")
        return f"<{tag}{attrs}>{inner}" + (f"</{tag}>" if close else "")
    attrs = st.sampled_from(["", ' href="https://example.org/x"', " class='x'", ' href=""',
                             ' charset="idna"', " x=\"<>&\"", " onload=alert(1)"])
    return st.tuples(st.sampled_from(TAGS), attrs, st.lists(children, max_size=4),
                     st.booleans()).map(node)


html_tree = st.recursive(st.one_of(st.sampled_from(SCRIPTS), st.text(any_char, max_size=30),
                                   st.sampled_from(["&amp;", "&#0;", "&#xD800;", "&#99999999;", "&"])),
                         _html, max_leaves=60)
html_docs = st.tuples(st.sampled_from(["", "<!DOCTYPE html>", "<html>", "<?xml version='1.0'?><html>"]),
                      html_tree).map("".join)


def _deep(args) -> str:
    tag, depth, close = args
    return f"<{tag}>" * depth + "Deep text in the middle of nowhere." + (f"</{tag}>" * depth if close else "")


deep_html = st.tuples(st.sampled_from(["div", "span", "p", "b", "table", "li", "a"]),
                      st.integers(1, 3000), st.booleans()).map(_deep).map(lambda s: "<html><body>" + s)

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                         st.text(any_char, max_size=40), st.sampled_from(SCRIPTS))
json_values = st.recursive(json_scalars, lambda c: st.one_of(st.lists(c, max_size=4),
                                                            st.dictionaries(st.text(max_size=8), c, max_size=4)),
                           max_leaves=20)
KEYS = ["content", "title", "text", "body", "article", "excerpt", "date", "link", "url", "id",
        "headline", "published", "rendered", "raw", "articleBody", "maintext", "name", "pubDate"]
wordpressish = st.fixed_dictionaries(
    {"content": st.one_of(json_values, st.fixed_dictionaries({"rendered": st.one_of(json_values, html_docs)}))},
    optional={k: st.one_of(json_values, st.fixed_dictionaries({"rendered": json_values}))
              for k in KEYS if k != "content"},
)
# WordPress posts whose content is real HTML but whose other fields have any shape.
wp_posts = st.fixed_dictionaries(
    {"content": st.fixed_dictionaries({"rendered": st.one_of(html_tree, html_docs)})},
    optional={k: st.one_of(json_values, st.fixed_dictionaries({"rendered": st.one_of(json_values, html_tree)}))
              for k in ("title", "excerpt", "date", "link", "id")},
)
json_objs = st.one_of(
    wp_posts,
    wordpressish,
    st.dictionaries(st.sampled_from(KEYS), json_values, max_size=6),
    json_values,
    st.lists(st.one_of(wp_posts, wordpressish), min_size=1, max_size=2),
)


def _json_text(args) -> str:
    obj, indent = args
    return json.dumps(obj, indent=indent, ensure_ascii=False, allow_nan=True)


json_docs = st.one_of(
    st.tuples(json_objs, st.sampled_from([None, 1])).map(_json_text),
    # odd JSON that json.dumps would never write: huge numbers, deep nesting, truncation
    st.tuples(st.sampled_from(["[", "{\"a\":", "[{\"text\":"]), st.integers(1, 5000)).map(
        lambda t: t[0] * t[1] + '"x"'),
    st.integers(1, 20000).map(lambda n: '{"text": "hello world", "id": ' + "9" * n + "}"),
    st.tuples(st.sampled_from(['{"text": "hello', '{"content": {"rendered": "<p>x', '[1,']), st.text(any_char, max_size=20)).map("".join),
)

huge_lines = st.tuples(st.sampled_from(["a", " ", "-", "$ ", "[1]", ".", "🙂", "(", "é", "Openai ", "\t", "&amp;", "<p>"]),
                       st.integers(1_000, 100_000), st.sampled_from(["", "Title\n\n", "http://"])).map(
    lambda t: t[2] + t[0] * (t[1] // len(t[0])))

all_text = st.one_of(texts, html_docs, json_docs)
all_bytes = st.one_of(
    st.binary(max_size=3000),
    all_text.flatmap(lambda s: st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1", "utf-8-sig"]).map(
        lambda enc: s.encode(enc, errors="surrogatepass" if enc.startswith("utf") else "replace"))),
    st.tuples(st.sampled_from(["idna", "utf-7", "punycode", "unicode_escape", "raw_unicode_escape",
                               "base64", "rot13", "utf-32", "zlib", "uu", "bogus", "utf-16"]),
              st.binary(max_size=200)).map(
        lambda t: b"<html><head><meta charset=\"" + t[0].encode() + b"\"></head><body><p>Caf\xe9 "
                  + t[1] + b" \\ud800 news</p></body></html>"),
)


# ---- the oracle ------------------------------------------------------------------------------
def assert_documented_report(report, data: bytes | None = None) -> None:
    event(f"{report.status} {report.error_code or report.source_format}")
    d = report.to_dict()
    json.dumps(d)  # a row must always be writable
    if report.status == "error":
        assert report.error_code in DOCUMENTED, (report.error_code, report.error)
        return
    assert report.status == "ok", report.status
    body = report.body
    body.encode("utf-8")  # no lone surrogates in what we hand out
    for e in report.evidence:
        assert 0 <= e.start <= e.end <= len(body), (e.feature, e.start, e.end, len(body))
    for v in report.facets.values():
        assert v is None or 0.0 <= v <= 1.0
    assert report.score is None or 0.0 <= report.score <= 100.0


def load_or_documented(fn, arg):
    try:
        return fn(arg)
    except errors.InputError as exc:
        assert exc.code in DOCUMENTED, (exc.code, exc.message)
        return None


# ---- loaders ---------------------------------------------------------------------------------
@FUZZ
@given(all_bytes)
def test_decode_any_bytes(data):
    dec = load_or_documented(decode, data)
    if dec is not None:
        assert isinstance(dec, Decoded) and isinstance(dec.text, str)


@FUZZ
@given(all_bytes)
def test_parse_bytes_any_bytes(data):
    a = load_or_documented(parse_bytes, data)
    if a is not None:
        assert a.body.strip() and any(c.isalpha() for c in a.body)
        a.body.encode("utf-8")


@FUZZ
@given(all_text)
def test_parse_text_any_text(text):
    a = load_or_documented(parse_text, text)
    if a is not None:
        assert a.body.strip()
        a.body.encode("utf-8")
        for p in a.paragraphs:
            assert 0 <= p.start <= p.end <= len(a.body)


# ---- the whole pipeline (every extractor) ----------------------------------------------------
@PIPE
@given(all_bytes)
def test_pipeline_any_bytes(scorer, data):
    assert_documented_report(scorer.score_bytes(data), data)


@PIPE
@given(all_text)
def test_pipeline_any_text(scorer, text):
    assert_documented_report(scorer.score_text(text))


@PIPE
@given(json_docs)
def test_pipeline_odd_json(scorer, text):
    assert_documented_report(scorer.score_bytes(text.encode("utf-8", "surrogatepass"), name="post.json"))


@HEAVY
@given(deep_html)
def test_pipeline_deep_and_unclosed_html(scorer, text):
    assert_documented_report(scorer.score_bytes(text.encode("utf-8"), name="page.html"))


@HEAVY
@given(huge_lines)
def test_pipeline_huge_lines(scorer, text):
    assert_documented_report(scorer.score_text(text))


FUZZ_INPUTS = 3 * N_LOADER + 3 * N_PIPELINE + 2 * N_HEAVY


# ---- regression tests, one per finding -------------------------------------------------------
def test_finding_json_integer_over_4300_digits_is_malformed_json(scorer):
    """Finding 1: json.loads raised a bare ValueError (Python's int-string limit) -> traceback."""
    data = b'{"text": "The council voted on Wednesday.", "id": ' + b"9" * 5000 + b"}"
    with pytest.raises(errors.MalformedJSON, match="unreadable JSON"):
        parse_bytes(data)
    assert scorer.score_bytes(data).error_code == "malformed_json"


@pytest.mark.parametrize("charset", ["idna", "base64", "rot13", "zlib", "no-such-charset"])
def test_finding_meta_charset_that_is_no_text_codec_falls_back(charset):
    """Finding 2: <meta charset="idna"> made decode() raise UnicodeError (not a documented error)."""
    data = b'<html><head><meta charset="' + charset.encode() + b'"></head><body><p>Caf\xe9 news</p></body></html>'
    dec = decode(data)
    assert dec.encoding == "cp1252" and "Café news" in dec.text


@pytest.mark.parametrize("text", [
    '{"title": "Bad \\ud800 title", "text": "The council voted \\udfff on Wednesday."}',
    '{"title": {"rendered": "T\\ud83d"}, "content": {"rendered": "<p>The council \\ud800 voted.</p>"}}',
])
def test_finding_json_escaped_lone_surrogates_become_replacement_chars(scorer, text):
    """Finding 3a: a JSON "\\ud800" escape put a lone surrogate into the body/title; the row then
    could not be written as UTF-8."""
    a = parse_text(text)
    assert "\ufffd" in a.body and "\ufffd" in a.title
    a.body.encode("utf-8"), a.title.encode("utf-8")
    r = scorer.score_bytes(text.encode("utf-8"))
    assert r.status == "ok"
    json.dumps(r.to_dict(), ensure_ascii=False).encode("utf-8")


def test_finding_score_text_with_lone_surrogate(scorer):
    """Finding 3b: Scorer.score_text("...\\ud800...") raised UnicodeEncodeError."""
    r = scorer.score_text("The council voted \ud800 on Wednesday to raise tariffs.")
    assert r.status == "ok" and "\ufffd" in r.body
    assert "\ufffd" in parse_text("Lone \udc80 surrogate in a caller's string").body


def test_finding_wordpress_fragment_without_body_lxml_assertion():
    """Finding 4: lxml's fragment parser asserts ("too many bodies") on "<!DOCTYPE html><script>"."""
    post = json.dumps({"content": {"rendered": "<!DOCTYPE html><script>"}})
    with pytest.raises(errors.NoText):
        parse_text(post)
    ok = json.dumps({"content": {"rendered": "<!DOCTYPE html><p>The council voted on Wednesday.</p>"}})
    assert parse_text(ok).body == "The council voted on Wednesday."


def test_finding_page_whose_metadata_crashes_htmldate(scorer):
    """Finding 5: trafilatura.extract_metadata -> htmldate asserted on "<?xml ...?><html><svg>"."""
    with pytest.raises(errors.NoText):
        parse_text("<?xml version='1.0'?><html><svg>")
    page = "<?xml version='1.0'?><html><svg></svg><body><p>" + "The council voted on Wednesday. " * 20 + "</p>"
    assert scorer.score_text(page).status == "ok"
