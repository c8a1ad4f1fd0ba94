"""The ``Article`` value every extractor reads. Loaders live in :mod:`scorer.ingest`."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from typing import Any, Optional

from .text import Span


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (or list item / heading line) as a span of ``Article.body``."""

    start: int
    end: int

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True)
class Article:
    """One article, decoded and normalised (NFC, HTML entities unescaped).

    Every character offset anywhere in spinscore (paragraphs, evidence) indexes ``body``.

    ``content`` is ``body`` with the spans that the boilerplate extractor judged to be page
    furniture blanked out (replaced by spaces, newlines kept), so it has the same length and
    offsets as ``body``; in an English article, the stretches in another language are blanked
    too (``mixed_language``, :func:`scorer.ingest._not_english`). Extractors that measure the writing read ``content``; extractors that
    need everything (citations read reference lists) read ``body``.
    """

    body: str
    title: str | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    source_format: str = "text"  # text | markdown | html | wordpress_json | json
    encoding: str = "utf-8"
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known: the FIRST publication
    # The page's last update (YYYY-MM-DD) where it declares one that is credible
    # (:func:`credible_update`); ``meta["update_declared"]`` says whether the page also says so
    # to its reader (an "Updated ..." line, a live blog). Only the future-dated check reads it.
    date_modified: str | None = None
    url: str | None = None
    language: str | None = None  # ISO 639-1 from langdetect; None when undetermined
    language_confidence: float = 0.0
    page_text: str | None = None  # HTML only: all visible text of the page (template included)
    html: str | None = None  # HTML only: the markup, for page-structure features
    path: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    content: str = ""  # see class docstring; filled from body when left empty

    def __post_init__(self) -> None:
        if not self.content:
            object.__setattr__(self, "content", self.body)

    @property
    def is_english(self) -> bool:
        return self.language == "en"

    def paragraph_text(self, p: Paragraph) -> str:
        return self.body[p.start:p.end]

    def without(self, spans: list[Span]) -> "Article":
        """A copy whose ``content`` has ``spans`` blanked (offsets unchanged)."""
        if not spans:
            return self
        chars = list(self.content)
        for s, e in spans:
            s, e = max(0, s), min(len(chars), e)
            if s < e:  # the span's characters, newlines kept, the rest spaces: one slice each
                chars[s:e] = "\n".join(" " * len(part) for part in "".join(chars[s:e]).split("\n"))
        return replace(self, content="".join(chars))

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "source_format": self.source_format,
            "encoding": self.encoding,
            "published": self.published,
            "date_modified": self.date_modified,
            "url": self.url,
            "language": self.language,
            "language_confidence": self.language_confidence,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "path": self.path,
        }


# Two dates of one moment may be a day apart in two time zones (a page's local date, a news
# API's UTC one, a capture's): the slack every comparison of such dates allows.
ZONE_SLACK = timedelta(days=1)


def today() -> date:
    """The UTC day of the run (the one thing :func:`credible_update` reads from the clock)."""
    return datetime.now(timezone.utc).date()


def credible_update(published: Optional[str], modified: Optional[str], captured: Optional[str] = None,
                    ) -> Optional[str]:
    """``modified`` (YYYY-MM-DD), the date a page says it was last updated, when it can be true;
    else None. A content farm can write any update date, and one that passed would excuse every
    reference "dated after the article", so: an update before the page's first publication, after
    its capture (a web archive record's fetch date) or after the day of the run (each with a
    day's slack for time zones) is not credible and is ignored. The bound by the day of the run
    is the one place a row depends on when it is scored: a page claiming an update still to come
    gets none today and that date once it has passed (a claim no honest page makes)."""
    if not modified:
        return None
    if published and modified < published:
        return None
    latest = today() + ZONE_SLACK
    if captured:
        try:
            latest = min(latest, date.fromisoformat(captured[:10]) + ZONE_SLACK)
        except ValueError:
            pass
    return None if modified > latest.isoformat() else modified


def with_known(article: Article, *, title: Optional[str] = None, date: Optional[str] = None,
               url: Optional[str] = None, captured: Optional[str] = None) -> Article:
    """``article`` with the metadata a record gave alongside its text: a web archive record's
    URL and fetch date (:func:`scorer.warc.score_page`), a table's title/date/URL columns
    (:mod:`scorer.spark`). The URL and the title of the record win (where it was served, what it
    was called: the title read off a plain text's first line is a guess); the text's own date
    wins over the record's (a page's date is the article's; a fetch or a dataset's may be later).
    ``captured``: the day the page was fetched (a WARC record's date), after which no update can
    have been made (:func:`credible_update`)."""
    published = article.published or date
    return replace(article, title=title or article.title, url=url or article.url, published=published,
                   date_modified=credible_update(published, article.date_modified, captured))
