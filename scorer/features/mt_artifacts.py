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
from itertools import accumulate, chain, compress, count
from typing import Iterator, Optional, Sequence

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
# match object per token, and each token's offset is the length of what precedes it.
_TOKEN_SPLIT_RE = re.compile("(" + _TOKEN_RE.pattern + ")")
_NON_SPACE_RE = re.compile(r"\S*")

# What casing_hits reads of a text, it reads per whitespace run (:func:`run_flags`). No token
# holds whitespace and the pattern looks neither behind nor ahead, so the tokens of a text are its
# runs' tokens in order (each run read from its start). A run's flags do not depend on the
# article: the mt extractor memoises them with the n-gram entries of the same run
# (:func:`.mt_ngram.text_runs`), so a text costs one search of its runs' flags for the few runs
# flagged, instead of a regex split of the whole text and a lower() per token (~0.3 -> ~0.08 ms
# an article).
MIXED_CASE = 1  # a token with an upper-case letter that is not in title case ("DeepSeek", "AI", "X-ray")
LISTED = 2  # a token whose lower case is in the casing table or ends in "ai"


def run_flags(run: str) -> int:
    """The flags (:data:`MIXED_CASE`, :data:`LISTED`) of the tokens of a whitespace run."""
    flags = 0
    for _, tok in _token_offsets(run):
        low = tok.lower()
        if tok != low and not tok.istitle():
            flags |= MIXED_CASE
        if low in _CANONICAL_KEYS or low.endswith("ai"):
            flags |= LISTED
    return flags


def _token_offsets(run: str) -> list[tuple[int, str]]:
    """(offset in the run, token) of each token of a run."""
    if run.isascii() and run.isalpha():
        return [(0, run)]
    parts = _TOKEN_SPLIT_RE.split(run)  # [gap, token, gap, ..., token, gap]: a token starts where its gap ends
    return list(zip(list(accumulate(map(len, parts)))[0:-1:2], parts[1::2]))


def _run_starts(text: str, runs: list[str]) -> Iterator[int]:
    """The offset in ``text`` of each of ``runs``: whitespace runs of ``text``, in text order,
    such that every run of the text between two of them (or before the first) differs from the
    second one (casing_hits picks runs by their content: a run equal to a picked one is picked).
    Each is the first occurrence after the previous one that is a whole run (whitespace or the
    text's edge on both sides); an occurrence inside a longer run is passed over with the rest of
    that run, so the search reads the text once, however many runs hold the picked one."""
    pos, n = 0, len(text)
    for run in runs:
        p, k = text.find(run, pos), len(run)
        while p >= 0 and (p and not text[p - 1].isspace() or p + k < n and not text[p + k].isspace()):
            p = text.find(run, _NON_SPACE_RE.match(text, p).end())
        if p < 0:  # cannot happen: the runs are the text's
            raise ValueError(f"{run!r} is not a whitespace run of the text after offset {pos}")
        yield p
        pos = p + len(run)


_ALLCAPS_LINE_MIN = 0.6  # a line mostly in capitals is a shouted headline: ignore its casing
_LOWER_BY_FREQUENCY = "etaoinsrhldcumfpgwybvkxjqz"
_CANONICAL_KEYS = frozenset(CANONICAL)
_MIXED_CASE_RE = re.compile(bytes([ord("["), MIXED_CASE, MIXED_CASE | LISTED, ord("]")]))  # a flags byte with MIXED_CASE
_LISTED_RE = re.compile(bytes([ord("["), LISTED, MIXED_CASE | LISTED, ord("]")]))  # a flags byte with LISTED


# Forms seen in some casing (rule 2) up to which the runs holding them are searched for in the text
# (:func:`_runs_holding`, a substring search per form) rather than among all tokens
# (:func:`_tokens_of_forms`, the regex split of the whole text: ~0.2 ms an article). Two thirds
# of real news articles write some such form ("US", "TV", "McCain"), ~1.5 % more than 16.
_MAX_SEARCHED_FORMS = 16
_ASCII_LETTER_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ASCII_ALNUM_BYTES = _ASCII_LETTER_BYTES.union(b"0123456789")


