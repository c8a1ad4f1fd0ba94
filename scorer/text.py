"""Tokenisation shared by every extractor: spans, never copies, so evidence keeps offsets.

Deliberately regex-only (no NLTK/spaCy data to download) and language-light: words are runs of
letters, sentences end at terminal punctuation followed by a capital/quote/digit, or at a line
break. Good enough for rates and statistics; extractors that need more do it themselves.
"""
from __future__ import annotations

import re
from functools import lru_cache

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
    return sum(1 for _ in WORD_RE.finditer(text))


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
