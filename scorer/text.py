"""Tokenisation shared by every extractor: spans, never copies, so evidence keeps offsets.

Deliberately regex-only (no NLTK/spaCy data to download) and language-light: words are runs of
letters, sentences end at terminal punctuation followed by a capital/quote/digit, or at a line
break. Good enough for rates and statistics; extractors that need more do it themselves.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import NamedTuple

Span = tuple[int, int]

# Letters (any script), allowing inner apostrophes/hyphens: "don't", "co-founder", "Meta’s".
WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
# Tokens for rate denominators: words and numbers.
TOKEN_RE = re.compile(r"[^\W_]+(?:['’.,\-][^\W_]+)*")
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "inc", "ltd", "co", "corp",
    "gen", "gov", "sen", "rep", "lt", "col", "sgt", "capt", "no", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.g", "i.e", "a.m",
    "p.m", "fig", "approx", "dept", "est", "mt", "ft",
}
# Candidate sentence ends: terminal punctuation (+closing quotes/brackets) then whitespace.
# The lookbehind starts a match only at the first mark of a run: a line of 1 MB of dots was
# quadratic (every start inside the run rescanned it); a match never starts inside a run anyway.
_SENT_END_RE = re.compile(r"(?<![.!?…])[.!?…]+[\"'”’)\]]*(?=\s)")
_LINE_RE = re.compile(r"[^\n]+")


def words(text: str) -> list[Span]:
    return [m.span() for m in WORD_RE.finditer(text)]


def word_count(text: str) -> int:
    return len(word_index(text).words)


class WordIndex(NamedTuple):
    """Every ``WORD_RE`` match of ``text``: start and end offsets and the word, in text order."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    words: tuple[str, ...]

    def span_range(self, start: int, end: int) -> tuple[int, int]:
        """Indices [i, j) of the words ``WORD_RE.finditer(text, start, end)`` finds, or (-1, -1)
        when a word crosses ``start`` or ``end`` (the regex would see a piece of it). No word
        crosses a sentence, line or paragraph edge, so the fallback is for odd spans only."""
        i = bisect_right(self.ends, start)  # first word ending after start
        j = bisect_left(self.starts, end, i)  # first word starting at or after end
        if i < j and (self.starts[i] < start or self.ends[j - 1] > end):
            return -1, -1
        return i, j

    def words_in(self, start: int, end: int) -> list[str]:
        """``WORD_RE.findall(text, start, end)`` (= on the slice: no anchor or lookaround)."""
        i, j = self.span_range(start, end)
        return list(self.words[i:j]) if i >= 0 else WORD_RE.findall(self.text, start, end)

    def count_in(self, start: int, end: int) -> int:
        i, j = self.span_range(start, end)
        return j - i if i >= 0 else len(WORD_RE.findall(self.text, start, end))


@lru_cache(maxsize=2)  # one article's content (and a second text): a 5 MB input's index is ~100 MB
def word_index(text: str) -> WordIndex:
    """The words of ``text``, found once: readability, mt, ai_style, citations and the report
    all count and read the words of the same ``Article.content`` (a 3 KB article was scanned
    by ``WORD_RE`` about a dozen times). Cached by text; callers must not mutate the result."""
    ms = list(WORD_RE.finditer(text))
    return WordIndex(text, tuple(m.start() for m in ms), tuple(m.end() for m in ms), tuple(m.group() for m in ms))


def gated(starts: str, pattern: str, flags: int = 0) -> re.Pattern:
    """``pattern``, tried only at positions where ``starts`` (a lookahead: usually the class of
    every character a match can begin with) holds. Same matches; but a phrase list matched
    case-insensitively after ``\\b`` gives the engine no prefix to skip ahead with, so without
    the gate it tries every alternative at every word boundary. ``starts`` is matched with
    the pattern's own flags, so case folding ("İ" for "i", "ſ" for "s") is the same."""
    return re.compile(f"(?={starts})(?:{pattern})", flags)


def lines(text: str) -> list[Span]:
    """Non-blank lines, trimmed of surrounding whitespace."""
    out = []
    for m in _LINE_RE.finditer(text):
        s, e = m.span()
        seg = text[s:e]
        stripped = seg.strip()
        if stripped:
            lead = len(seg) - len(seg.lstrip())
            out.append((s + lead, s + lead + len(stripped)))
    return out


def split_paragraphs(text: str) -> list[Span]:
    """Paragraph spans.

    Scraped dumps put one paragraph (or list item) per line; hard-wrapped text (e-mail style,
    ~70 columns) puts one paragraph per blank-line block. We treat each non-blank line as a
    paragraph unless the text looks hard-wrapped, in which case blank-line blocks are joined.
    """
    line_spans = lines(text)
    if len(line_spans) < 4:
        return line_spans
    lengths = [e - s for s, e in line_spans]
    wrapped = [
        (s, e) for (s, e) in line_spans
        if 55 <= e - s <= 90 and text[e - 1] not in ".!?:\"”’)"
    ]
    if len(wrapped) / len(lengths) < 0.5:
        return line_spans
    # A block runs from a non-space character up to the next blank line.
    return [
        (m.start(), m.start() + len(m.group().rstrip()))
        for m in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", text)
    ]


def _is_abbrev(text: str, end: int) -> bool:
    """True when the '.' ending at ``end`` closes an abbreviation or an initial."""
    i = end - 1
    while i >= 0 and text[i] == ".":
        i -= 1
    j = i
    while j >= 0 and (text[j].isalpha() or text[j] == "."):
        j -= 1
    tok = text[j + 1:i + 1].lower()
    if not tok:
        return False
    if len(tok) == 1 and tok.isalpha():  # initials: "J. Smith"
        return True
    return tok in _ABBREV


@lru_cache(maxsize=64)
def _sentences_cached(text: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    for ls, le in lines(text):
        start = ls
        for m in _SENT_END_RE.finditer(text, ls, le):
            end = m.end()
            if text[m.start()] == "." and m.end() - m.start() == 1 and _is_abbrev(text, m.start() + 1):
                continue
            # next non-space char must look like a sentence start
            k = end
            while k < le and text[k].isspace():
                k += 1
            if k < le and not (text[k].isupper() or text[k].isdigit() or text[k] in "\"'“‘(["):
                continue
            if end > start:
                spans.append((start, end))
            start = k
        if start < le:
            spans.append((start, le))
    return tuple(spans)


def sentences(text: str) -> list[Span]:
    """Sentence spans; a line break always ends a sentence (headings, list items)."""
    return list(_sentences_cached(text))


def snippet(text: str, start: int, end: int, limit: int = 240) -> str:
    """The exact text of a span, shortened with an ellipsis past ``limit`` characters."""
    s = text[start:end]
    return s if len(s) <= limit else s[: limit - 1] + "…"
