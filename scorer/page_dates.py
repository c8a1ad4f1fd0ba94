"""Dates of an article: the spellings feeds, JSON and pages use, and which of a page's dates is
the article's.

:func:`iso_date` reads the date spellings of feeds, JSON and scrapers. The rest decides which
date htmldate found on an HTML page is the article's (ingestion asks, :mod:`scorer.ingest`): a
bare year read as its 1 January is none (:func:`year_only`); a date written nowhere in the
article and given by no markup came from off the story, a sidebar (:func:`off_the_story`), and
gives way to the date of a byline or date line by the story (:func:`dateline`); a date found
only in the free text of a page that cites later URLs does not bound the citations
(:func:`date_from_text`). An "Updated ..." line gives the page's update (:func:`update_line`).
"""
from __future__ import annotations

import email.utils
import re
from datetime import date, datetime, timezone
from typing import Any

# The zero dates of Unix time (and of it shown west of Greenwich), Go/.NET (year 1), FAT
# (1980), SQL Server and spreadsheets (1900, 1899-12-30/31): what a CMS or scraper writes for
# "no date". Read as the article's date, every dated URL it cites was "after the article".
_PLACEHOLDER_DATES = frozenset({"1969-12-31", "1970-01-01", "1980-01-01", "1899-12-30",
                                "1899-12-31", "1900-01-01"})


def _real_date(day: str) -> str | None:
    """``day`` (ISO), or None when it is a placeholder for "no date"."""
    return None if day in _PLACEHOLDER_DATES or day < "1000" else day


def iso_date(value: Any) -> str | None:
    """YYYY-MM-DD from the common date spellings found in feeds and JSON, or of a date or
    datetime (a table's date column); None otherwise, and for a placeholder zero date
    (1970-01-01, 0001-01-01, ...)."""
    day = _iso_day(value)
    return _real_date(day) if day else None


def _iso_day(value: Any) -> str | None:
    if isinstance(value, date):  # a datetime too: its own day, as written
        return value.isoformat()[:10]
    if not value or not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return None
    s = str(value).strip()
    if isinstance(value, (int, float)) or s.isdigit():
        return _epoch_date(float(s) if s.isdigit() else value)
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:  # RFC 2822, as in RSS: "Fri, 13 Jun 2025 01:34:00 GMT"
        return email.utils.parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    # As scrapers copy a byline's date: "Tuesday, June 10th, 2025", "10 Jun 2025", "June 10 2025".
    s = re.sub(r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+", "", s, flags=re.I)
    s = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", s)
    for fmt in ("%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%Y/%m/%d", "%d.%m.%Y", "%d %b %Y", "%B %d %Y",
                "%b %d %Y"):
        try:
            return datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            continue
    return None


# A Unix time in seconds, or in milliseconds (JavaScript's Date.now(), many news APIs): the
# ranges are 1973-2286 both, and do not overlap, so a number is read as whichever it falls in.
_EPOCH_SECONDS = (1e8, 1e10)
_EPOCH_MILLIS = (1e11, 1e13)


def _epoch_date(value: float) -> str | None:
    """The UTC day of a Unix time in seconds or milliseconds; None for any other number (a year,
    an id, YYYYMMDD), which no date spelling read it as before either."""
    if _EPOCH_MILLIS[0] <= value < _EPOCH_MILLIS[1]:
        value /= 1000
    elif not _EPOCH_SECONDS[0] <= value < _EPOCH_SECONDS[1]:
        return None
    return datetime.fromtimestamp(value, tz=timezone.utc).date().isoformat()


# "Updated June 12, 2025", "Last updated: 12 Jun. 2025 14:05 BST", "Published June 10, 2025 |
# Updated June 12, 2025": a line (or a byline's part after a separator) that opens with the word.
_MONTH_DAY = r"[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:st|nd|rd|th)?,?[ \t]+\d{4}"
_DAY_MONTH = r"\d{1,2}(?:st|nd|rd|th)?[ \t]+[A-Z][a-z]{2,8}\.?,?[ \t]+\d{4}"
_UPDATED_RE = re.compile(
    r"(?:^|[|•·—–][ \t]*)[ \t*_]*(?:last[ \t]+)?updated(?:[ \t]+on)?[ \t]*:?[ \t]*"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?[ \t]+)?"
    rf"(\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH_DAY}|{_DAY_MONTH})(?!\d)", re.I | re.M)
