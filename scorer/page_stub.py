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
beside their message is a few links and a footer) **and** its title, one of its first two
lines or an HTML page's ``<title>`` (the title read may be its h1) is such a page's own heading
(an error code or "page not found", "Access denied", a bot check's "Just a moment" or
"Attention required", a consent wall's "Before you continue", a login wall's "Log in to
continue"), ending there or at a site name. A consent wall also needs
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
English, plus the error-page and bot-check headings of Spanish, Portuguese, French, German,
Italian, Dutch, Indonesian/Malay, Turkish, Polish, Russian, Ukrainian, Vietnamese, Swahili,
Japanese, Chinese and Korean pages ("Página no encontrada", "Seite nicht gefunden", Cloudflare's
"Un instant…"): such a page scored 91.1 "likely reliable" (with the ``not_english`` caveat).
Consent and login walls are read in English, German, French, Spanish, Portuguese, Italian and
Dutch (Google's "Bevor Sie zu Google weitergehen", "Nous utilisons des cookies", "Inicia sesión
para continuar").

A paywalled page that shows the story's first paragraph and "Subscribe to continue reading" is
not one of these: it holds part of an article, and its score describes that part.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

import lxml.etree

from .htmltext import parsed_page

MAX_WORDS = 150  # title and body: such pages hold their message, a few links and a footer
_HEAD_CHARS = 2000  # where the first two lines are looked for

# Each kind: a heading pattern, matched against the title and the body's first two lines
# (trafilatura keeps a page's h1 as the body's first line; the message may come under it).
_ERROR = re.compile(
    # An HTTP error code standing alone or with error words ("404", "Error 404", "404 - Not
    # Found", "500 Internal Server Error"); "404 migrants rescued" is a number in a headline.
    r"^\W*(?:(?:(?:error|erreur|fehler|errore|erro|fout|hata|b[łl][ąa]d|ошибка|помилка)\s*)?(?:40[034]|410|50[0234])(?:\s*[-–—:]?\s*(?:error|(?:page\s+)?not\s+found|forbidden"
    r"|internal\s+server\s+error|service\s+(?:temporarily\s+)?unavailable|bad\s+gateway|gateway\s+time-?out))?"
    r"|(?:oops\W+)?(?:sorry\W+)?(?:that\s+|this\s+|the\s+)?page\s+(?:you\s+(?:requested|are\s+looking\s+for)\s+)?"
    r"(?:(?:was\s+)?not\s+found|(?:can(?:no|['’])?t|could\s*n['’]t|could\s+not)\s+be\s+found"
    r"|(?:does\s+not|doesn['’]t)\s+exist|no\s+longer\s+exists|(?:is\s+)?not\s+available)"
    r"|(?:file\s+)?not\s+found\W*(?:$|[-–—|:])|nothing\s+(?:was\s+)?found\b|forbidden\W*$|access\s+denied"
    r"|(?:internal\s+)?server\s+error|service\s+(?:temporarily\s+)?unavailable|bad\s+gateway"
    r"|gateway\s+time-?out|(?:site\s+)?(?:is\s+)?(?:temporarily\s+)?(?:down|unavailable)\s+for\s+maintenance"
    r"|(?:this\s+)?account\s+has\s+been\s+suspended"
    # The same headings in the languages of widely crawled news sites (from the localised pages
    # of the same servers, CMSs and CDNs), after an optional "Oops!" or "Sorry," of that language.
    r"|(?:(?:ups|oups|hoppla|huch|vaya|lo\s+sentimos|d[ée]sol[ée]|entschuldigung|spiacenti|desculpe|opa)\W+)?(?:"
    r"p[áa]gina\s+no\s+encontrada|no\s+se\s+(?:ha\s+)?(?:podido\s+)?encontr(?:ó|ar)\s+la\s+p[áa]gina"
    r"|(?:la\s+)?p[áa]gina\s+(?:que\s+(?:buscas|busca|est[áa]s?\s+buscando)|solicitada)\s+no\s+existe"
    r"|p[áa]gina\s+n[ãa]o\s+encontrada|(?:a\s+)?p[áa]gina\s+(?:que\s+(?:voc[êe]\s+)?(?:procura|est[áa]\s+procurando)"
    r"|solicitada)\s+n[ãa]o\s+(?:existe|foi\s+encontrada)"
    r"|page\s+(?:non\s+trouv[ée]e|introuvable)|(?:cette|la)\s+page\s+(?:n['’]existe\s+pas|est\s+introuvable"
    r"|n['’]a\s+pas\s+(?:été|pu\s+être)\s+trouv[ée]e)"
    r"|(?:die\s+)?(?:angeforderte\s+|gesuchte\s+)?seite\s+(?:wurde\s+)?(?:nicht\s+gefunden|existiert\s+nicht)"
    r"|pagina\s+non\s+trovata|(?:la\s+)?pagina\s+(?:richiesta|che\s+stai\s+cercando)\s+non\s+esiste"
    r"|pagina\s+niet\s+gevonden|deze\s+pagina\s+bestaat\s+niet|halaman\s+tidak\s+(?:ditemukan|dijumpai)"
    r"|sayfa\s+bulunamad[ıi]|nie\s+znaleziono\s+strony|strona\s+nie\s+(?:zosta[łl]a\s+znaleziona|istnieje)"
    r"|страница\s+не\s+найдена|сторінк[уа]\s+не\s+знайдено|không\s+tìm\s+thấy\s+trang|ukurasa\s+haupatikani"
    r"|ページが見つかりません|(?:抱歉[，,]?\s*)?(?:您(?:所)?(?:访问|要找)的)?页面(?:不存在|未找到)|找不到(?:该|此)?页面"
    r"|페이지를\s*찾을\s*수\s*없습니다"
    r"|acceso\s+denegado|acesso\s+negado|acc[èe]s\s+(?:refus[ée]|interdit)|zugriff\s+verweigert|accesso\s+negato"
    r"|toegang\s+geweigerd|доступ\s+запрещ[её]н|error\s+interno\s+del\s+servidor|erreur\s+interne\s+du\s+serveur"
    r"|interner\s+serverfehler))"
    # ... and the heading ends there (a site name may follow): "Access denied: court rejects
    # appeal" and "Not found: the missing billions" are headlines.
    r"(?=[\W_]*$|\s*[-–—|(]|\s*[.!]+\s)", re.I)
_BOT_CHECK = re.compile(
    r"^\W*(?:just\s+a\s+moment\W*$|attention\s+required|please\s+wait\W*$|one\s+more\s+step\W*$"
    r"|checking\s+(?:if\s+the\s+site\s+connection\s+is\s+secure|your\s+browser)"
    r"|(?:please\s+)?verify\s+(?:that\s+)?you\s+are\s+(?:a\s+)?human|are\s+you\s+a\s+robot"
    r"|(?:please\s+)?enable\s+(?:javascript|cookies)(?:\s+and\s+(?:cookies|javascript))?\s+to\s+continue"
    r"|ddos\s+protection\s+by|security\s+check(?:\s+required)?\W*$|pardon\s+our\s+interruption"
    r"|access\s+to\s+this\s+page\s+has\s+been\s+denied|you\s+have\s+been\s+blocked"
    # Cloudflare's and other checks in the languages of widely crawled news sites
    r"|(?:un\s+instant|einen\s+moment(?:\s+bitte)?|un\s+momento|um\s+momento|een\s+ogenblik(?:\s+geduld)?"
    r"|bir\s+dakika(?:\s+l[üu]tfen)?|chwileczk[ęe]|один\s+момент|しばらくお待ちください|请稍候)\W*$"
    r"|v[ée]rification\s+(?:que\s+vous\s+[êe]tes\s+(?:un\s+)?humain|(?:de\s+)?(?:si\s+)?la\s+(?:connexion|s[ée]curit[ée]))"
    r"|(?:es\s+wird\s+)?(?:gepr[üu]ft|[üu]berpr[üu]fen?)\W+ob\s+(?:sie\s+ein\s+mensch\s+sind|die\s+verbindung)"
    r"|(?:verificando|comprobando|verifique)\s+(?:si\s+|que\s+)?(?:eres|es|usted\s+es)\s+(?:un\s+)?(?:ser\s+)?humano"
    r"|comprobando\s+si\s+la\s+conexi[óo]n|verificando\s+se\s+voc[êe]\s+[ée]\s+humano)", re.I)
_LOGIN = re.compile(
    r"^\W*(?:notice\W*)?(?:you\s+must\s+(?:be\s+)?(?:log(?:ged)?\s*in|sign(?:ed)?\s*in)"
    r"|(?:please\s+)?(?:log\s*in|sign\s*in)\s+to\s+(?:continue|view|read|access)"
    r"|(?:this\s+content\s+is\s+)?(?:for|available\s+to)\s+(?:members|subscribers)\s+only\W*$"
    # in Spanish, Portuguese, French, German, Italian, Dutch
    r"|(?:por\s+favor\s+)?inicia\s+sesi[óo]n\s+para\s+(?:continuar|ver|leer)|(?:fa[çc]a\s+login|entre)\s+para\s+continuar"
    r"|(?:veuillez\s+vous\s+connecter|connectez-vous)\s+pour\s+(?:continuer|lire|acc[ée]der)"
    r"|(?:bitte\s+)?(?:melden\s+sie\s+sich\s+an|anmelden)\W+(?:um\s+)?(?:weiterzulesen|fortzufahren)"
    r"|accedi\s+per\s+(?:continuare|leggere)|log\s+in\s+om\s+verder\s+te\s+(?:gaan|lezen))", re.I)
_CONSENT = re.compile(
    r"^\W*(?:before\s+you\s+continue|we\s+value\s+your\s+privacy|your\s+privacy\s+(?:choices|matters)"
    r"|(?:this\s+(?:site|website)\s+uses\s+)?cookies?\s+(?:consent|settings|preferences|notice)\W*$"
    r"|we\s+(?:use|care\s+about)\s+(?:cookies|your\s+privacy)"
    # in German, French, Spanish, Portuguese, Italian, Dutch (Google's and the common consent
    # platforms' own headings: "Bevor Sie zu Google weitergehen", "Nous utilisons des cookies")
    r"|bevor\s+sie\s+(?:zu\s+\w+\s+)?weitergehen|wir\s+(?:verwenden|nutzen)\s+cookies"
    r"|ihre\s+privatsph[äa]re(?:\s+ist\s+uns\s+wichtig)?\W*$|(?:cookie|datenschutz)-?einstellungen\W*$"
    r"|avant\s+d['’]acc[ée]der\s+[àa]|nous\s+utilisons\s+des\s+cookies|(?:param[èe]tres|gestion)\s+des\s+cookies\W*$"
    r"|(?:le\s+)?respect\s+de\s+votre\s+vie\s+priv[ée]e|antes\s+de\s+(?:ir\s+a\s+\w+|continuar)\W*$"
    r"|(?:utilizamos|usamos)\s+cookies|(?:tu|su|a\s+sua)\s+privacidad(?:e)?\s+(?:es|[ée])\s+importante"
    r"|(?:configuraci[óo]n|configura[çc][õo]es)\s+de\s+cookies\W*$|valoramos\s+tu\s+privacidad"
    r"|prima\s+di\s+continuare\W*$|utilizziamo\s+(?:i\s+)?cookie|(?:la\s+tua\s+privacy\s+[èe]\s+importante)"
    r"|voordat\s+je\s+verdergaat|wij\s+gebruiken\s+cookies)", re.I)
_CONSENT_WORDS = re.compile(r"\b(?:cookies?|consent|privacy|partners|personali[sz]ed|accept\s+all|reject\s+all"
                            r"|your\s+(?:data|choices|settings|preferences)"
                            # the same words in the languages _CONSENT reads
                            r"|einwilligung|zustimmung|datenschutz\w*|partner[n]?|akzeptieren|ablehnen|personalisiert\w*"
                            r"|consentement|confidentialit[ée]|vie\s+priv[ée]e|accepter|refuser|partenaires|personnalis[ée]\w*"
                            r"|consentimiento|consentimento|privacidad|privacidade|aceptar|rechazar|aceitar|rejeitar|socios"
                            r"|parceiros|personalizad[oa]s?|consenso|accetta|rifiuta|personalizzat[oi]|toestemming"
                            r"|accepteren|weigeren|gepersonaliseerde)\b", re.I)
_SENTENCE_RE = re.compile(r"[^.!?\n]*[A-Za-z][^.!?\n]*")
CONSENT_SHARE = 0.5  # of the body's sentences that speak of cookies, consent, privacy, partners

KINDS = (("error_page", "an error page", _ERROR), ("bot_check", "a bot check", _BOT_CHECK),
         ("login_wall", "a login wall", _LOGIN), ("consent_wall", "a consent wall", _CONSENT))


@dataclass(frozen=True)
class Stub:
    kind: str  # error_page, bot_check, login_wall, consent_wall
    what: str  # "an error page", ...
    cue: str  # the heading that decided it, as written
    where: str  # "title", "first line", "second line" or "page title" (an HTML page's <title>)

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


def html_title(html: Optional[str]) -> Optional[str]:
    """The text of an HTML page's ``<title>`` element, whitespace collapsed; None without one.
    Read from the page's one shared parse (:func:`scorer.htmltext.parsed_page`: ingestion has
    parsed it already). The title read for the report may be the page's h1 instead: a Cloudflare
    check's h1 is the site's address, its ``<title>`` "Just a moment..." or "Un instant…"."""
    if not html:
        return None
    try:
        node = parsed_page(html).find(".//title")
    except (lxml.etree.ParserError, ValueError):  # as visible_text: no tree, no title
        return None
    if node is None:
        return None
    return " ".join(node.text_content().split()) or None


def detect(title: Optional[str], body: str, html: Optional[str] = None) -> Optional[Stub]:
    """The kind of non-article page ``title`` and ``body`` make, or None (see the module doc).
    ``html``: an HTML page's source, whose ``<title>`` (:func:`html_title`) is read as a heading
    too, for a short page whose other headings named nothing (an article's page is not read
    again). The headings are matched first (a few short strings), so an article costs a few
    regex matches, not a count of its words."""
    places = [("title", (title or "").strip())] + [(where, line) for where, line in
                                                   zip(("first line", "second line"), _first_lines(body))]
    stub = _stub(places, title, body)
    if stub is None and html and _short(title, body):
        page_title = html_title(html)
        if page_title and page_title != (title or "").strip():
            stub = _stub([("page title", page_title)], title, body)
    return stub


def _short(title: Optional[str], body: str) -> bool:
    """Under :data:`MAX_WORDS` words, title included: what such a page holds."""
    return len(body[:MAX_WORDS * 60].split()) + len((title or "").split()) < MAX_WORDS


def _stub(places: list[tuple[str, str]], title: Optional[str], body: str) -> Optional[Stub]:
    """The first kind whose heading one of ``places`` is, on a short page (a consent wall's
    body also about consent), or None."""
    for kind, what, pattern in KINDS:
        for where, text in places:
            if text and pattern.match(text):
                if not _short(title, body):
                    return None  # a long text under such a heading: an article
                if kind == "consent_wall" and not _about_consent(body):
                    continue
                return Stub(kind, what, text, where)
    return None