def _runs_holding(text: str, forms: Sequence[str]) -> dict[int, str]:
    """{start: run} of the whitespace runs of ``text`` that may hold a token whose lower case is
    one of ``forms`` (ASCII, as tokens are): every such run, and maybe others (the caller reads
    each run's tokens).

    Searched in the text's ASCII-lowered bytes, one byte per character (a non-ASCII character is
    "?", as it is in no token): a token is never preceded by an ASCII letter (that letter would be
    in it) nor followed by a letter or digit (it would go on), so an occurrence that is, is not a
    token. Each run is taken once: a form's search goes on after the run it found."""
    lowered = text.encode("ascii", "replace").lower()
    out: dict[int, str] = {}
    for form in forms:
        f = form.encode()
        p = lowered.find(f)
        while p >= 0:
            e = p + len(f)
            if (p and lowered[p - 1] in _ASCII_LETTER_BYTES) or (e < len(lowered) and lowered[e] in _ASCII_ALNUM_BYTES):
                p = lowered.find(f, p + 1)
                continue
            a = p
            while a > 0 and not text[a - 1].isspace():
                a -= 1
            b = _NON_SPACE_RE.match(text, p).end()
            out[a] = text[a:b]
            p = lowered.find(f, b)
    return out


def _tokens_of_forms(text: str, forms: frozenset[str]) -> dict[int, str]:
    """{start: token} of the tokens of ``text`` whose lower case is one of ``forms``, found by
    C-level maps over the tokens of one regex split (linear however many forms there are)."""
    parts = _TOKEN_SPLIT_RE.split(text)  # [gap, token, gap, ..., token, gap]
    words = parts[1::2]
    starts = list(accumulate(map(len, parts)))[0:-1:2]  # each token starts where its gap ends
    return {starts[i]: words[i] for i in compress(count(), map(forms.__contains__, map(str.lower, words)))}


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


def casing_hits(text: str, runs: Optional[Sequence[str]] = None, flags: Optional[bytes] = None) -> list[Hit]:
    """Names in a casing no publisher uses, by table and by two general rules.

    1. Table: a compact list of brands/acronyms with their canonical casing (``mt_words``).
    2. Same name, two casings in one article: "DeepSeek" ... "Deepseek", "AI" ... "Ai".
       The Title-case or lower-case variant of a mixed-case or all-caps name is flagged.
    3. Lost acronym suffix: a Title-case word that is a common English word + "ai"
       ("Openai", "Playai") — a product name whose capitals a translator dropped.

    ``runs``, ``flags``: ``text.split()`` and :func:`run_flags` of each run (a byte each), when
    the caller has them (the mt extractor: memoised, :func:`.mt_ngram.run_casings`)."""
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

    if runs is None:
        runs = text.split()
        flags = bytes(map(run_flags, runs))
    # Reference forms for rule 2: mixed-case ("DeepSeek") and acronym ("AI") spellings seen.
    # Both have a capital right after a letter, so they differ from their lower case (tokens are
    # ASCII) and are not in title case ("Meta", "I", "Warm-Up", "B52" are): the runs flagged
    # MIXED_CASE hold them, a few an article.
    mixed: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    picked = [runs[m.start()] for m in _MIXED_CASE_RE.finditer(flags)]  # the runs flagged, a few
    for run, at in zip(picked, _run_starts(text, picked)):
        for rel, tok in _token_offsets(run):
            if tok == tok.lower() or tok.istitle():
                continue
            s = at + rel
            if not counts(s, s + len(tok)):
                continue
            if _has_inner_capital(tok) and tok[0].isupper():
                mixed.setdefault(tok.lower(), tok)
            elif 2 <= len(tok) <= 5 and tok.isupper() and tok.isalpha():
                acronyms.setdefault(tok.lower(), tok)
    # Every rule below needs the token in one of these tables or ending in "ai": the runs
    # flagged LISTED, and those holding a form seen above in some casing, are the only ones read
    # again, before the (slower) URL and shouted-line checks.
    picked = [runs[m.start()] for m in _LISTED_RE.finditer(flags)]
    spans = dict(zip(_run_starts(text, picked), picked))  # start -> a run, or a token (a run of one)
    if mixed or acronyms:
        known = _CANONICAL_KEYS.union(mixed, acronyms)
        # The forms seen whose tokens the runs flagged LISTED may not hold.
        seen = [k for k in dict.fromkeys(chain(mixed, acronyms)) if k not in _CANONICAL_KEYS and not k.endswith("ai")]
        more = (_tokens_of_forms(text, frozenset(seen)) if len(seen) > _MAX_SEARCHED_FORMS
                else _runs_holding(text, seen) if seen else {})
        for at, run in more.items():
            spans.setdefault(at, run)  # a run already there holds what starts with it
    else:
        known = _CANONICAL_KEYS
    found: dict[int, str] = {}  # start -> token, in (and out of) text order
    for at, run in spans.items():
        for rel, tok in _token_offsets(run):
            low = tok.lower()
            if low in known or low.endswith("ai"):
                found[at + rel] = tok
    toks = [(s, s + len(tok), tok) for s, tok in sorted(found.items()) if counts(s, s + len(tok))]
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
