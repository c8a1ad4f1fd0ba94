"""Pages a crawler got instead of the article: error pages, bot checks, consent and login walls.

A crawl of news sites holds many of them: a soft 404 ("Oops! That page can't be found"), a
bot check ("Just a moment... Checking if the site connection is secure"), a consent wall
("Before you continue ... Accept all"), a login wall ("You must log in to continue"). Scored as
articles they got verdicts about no article: a soft-404 page 92.9 "likely reliable", a
Cloudflare check 74.7 "mixed", a consent wall 13.5 "likely unreliable". A triage that ranks
sites by their pages' scores was then ranking them by their error pages.

:func:`detect` names such a page, and ingestion turns it into an error row (``no_text``), as it
does a redirect page: there is no article to score, and a re-fetch is what the user needs. The
row's message quotes the words that decided it.

When: the page is short (under :data:`MAX_WORDS` words, title included: what these pages hold
beside their message is a few links and a footer) **and** its title, or one of its first two
lines, is such a page's own heading (an error code or "page not found", "Access denied", a bot
check's "Just a moment" or "Attention required", a consent wall's "Before you continue", a
login wall's "Log in to continue"), ending there or at a site name. A consent wall also needs
half its sentences or more to speak of cookies, consent or privacy (an article with a cookie
banner on top has one such line). The heading is required because an article may quote any of
these phrases ("users saw 'Access denied'"); the words are a page's fixed headings, not a topic
("404 migrants rescued" and "Access denied: court rejects appeal" are headlines). A short
article under such a heading would not be told apart.

Checked on the corpora (``tests/test_page_stub.py``, where present): of the 4,931 corpus texts,
the only ones taken for such pages are three stubs scraped as articles, each under 20 words
("This Account has been suspended. Contact your hosting provider…", "NoticeYou must log in to
continue.", and a copy of the first with a reference marker); of the 181 real news pages, none.
The phrases are ours, written from the pages of common servers, CDNs, themes and consent
platforms (nginx, Apache, Cloudflare, WordPress); they are not fitted to any data. They are
English: a site's own error page in another language ("Página no encontrada") is scored as before.

A paywalled page that shows the story's first paragraph and "Subscribe to continue reading" is
not one of these: it holds part of an article, and its score describes that part.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

MAX_WORDS = 150  # title and body: such pages hold their message, a few links and a footer
_HEAD_CHARS = 2000  # where the first two lines are looked for

# Each kind: a heading pattern, matched against the title and the body's first two lines
# (trafilatura keeps a page's h1 as the body's first line; the message may come under it).
_ERROR = re.compile(
    # An HTTP error code standing alone or with error words ("404", "Error 404", "404 - Not
    # Found", "500 Internal Server Error"); "404 migrants rescued" is a number in a headline.
    r"^\W*(?:(?:error\s*)?(?:40[034]|410|50[0234])(?:\s*[-–—:]?\s*(?:error|(?:page\s+)?not\s+found|forbidden"
    r"|internal\s+server\s+error|service\s+(?:temporarily\s+)?unavailable|bad\s+gateway|gateway\s+time-?out))?"
    r"|(?:oops\W+)?(?:sorry\W+)?(?:that\s+|this\s+|the\s+)?page\s+(?:you\s+(?:requested|are\s+looking\s+for)\s+)?"
    r"(?:(?:was\s+)?not\s+found|(?:can(?:no|['’])?t|could\s*n['’]t|could\s+not)\s+be\s+found"
    r"|(?:does\s+not|doesn['’]t)\s+exist|no\s+longer\s+exists|(?:is\s+)?not\s+available)"
    r"|(?:file\s+)?not\s+found\W*(?:$|[-–—|:])|nothing\s+(?:was\s+)?found\b|forbidden\W*$|access\s+denied"
    r"|(?:internal\s+)?server\s+error|service\s+(?:temporarily\s+)?unavailable|bad\s+gateway"
    r"|gateway\s+time-?out|(?:site\s+)?(?:is\s+)?(?:temporarily\s+)?(?:down|unavailable)\s+for\s+maintenance"
    r"|(?:this\s+)?account\s+has\s+been\s+suspended)"
    # ... and the heading ends there (a site name may follow): "Access denied: court rejects
    # appeal" and "Not found: the missing billions" are headlines.
    r"(?=[\W_]*$|\s*[-–—|(]|\s*[.!]+\s)", re.I)
_BOT_CHECK = re.compile(
    r"^\W*(?:just\s+a\s+moment\W*$|attention\s+required|please\s+wait\W*$|one\s+more\s+step\W*$"
    r"|checking\s+(?:if\s+the\s+site\s+connection\s+is\s+secure|your\s+browser)"
    r"|(?:please\s+)?verify\s+(?:that\s+)?you\s+are\s+(?:a\s+)?human|are\s+you\s+a\s+robot"
    r"|(?:please\s+)?enable\s+(?:javascript|cookies)(?:\s+and\s+(?:cookies|javascript))?\s+to\s+continue"
    r"|ddos\s+protection\s+by|security\s+check(?:\s+required)?\W*$|pardon\s+our\s+interruption"
    r"|access\s+to\s+this\s+page\s+has\s+been\s+denied|you\s+have\s+been\s+blocked)", re.I)
_LOGIN = re.compile(
    r"^\W*(?:notice\W*)?(?:you\s+must\s+(?:be\s+)?(?:log(?:ged)?\s*in|sign(?:ed)?\s*in)"
    r"|(?:please\s+)?(?:log\s*in|sign\s*in)\s+to\s+(?:continue|view|read|access)"
    r"|(?:this\s+content\s+is\s+)?(?:for|available\s+to)\s+(?:members|subscribers)\s+only\W*$)", re.I)
_CONSENT = re.compile(
    r"^\W*(?:before\s+you\s+continue|we\s+value\s+your\s+privacy|your\s+privacy\s+(?:choices|matters)"
    r"|(?:this\s+(?:site|website)\s+uses\s+)?cookies?\s+(?:consent|settings|preferences|notice)\W*$"
    r"|we\s+(?:use|care\s+about)\s+(?:cookies|your\s+privacy))", re.I)
_CONSENT_WORDS = re.compile(r"\b(?:cookies?|consent|privacy|partners|personali[sz]ed|accept\s+all|reject\s+all"
                            r"|your\s+(?:data|choices|settings|preferences))\b", re.I)
_SENTENCE_RE = re.compile(r"[^.!?\n]*[A-Za-z][^.!?\n]*")
CONSENT_SHARE = 0.5  # of the body's sentences that speak of cookies, consent, privacy, partners

KINDS = (("error_page", "an error page", _ERROR), ("bot_check", "a bot check", _BOT_CHECK),
         ("login_wall", "a login wall", _LOGIN), ("consent_wall", "a consent wall", _CONSENT))


@dataclass(frozen=True)
class Stub:
    kind: str  # error_page, bot_check, login_wall, consent_wall
    what: str  # "an error page", ...
    cue: str  # the heading that decided it, as written
    where: str  # "title", "first line" or "second line"

    def message(self) -> str:
        return f"{self.what} (its {self.where}: '{self.cue[:120]}'), not an article: nothing to score"


def _first_lines(body: str, n: int = 2) -> list[str]:
    """The first ``n`` non-blank lines of ``body``, stripped: a page's heading may come second,
    under its host name (a Cloudflare check's h1 is the site's address)."""
    out: list[str] = []
    for line in body[:_HEAD_CHARS].split("\n"):  # not the whole body: two lines are read
        if line.strip():
            out.append(line.strip())
            if len(out) == n:
                break
    return out


def _about_consent(body: str) -> bool:
    """Whether most of ``body``'s sentences speak of cookies and consent: a consent wall is that
    dialog and nothing else, where an article scraped with a cookie banner on top ("Cookie
    settings", "We use cookies ...") has one such line (a corpus article of 137 words had)."""
    sentences = _SENTENCE_RE.findall(body)
    about = sum(1 for x in sentences if _CONSENT_WORDS.search(x))
    return bool(sentences) and about >= CONSENT_SHARE * len(sentences)


def detect(title: Optional[str], body: str) -> Optional[Stub]:
    """The kind of non-article page ``title`` and ``body`` make, or None (see the module doc).
    The headings are matched first (three short strings), so an article costs a few regex
    matches, not a count of its words."""
    places = [("title", (title or "").strip())] + [(where, line) for where, line in
                                                   zip(("first line", "second line"), _first_lines(body))]
    for kind, what, pattern in KINDS:
        for where, text in places:
            if text and pattern.match(text):
                if len(body[:MAX_WORDS * 60].split()) + len((title or "").split()) >= MAX_WORDS:
                    return None  # a long text under such a heading: an article
                if kind == "consent_wall" and not _about_consent(body):
                    continue
                return Stub(kind, what, text, where)
    return None