UPDATE_LINE_CHARS = 500  # how far into the article (or above it, on a page) the line is looked for


def update_line(text: str) -> str | None:
    """The date of an "Updated ..." line in ``text`` (YYYY-MM-DD), or None."""
    for m in _UPDATED_RE.finditer(text):
        day = iso_date(re.sub(r"(?<=[A-Za-z])\.|,(?=[ \t]+\d{4})", "", m[1]))  # "Jun. 12, 2025": "Jun 12 2025"
        if day:
            return day
    return None


def above_the_story(page_text: str | None, body: str) -> str:
    """The last stretch of a page's visible text before its article body starts (the title,
    byline and date lines a page shows above the story), or "" when the body is not found."""
    first = body.lstrip().split("\n", 1)[0][:80].strip()
    at = page_text.find(first) if page_text and len(first) >= 20 else -1
    return page_text[max(0, at - 2 * UPDATE_LINE_CHARS):at] if at > 0 else ""


def date_from_text(body: str, day: str | None, structured, fast: bool) -> bool:
    """True when the page's date ``day`` came only from htmldate's search of the page's free text
    and the body cites a URL dated after it: a date read off the earliest cited URL, a sidebar
    or a copyright year made the later references "after the article" (a risk floor of 0.8).
    The check runs htmldate again (~2 ms), so only for such pages."""
    from .features.citations_urls import find_urls, parse_url

    if fast or not day:  # fast mode has no free-text search
        return False
    later = any((d := parse_url(u).date) is not None and d.day.isoformat() > day for _, _, u in find_urls(body))
    return later and structured() is None


def year_only(page_text: str, day: str | None, structured, fast: bool) -> bool:
    """True when the page's date ``day`` is a bare year that htmldate's search of the free text
    made the 1 January of: its last resorts are the copyright year ("(c) 2024") and any 4-digit
    year on the page (prose "since 1995", a tag link's text "1995"), each read as YYYY-01-01. Such
    a date is not the article's (the earliest date names a copy cluster's original: a 2024 story
    would pass for the 1995 original). Kept when the page's metadata or structure gives that day,
    or its text writes that day out ("1 January 2024", "Jan. 1, 2024", "2024-01-01",
    "01/01/2024"); the check runs htmldate again (~2 ms), so only for pages dated a 1 January."""
    if fast or not day or not day.endswith("-01-01"):  # fast mode has no free-text search
        return False
    y = day[:4]
    written = re.search(rf"(?<!\d){y}[-/.]0?1[-/.]0?1(?!\d)|(?<!\d)0?1[-/.]0?1[-/.]{y}(?!\d)"
                        rf"|\b0?1(?:st)?\.?\s+jan(?:uary|\.)?,?\s+{y}(?!\d)"
                        rf"|\bjan(?:uary|\.)?\s+0?1(?:st)?\b,?\s+{y}(?!\d)", page_text, re.I)
    return written is None and structured() != day


# Month names as pages write them in the languages htmldate reads most (English, German,
# French, Spanish, Italian, Portuguese, Dutch, Russian genitive): a German page's byline
# "publiziert am 25. September 2018" or "30. Juli 2018" is its date written out.
_MONTHS = (
    "jan(?:uary|uar|vier|eiro|uari)?|janv|enero|gennaio|января",
    "feb(?:ruary|ruar|rero|braio|ruari)?|févr(?:ier)?|fevr(?:ier)?|fevereiro|февраля",
    "mar(?:ch|zo|ço|s)?|märz|maart|марта",
    "apr(?:il|ile)?|avr(?:il)?|abr(?:il)?|апреля",
    "may|mai|mayo|maggio|maio|mei|мая",
    "june?|juni|juin|junio|giugno|junho|июня",
    "july?|juli|juil(?:let)?|julio|luglio|julho|июля",
    "aug(?:ust|ustus)?|août|aout|agosto|августа",
    "sep(?:t(?:ember|embre|iembre)?)?|setiembre|settembre|setembro|сентября",
    "oct(?:ober|obre|ubre)?|okt(?:ober)?|ottobre|outubro|октября",
    "nov(?:ember|embre|iembre)?|novembro|ноября",
    "dec(?:ember|embre)?|dez(?:ember|embro)?|déc(?:embre)?|dic(?:iembre|embre)?|декабря",
)


