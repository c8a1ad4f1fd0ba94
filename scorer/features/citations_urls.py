"""Offline URL checks: finding URLs in text, well-formedness, dates in paths, slugs, shapes.

Nothing here touches the network. Registrable domains come from tldextract's bundled suffix
list (``suffix_list_urls=()`` so it never fetches). All regexes are linear: single character
classes with ``+``/``*``, no nested quantifiers, so a 1 MB line of one character cannot hang them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Optional
from urllib.parse import unquote, urlsplit

from .citations_tables import OUTLET_PATTERNS_BY_DOMAIN

# A URL runs until whitespace or a character that cannot be in one unescaped. Trailing
# punctuation is trimmed afterwards (".", ",", ")" closing a sentence or a parenthesis).
# Written "(?:https?://|www\.)…" with re.I; the first letter is taken case-sensitively (h, H, w, W:
# the only characters re.I matches with "h" and "w") and which scheme follows is told by a
# lookbehind, so the regex engine skips ahead to those letters instead of trying the pattern at
# every position (same matches, tests/test_speed_as.py; ~30 -> ~12 µs per 3 KB scan).
URL_RE = re.compile(r"(?-i:[hHwW])(?:(?<=[hH])ttps?://|(?<=[wW])ww\.)[^\s<>\"'“”‘’\[\]{}|\\^`]+", re.I)
_TRAIL = ".,;:!?)»›*"

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_DATE_YMD_RE = re.compile(r"/(\d{4})/(\d{1,2})/(\d{1,2})(?=[/.\-_]|$)")
_DATE_YMON_RE = re.compile(r"/(\d{4})/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*/(\d{1,2})(?=[/.\-_]|$)")
_DATE_ISO_RE = re.compile(r"(?<![\d])(\d{4})-(\d{2})-(\d{2})(?![\d])")
_DATE_COMPACT_RE = re.compile(r"/(\d{4})(\d{2})(\d{2})-")
_DATE_YM_RE = re.compile(r"/(\d{4})/(\d{1,2})(?=/)")
_TOKEN_RE = re.compile(r"[a-z0-9]+")
_HOST_LABEL_RE = re.compile(r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?|xn--[a-z0-9\-]{1,59}")
_PLACEHOLDER = frozenset({"example", "yourwebsite", "yoursite", "website", "domain", "sitename",
                          "yourdomain", "placeholder", "test", "sample", "url", "link"})
_PLACEHOLDER_SUFFIXES = frozenset({"com", "org", "net"})

_PRIVACY = frozenset({"privacy", "privacy-policy", "privacy_policy", "privacypolicy", "privacy-notice",
                      "privacy-statement", "privacy-center", "datenschutz", "data-policy", "datapolicy",
                      "politica-de-privacidad", "confidentialite", "cookie-policy", "cookies",
                      "cookie-notice", "cookies-policy", "privacy.html", "privacy-policy.html"})
_TERMS = frozenset({"terms", "terms-of-service", "terms-of-use", "tos", "terms-and-conditions",
                    "terms-conditions", "legal", "imprint", "impressum", "disclaimer", "user-agreement",
                    "terms.html", "terms-of-service.html", "eula"})
# Whole sites that host legal texts or boilerplate, cited in place of reporting.
_LEGAL_SITES = frozenset({"gdpr.eu", "gdpr-info.eu", "privacypolicies.com", "termsfeed.com",
                          "privacypolicytemplate.net", "cookiepedia.co.uk"})
_HOME_PATHS = frozenset({"", "/", "/index.html", "/index.htm", "/index.php", "/home", "/home/",
                         "/en", "/en/", "/en-us", "/en-us/"})


@lru_cache(maxsize=1)
def _extractor():
    import tldextract

    # suffix_list_urls=() : use the bundled snapshot, never fetch.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@dataclass(frozen=True)
class UrlDate:
    day: date  # for month-only dates: the first of the month
    granularity: str  # "day" | "month"

    @property
    def last_day(self) -> date:
        """The latest day the URL's date can mean (month-level dates cover the whole month)."""
        if self.granularity == "day":
            return self.day
        nxt = date(self.day.year + (self.day.month == 12), self.day.month % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)

    def label(self) -> str:
        return self.day.isoformat() if self.granularity == "day" else self.day.isoformat()[:7]


@dataclass(frozen=True)
class UrlInfo:
    url: str
    host: str
    domain: str  # registrable domain ("bbc.co.uk"), "" when there is none
    subdomain: str
    path: str  # decoded, lower-cased
    malformed: Optional[str]  # reason, or None when the URL is well formed
    date: Optional[UrlDate]
    tokens: tuple[str, ...]  # every lower-case word/number of the path
    slug_words: tuple[str, ...]  # the words of the article slug (may be empty)
    non_source: Optional[str]  # "privacy" | "terms" | "legal text" | "home page" | None
    article_like: bool
    extras: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"url": self.url, "domain": self.domain, "malformed": self.malformed,
                "date": self.date.label() if self.date else None, "non_source": self.non_source}


def find_urls(text: str, start: int = 0, end: Optional[int] = None) -> list[tuple[int, int, str]]:
    """(start, end, url) for every URL in ``text[start:end]``, trailing punctuation trimmed."""
    out = []
    for m in URL_RE.finditer(text, start, len(text) if end is None else end):
        s, e = m.span()
        while e > s and text[e - 1] in _TRAIL:
            if text[e - 1] == ")" and text.count("(", s, e) >= text.count(")", s, e):
                break
            e -= 1
        if e - s > 8:
            out.append((s, e, text[s:e]))
    return out


# No URL dates from before the web: "/1985/…" is an id or a year in a slug, not a date.
FIRST_URL_YEAR = 1990


