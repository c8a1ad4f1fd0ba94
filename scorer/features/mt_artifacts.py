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

import re
from dataclasses import dataclass
from itertools import compress, count, repeat
from operator import ne, or_

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


_CURRENCY_SIGNS = "$€£¥₹"


def char_positions(text: str, chars: str) -> list[int]:
    """The offsets of the characters ``chars`` in ``text``, in increasing order, found by
    ``str.find`` (a regex scan for a class holding a non-ASCII character tests every character
    of the text in turn: ~20 µs of 3 KB where these finds take ~2)."""
    out: list[int] = []
    for c in chars:
        k = text.find(c)
        while k >= 0:
            out.append(k)
            k = text.find(c, k + 1)
    if len(chars) > 1:
        out.sort()
    return out


def _apostrophe_matches(text: str) -> list[re.Match]:
    """``list(_APOS_RE.finditer(text))``, the pattern tried only where a match can start: one
    character before an apostrophe (" 's") or at it ("' s"). No two such matches overlap (the
    character after the apostrophe is "s" for one, a space for the other), so finditer finds
    every one of them, in this order."""
    out = []
    for a in char_positions(text, "'’"):
        m = (a and _APOS_RE.match(text, a - 1)) or _APOS_RE.match(text, a)
        if m:
            out.append(m)
    return out


def spacing_hits(text: str) -> list[Hit]:
    hits: list[Hit] = []
    # Most texts hold no currency sign: a few substring tests instead of the regex's scan.
    currency = any(map(text.__contains__, _CURRENCY_SIGNS))
    for m in _CURRENCY_RE.finditer(text) if currency else ():
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
    for m in _apostrophe_matches(text):
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
# The same tokens from ``split`` (text between tokens, token, ..., text after the last): no
# match object per token, and each token's offset is the length of what precedes it, summed
# only for the few tokens that need one (:func:`_token_spans`).
_TOKEN_SPLIT_RE = re.compile("(" + _TOKEN_RE.pattern + ")")
# Where a token ends in "ai"/"AI": every ASCII letter is in a token, "a" and the "i" after it
# in the same one, and the token ends after the "i" exactly when what follows cannot extend it.
# No match: no token ends in "ai".
_AI_END_RE = re.compile(r"[Aa][Ii](?![A-Za-z0-9]|[-.][A-Za-z0-9])")
# The same search in the text's UTF-8 with its ASCII letters lowered (bytes.lower touches no other
# byte; every byte of a non-ASCII character is >= 0x80, outside each class as that character is
# outside the str classes): a literal "ai" the engine skips ahead to (~19 -> ~5 us on 3 KB, where
# the character class was tried at every "a" and "A").
_AI_END_BYTES_RE = re.compile(rb"ai(?![a-z0-9]|[-.][a-z0-9])")


def _ends_in_ai(text: str) -> bool:
    """``_AI_END_RE.search(text) is not None``."""
    return _AI_END_BYTES_RE.search(text.encode("utf-8", "surrogatepass").lower()) is not None
_ALLCAPS_LINE_MIN = 0.6  # a line mostly in capitals is a shouted headline: ignore its casing
_LOWER_BY_FREQUENCY = "etaoinsrhldcumfpgwybvkxjqz"
_CANONICAL_KEYS = frozenset(CANONICAL)


def _in_url_or_handle(text: str, s: int, e: int) -> bool:
    before = text[s - 1] if s else " "
    after = text[e] if e < len(text) else " "
    return before in "@#/.:_\\" or after in "/@_" or (after == "." and e + 1 < len(text) and text[e + 1].isalnum())


def _shouted_line(line: str) -> bool:
    """A line mostly in capitals (a shouted headline)."""
    if _mostly_ascii_lower(line):
        return False
    n_letters = sum(map(str.isalpha, line))
    # Upper-case letters are at most the letters that are not lower case: most lines fail that
    # bound, and the exact count (a Python loop) runs only for the rest.
    return (n_letters >= 8 and n_letters - sum(map(str.islower, line)) >= _ALLCAPS_LINE_MIN * n_letters
            and sum(1 for c in line if c.isalpha() and c.isupper()) / n_letters >= _ALLCAPS_LINE_MIN)


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


def _token_spans(parts: list[str], picked: list[int]) -> list[tuple[int, int]]:
    """(start, end) in the text of tokens ``picked`` (increasing indices) of a
    ``_TOKEN_SPLIT_RE.split``: each start is the previous token's end plus the length of the
    parts in between, joined in C."""
    out = []
    pos = j = 0  # pos: where parts[j] starts in the text
    for i in picked:
        k = 2 * i + 1
        s = pos + len("".join(parts[j:k]))
        pos, j = s + len(parts[k]), k + 1
        out.append((s, pos))
    return out


def casing_hits(text: str) -> list[Hit]:
    """Names in a casing no publisher uses, by table and by two general rules.

    1. Table: a compact list of brands/acronyms with their canonical casing (``mt_words``).
    2. Same name, two casings in one article: "DeepSeek" ... "Deepseek", "AI" ... "Ai".
       The Title-case or lower-case variant of a mixed-case or all-caps name is flagged.
    3. Lost acronym suffix: a Title-case word that is a common English word + "ai"
       ("Openai", "Playai") — a product name whose capitals a translator dropped.
    """
    # Whether a token's line is shouted, tested only for the lines of the few tokens asked
    # about. Tokens are asked about in text order (twice over), so the line in hand is reused
    # and each search for a line's ends reads past the previous line only: linear in the text.
    line = [0, -1, False]  # start, end, shouted

    def counts(s: int, e: int) -> bool:
        """Tokens in shouted lines, URLs and handles say nothing about casing."""
        if not line[0] <= s < line[1]:
            a = text.rfind("\n", 0, s) + 1
            b = text.find("\n", s)
            b = len(text) if b < 0 else b
            line[:] = a, b, _shouted_line(text[a:b])
        return not line[2] and not _in_url_or_handle(text, s, e)

    parts = _TOKEN_SPLIT_RE.split(text)
    words = parts[1::2]  # token i is parts[2 * i + 1]
    lows = list(map(str.lower, words))
    # Reference forms for rule 2: mixed-case ("DeepSeek") and acronym ("AI") spellings seen.
    # Both have a capital right after a letter, so they differ from their lower case (tokens are
    # ASCII) and are not in title case ("Meta", "I", "Warm-Up", "B52" are): C-level maps settle
    # nearly every token, the loop sees a few.
    mixed: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    picked = [i for i in compress(count(), map(ne, words, lows)) if not words[i].istitle()]
    for i, (s, e) in zip(picked, _token_spans(parts, picked)):
        if not counts(s, e):
            continue
        tok = words[i]
        if _has_inner_capital(tok) and tok[0].isupper():
            mixed.setdefault(tok.lower(), tok)
        elif 2 <= len(tok) <= 5 and tok.isupper() and tok.isalpha():
            acronyms.setdefault(tok.lower(), tok)
    # Every rule below needs the token in one of these tables or ending in "ai": the rest of
    # the tokens are skipped before the (slower) URL and shouted-line checks. The "ai" test
    # runs only when some token ends so (_AI_END_RE).
    known = _CANONICAL_KEYS.union(mixed, acronyms) if mixed or acronyms else _CANONICAL_KEYS
    wanted = map(known.__contains__, lows)
    if _ends_in_ai(text):
        wanted = map(or_, wanted, map(str.endswith, lows, repeat("ai")))
    picked = list(compress(count(), wanted))
    toks = [(s, e, words[i]) for i, (s, e) in zip(picked, _token_spans(parts, picked)) if counts(s, e)]
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