def date_written(text: str, day: str) -> bool:
    """Whether ``text`` writes the date ``day`` (YYYY-MM-DD) out: "2019-03-03", "2019/3/3",
    "03.03.2019", "3/3/19" (day or month first), "March 3, 2019", "Mar. 3rd 2019", "3 March
    2019", "3rd of March, 2019", "3. März 2019", "3 de marzo de 2019", "2019年3月3日"."""
    y, m, d = day[:4], int(day[5:7]), int(day[8:10])
    if y[2:] not in text:  # every form writes the year, at least its last two digits
        return False
    mon = f"(?:{_MONTHS[m - 1]})"
    num = (rf"(?<!\d){y}[-/.]0?{m}[-/.]0?{d}(?!\d)"
           rf"|(?<!\d)0?{d}[-/.]\s?0?{m}[-/.]\s?(?:{y}|{y[2:]})(?!\d)|(?<!\d)0?{m}[-/.]0?{d}[-/.](?:{y}|{y[2:]})(?!\d)"
           rf"|{y}\s*[年년]\s*0?{m}\s*[月월]\s*0?{d}(?!\d)")
    words = (rf"(?<!\w){mon}\.?\s+0?{d}(?:st|nd|rd|th)?,?\s+{y}(?!\d)"
             rf"|(?<!\d)0?{d}(?:st|nd|rd|th|er|º|\.)?\s+(?:of\s+|de\s+)?{mon}\.?,?\s+(?:de\s+)?{y}(?!\d)")
    return re.search(f"{num}|{words}", text, re.I) is not None


def off_the_story(page_text: str, title: str | None, body: str, day: str | None, structured, fast: bool) -> bool:
    """True when the page's date ``day`` is written nowhere in the article (its title, the lines
    above the story, its body) and the page's markup does not give it either (``structured()``:
    meta tags, JSON-LD, the URL, time elements): htmldate's search of the free text took it from
    elsewhere on the page, a sidebar's "Most read" list, a related story, a comment. A farm copy
    of a 2025 story was dated 2019-03-03 by its sidebar, so a copy cluster took it for the
    original of a story published six years later. Such a date is replaced by the date of a
    byline or date line by the story (:func:`dateline`), or dropped (the page is undated).
    Kept: a date the article area writes out in any common form, or the markup gives
    (checked only for pages whose article area does not write it: one more htmldate pass,
    ~1-2 ms). Not caught: a date written only below the story with no markup (dropped too)."""
    if fast or not day:  # fast mode has no free-text search
        return False
    area = "\n".join((title or "", above_the_story(page_text, body), body))
    return not date_written(area, day) and structured() != day


_DATELINE_WORDS = 12  # a byline or date line is short; a longer line is prose (its dates are events)


def dateline(page_text: str, body: str) -> str | None:
    """The date of a short byline or date line next to the story ("By Ana Ruiz | June 10, 2025",
    "Tuesday 10 June 2025 09.00 BST"), read by htmldate's own date parser; None when there is
    none. Asked only for a page whose htmldate date came from off the story (a sidebar): its
    free-text search takes some date on the page, not the one by the headline. Looked for in
    the body's first lines, then in the last lines above the story, nearest first (a site's bar
    with today's date sits further up); never in an "Updated ..." line (that is the update)."""
    from htmldate.extractors import try_date_expr
    from htmldate.validators import get_max_date, get_min_date

    from .page_meta import LATEST_PAGE_DATE

    head = [ln.strip() for ln in body[:UPDATE_LINE_CHARS].split("\n")[:5]]
    above = [ln.strip() for ln in above_the_story(page_text, body).split("\n") if ln.strip()][-4:]
    lo, hi = get_min_date(None), get_max_date(LATEST_PAGE_DATE)
    for line in head + above[::-1]:
        if line and len(line.split()) <= _DATELINE_WORDS and not _UPDATED_RE.search(line):
            day = iso_date(try_date_expr(line, "%Y-%m-%d", True, lo, hi))  # None: a placeholder date
            if day:
                return day
    return None
