"""Surface artifacts of machine translation: spacing and the casing of names.

Each detector returns ``Hit`` records (span in the text, kind, reason); the extractor turns
them into rates and evidence. All regexes are linear: single character classes, no nested
quantifiers, so a 1 MB line of one repeated character cannot make them backtrack.

Why these are machine fingerprints, not "unusual English": a human typing "$100" never puts a
space after the sign, and no publisher writes "Openai". MT systems re-tokenise ("$ 100",
"AI -team" from a source-language compound) and lose mid-word capitals when they translate a
brand name as if it were a word. Newsrooms anywhere, native or not, copy brand names as the
brand writes them.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import compress, repeat
from operator import itemgetter, not_, or_

from .mt_words import CANONICAL, canonical_casing, zipf


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    kind: str
    reason: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "kind": self.kind, "reason": self.reason}


# --- spacing ---------------------------------------------------------------------------------
# Each pattern starts with the character(s) it is about and checks what precedes them with a
# lookbehind placed after them: "(?<=L)X" and "X(?<=LX)" match the same spans, but a pattern
# that opens with a literal or a character set lets the regex engine skip ahead to candidate
# positions instead of trying every position of the text.
# "$ 100", "€ 5", "£ 3.2bn": a space (not a line break) between a currency sign and digits.
_CURRENCY_RE = re.compile(r"[$€£¥₹](?<![A-Za-z][$€£¥₹]) (?=\d)")
# "5 %": a space before the percent sign. Some style guides (ISO, French) allow it; English
# newsrooms do not, and this family is English-only.
_PERCENT_RE = re.compile(r" %(?<=\d %)")
# "AI -team", "fire -power": a letter, a space, a hyphen glued to the next word. A dash used as
# a dash has spaces on both sides ("AI - team") or is a real dash character.
_HYPHEN_SPACE_RE = re.compile(r" -(?<=[^\W\d_] -)(?=[^\W\d_])")
# "Meta- people": hyphen glued to the left word and a space after, except suspended compounds
# ("pre- and post-war", "short- to medium-term", "first- or second-hand").
_HYPHEN_TRAIL_RE = re.compile(r"- (?<=[^\W\d_]- )(?!(?:and|or|to|and/or|nor|as well as|&)\b)(?=[^\W\d_])")
# "word ," / "word ;" — space before a comma or semicolon. "." is left out (tokenised wire
# copy ends lines with " ." in native sources too), as are "?", "!" and ":" (dialogue, French
# quotes, some headline styles).
_SPACE_PUNCT_RE = re.compile(r" [,;](?<=[^\W\d_] [,;])(?=[ \n]|$)")
# "Meta ’s", "Meta' s": a possessive broken around the apostrophe.
_APOS_RE = re.compile(r"(?: ['’]s(?<=[^\W\d_] ['’]s)|['’] s(?<=[^\W\d_]['’] s))\b")


def spacing_hits(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for m in _CURRENCY_RE.finditer(text):
        end = m.end()
        while end < len(text) and end - m.end() < 20 and (text[end].isdigit() or text[end] in ".,"):
            end += 1
        hits.append(Hit(m.start(), end, "currency_space",
                        "space between a currency sign and its amount (MT re-tokenisation)"))
    for m in _PERCENT_RE.finditer(text):
        hits.append(Hit(m.start(), m.end(), "percent_space", "space before a percent sign"))
    for rx, kind, why in (
        (_HYPHEN_SPACE_RE, "hyphen_space", "space before the hyphen of a compound"),
        (_HYPHEN_TRAIL_RE, "hyphen_space", "space after the hyphen of a compound"),
    ):
        for m in rx.finditer(text):
            s, e = _word_around(text, m.start(), m.end())
            hits.append(Hit(s, e, kind, why))
    for m in _SPACE_PUNCT_RE.finditer(text):
        s, _ = _word_around(text, m.start(), m.start())
        hits.append(Hit(s, m.end(), "space_before_punct", "space before punctuation"))
    for m in _APOS_RE.finditer(text):
        s, _ = _word_around(text, m.start(), m.start())
        hits.append(Hit(s, m.end(), "broken_apostrophe", "possessive split around the apostrophe"))
    hits.sort(key=lambda h: h.start)
    return hits


def _word_around(text: str, s: int, e: int, limit: int = 30) -> tuple[int, int]:
    """Extend [s, e) to the neighbouring words so the evidence reads as "AI -team"."""
    a = s
    while a > 0 and s - a < limit and (text[a - 1].isalnum() or text[a - 1] in "'’"):
        a -= 1
    b = e
    while b < len(text) and b - e < limit and text[b].isalnum():
        b += 1
    return a, b


# --- casing of names -------------------------------------------------------------------------
_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")
_ALLCAPS_LINE_MIN = 0.6  # a line mostly in capitals is a shouted headline: ignore its casing
_LOWER_BY_FREQUENCY = "etaoinsrhldcumfpgwybvkxjqz"
_AFTER_FIRST = itemgetter(slice(1, None))  # tok[1:]
_CANONICAL_KEYS = frozenset(CANONICAL)


def _in_url_or_handle(text: str, s: int, e: int) -> bool:
    before = text[s - 1] if s else " "
    after = text[e] if e < len(text) else " "
    return before in "@#/.:_\\" or after in "/@_" or (after == "." and e + 1 < len(text) and text[e + 1].isalnum())


def _allcaps_lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        if not _mostly_ascii_lower(line):
            n_letters = sum(map(str.isalpha, line))
            # Upper-case letters are at most the letters that are not lower case: most lines
            # fail that bound, and the exact count (a Python loop) runs only for the rest.
            if n_letters >= 8 and n_letters - sum(map(str.islower, line)) >= _ALLCAPS_LINE_MIN * n_letters:
                if sum(1 for c in line if c.isalpha() and c.isupper()) / n_letters >= _ALLCAPS_LINE_MIN:
                    out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _mostly_ascii_lower(line: str) -> bool:
    """True when ``line`` cannot be shouted, from a few ``str.count`` calls (C speed) instead of
    a call per character: a shouted line has at most 40% of its letters, so at most 40% of its
    characters, in lower case, and "a"-"z" are all lower case. Letters are counted in English
    frequency order and the count stops as soon as the bound is passed (prose: after 5 or 6).
    The bound keeps one letter of slack so that float rounding in the exact test cannot matter."""
    bound = 4 * len(line) + 10
    n = 0
    for ch in _LOWER_BY_FREQUENCY:
        n += line.count(ch)
        if 10 * n > bound:
            return True
    return False


def _has_inner_capital(tok: str) -> bool:
    """Camel case ("DeepSeek", "iPhone"): a capital right after a letter. "Warm-Up" is not."""
    rest = tok[1:]
    if rest.islower() or tok.isupper():  # the common cases ("Meta", "said", "AI"), without a loop
        return False
    return any(c.isupper() and tok[i].isalpha() for i, c in enumerate(rest)) and any(c.islower() for c in tok)


def casing_hits(text: str) -> list[Hit]:
    """Names in a casing no publisher uses, by table and by two general rules.

    1. Table: a compact list of brands/acronyms with their canonical casing (``mt_words``).
    2. Same name, two casings in one article: "DeepSeek" ... "Deepseek", "AI" ... "Ai".
       The Title-case or lower-case variant of a mixed-case or all-caps name is flagged.
    3. Lost acronym suffix: a Title-case word that is a common English word + "ai"
       ("Openai", "Playai") — a product name whose capitals a translator dropped.
    """
    shouted = _allcaps_lines(text)
    starts = [a for a, _ in shouted]

    def is_shouted(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1  # lines are sorted and disjoint
        return i >= 0 and pos < shouted[i][1]

    def counts(s: int, e: int) -> bool:
        """Tokens in shouted lines, URLs and handles say nothing about casing."""
        return not (shouted and is_shouted(s)) and not _in_url_or_handle(text, s, e)

    ms = list(_TOKEN_RE.finditer(text))
    words = list(map(re.Match.group, ms))
    # Reference forms for rule 2: mixed-case ("DeepSeek") and acronym ("AI") spellings seen.
    # Both need a capital after the first letter: "said" and "Meta" (most tokens) are neither.
    # The per-token tests that settle nearly every token run as C-level maps (the Python loop
    # over every token was most of this function's time); the rest sees a few tokens only.
    mixed: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    for m, tok in compress(zip(ms, words), map(not_, map(str.islower, map(_AFTER_FIRST, words)))):
        if not counts(*m.span()):
            continue
        if _has_inner_capital(tok) and tok[0].isupper():
            mixed.setdefault(tok.lower(), tok)
        elif 2 <= len(tok) <= 5 and tok.isupper() and tok.isalpha():
            acronyms.setdefault(tok.lower(), tok)
    # Every rule below needs the token in one of these tables or ending in "ai": the rest of
    # the tokens are skipped before the (slower) URL and shouted-line checks.
    lows = list(map(str.lower, words))
    known = _CANONICAL_KEYS.union(mixed, acronyms) if mixed or acronyms else _CANONICAL_KEYS
    wanted = map(or_, map(known.__contains__, lows), map(str.endswith, lows, repeat("ai")))
    toks = [(m.start(), m.end(), m.group()) for m in compress(ms, wanted) if counts(*m.span())]
    hits: list[Hit] = []
    for s, e, tok in toks:
        low = tok.lower()
        canon = canonical_casing(low)
        if canon and tok != canon and not tok.isupper():
            if tok.islower() and zipf(low) >= 3.0 and canon.isupper():
                # "us"/"it" are words: a lower-case acronym that is also a word is not flagged
                # from the table (rule 2 may still catch it by article-internal contrast).
                pass
            else:
                hits.append(Hit(s, e, "brand_case", f"'{tok}' is written '{canon}' by its owner and the press"))
                continue
        ref = mixed.get(low)
        # Only names that are not everyday words: "LeGend" (a stylised brand) does not make
        # every "Legend" an error.
        if ref and tok != ref and not tok.isupper() and not _has_inner_capital(tok) and zipf(low) < 3.5:
            hits.append(Hit(s, e, "inconsistent_case", f"'{tok}' is written '{ref}' elsewhere in this article"))
            continue
        ref = acronyms.get(low)
        if ref and tok != ref and len(tok) >= 2 and zipf(low) < 4.5:
            hits.append(Hit(s, e, "inconsistent_case", f"'{tok}' is the acronym '{ref}' elsewhere in this article"))
            continue
        if (len(tok) > 4 and tok[0].isupper() and tok[1:].islower() and low.endswith("ai")
                and zipf(low[:-2]) >= 4.5 and zipf(low) < 3.0):
            hits.append(Hit(s, e, "lost_inner_capital",
                            f"'{tok}' looks like '{tok[:-2]}AI' with its capitals lost"))
    return hits