def _valid(y: int, m: int, d: int) -> Optional[date]:
    if not FIRST_URL_YEAR <= y <= 2100:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def url_date(path: str) -> Optional[UrlDate]:
    """The publication date a URL path spells, most specific form first; None when none."""
    for rx in (_DATE_YMD_RE, _DATE_YMON_RE, _DATE_ISO_RE, _DATE_COMPACT_RE):
        for m in rx.finditer(path):
            y, mo, d = m.group(1), m.group(2), m.group(3)
            month = _MONTHS[mo[:3]] if mo.isalpha() else int(mo)
            dt = _valid(int(y), month, int(d))
            if dt:
                return UrlDate(dt, "day")
    for m in _DATE_YM_RE.finditer(path):
        dt = _valid(int(m.group(1)), int(m.group(2)), 1)
        if dt:
            return UrlDate(dt, "month")
    return None


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def _slug_of(path: str) -> tuple[str, ...]:
    """Words of the longest hyphenated path segment (the slug), extension dropped."""
    best: list[str] = []
    for seg in _segments(path):
        seg = re.sub(r"\.(?:html?|php|aspx?|shtml|cms)$", "", seg)
        words = [w for w in re.split(r"[\-_+.,]+", seg) if w]
        words = [w for w in words if not w.isdigit() and not re.fullmatch(r"[0-9a-f]{8,}|id[a-z0-9]{8,}|\d+[a-z]?", w)]
        if len(words) >= 2 and len(words) > len(best):
            best = words
    return tuple(best)


def _malformed(url: str, scheme: str, host: str, port_ok: bool, suffix: str, domain: str) -> Optional[str]:
    if any(ch.isspace() for ch in url):
        return "contains whitespace"
    if scheme not in ("http", "https"):
        return f"scheme {scheme or '(none)'!r} is not http(s)"
    if not host:
        return "no host name"
    if not port_ok:
        return "invalid port"
    if re.fullmatch(r"[\d.]+", host):
        return None if all(p.isdigit() and int(p) < 256 for p in host.split(".")) and host.count(".") == 3 \
            else "invalid IP address"
    if host.startswith("xn--") is False and re.match(r"https?:/*https?:", url, re.I):
        return "doubled scheme"
    labels = host.split(".")
    if any(not lab for lab in labels):
        return "empty label in host name (double or stray dot)"
    try:
        ascii_labels = [lab.encode("idna").decode("ascii") for lab in labels]
    except UnicodeError:
        return "host name cannot be encoded"
    if not all(_HOST_LABEL_RE.fullmatch(lab) for lab in ascii_labels):
        return "invalid characters in host name"
    if not suffix:
        return "no registrable public suffix (unknown top-level domain)"
    if not domain:
        return "host is a bare public suffix"
    if domain.split(".")[0] in _PLACEHOLDER and suffix in _PLACEHOLDER_SUFFIXES:
        return "placeholder domain"
    return None


def _non_source(domain: str, path: str, query: str) -> Optional[str]:
    if domain in _LEGAL_SITES:
        return "legal text"
    segs = set(_segments(path))
    if segs & _PRIVACY:
        return "privacy policy"
    if segs & _TERMS:
        return "terms or legal page"
    if path in _HOME_PATHS and not query:
        return "home page"
    return None


@lru_cache(maxsize=4096)
def parse_url(url: str) -> UrlInfo:
    """Everything the offline checks need from one URL. Cached: references repeat."""
    raw = url if re.match(r"[a-z][a-z0-9+.\-]*://", url, re.I) else "http://" + url
    try:
        parts = urlsplit(raw)
        port_ok = True
        try:
            parts.port
        except ValueError:
            port_ok = False
        host = (parts.hostname or "").rstrip(".").lower()
        scheme = parts.scheme.lower()
    except ValueError:
        return UrlInfo(url, "", "", "", "", "unparseable URL", None, (), (), None, False)
    ext = _extractor()(host) if host else None
    suffix = ext.suffix if ext else ""
    domain = ""
    if ext:  # tldextract >= 5.2 renamed registered_domain
        domain = getattr(ext, "top_domain_under_public_suffix", None)
        domain = ext.registered_domain if domain is None else domain
    sub = ext.subdomain if ext else ""
    path = unquote(parts.path or "").lower()
    reason = _malformed(url, scheme, host, port_ok, suffix, domain)
    dt = url_date(path)
    tokens = tuple(_TOKEN_RE.findall(path))
    slug = _slug_of(path)
    last = _segments(path)[-1] if _segments(path) else ""
    last_words = [w for w in re.split(r"[\-_]+", re.sub(r"\.\w{2,5}$", "", last)) if w]
    article_like = dt is not None or len(last_words) >= 3
    return UrlInfo(url=url, host=host, domain=domain or host, subdomain=sub, path=path,
                   malformed=reason, date=dt, tokens=tokens, slug_words=slug,
                   non_source=_non_source(domain, path, parts.query), article_like=article_like)


@lru_cache(maxsize=64)
def _compiled(domain: str):
    pat = OUTLET_PATTERNS_BY_DOMAIN.get(domain)
    return (pat, pat.compiled()) if pat else (None, [])


def off_pattern(info: UrlInfo) -> Optional[str]:
    """Reason when an article-looking URL on a major outlet breaks that outlet's URL shape."""
    pat, rxs = _compiled(info.domain)
    if pat is None or info.subdomain not in pat.hosts or not info.article_like:
        return None
    path = info.path.rstrip("/") or "/"
    for rx in rxs:
        if rx.fullmatch(path) or rx.fullmatch(path + "/"):
            return None
    return f"does not match {info.domain}'s article URL shape ({pat.example})"
