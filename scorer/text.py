"""Tokenisation shared by every extractor: spans, never copies, so evidence keeps offsets.

Deliberately regex-only (no NLTK/spaCy data to download) and language-light: words are runs of
letters, sentences end at terminal punctuation followed by a capital/quote/digit, or at a line
break. Good enough for rates and statistics; extractors that need more do it themselves.
"""
from __future__ import annotations

import os
import re
import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate, groupby
from typing import Iterable, NamedTuple, Optional, Sequence

try:
    from re import _parser as _sre_parse  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

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
# It comes after the first mark ("X(?<!MX)" for "(?<!M)X": the same spans), so the engine skips
# ahead to marks instead of trying the lookbehind at every character (0.039 -> 0.012 ms on 3 KB).
_SENT_END_RE = re.compile(r"[.!?…](?<![.!?…][.!?…])[.!?…]*[\"'”’)\]]*(?=\s)")
# What sentences() scans: _SENT_END_RE in a copy of the text with "!", "?" and "…" written "."
# (one character each: the same offsets). A pattern that starts with a class is tried at every
# character (~7 ns each), one that starts with a literal is searched for in C: 0.5 us to fold
# and ~9 us to scan 3 KB, not ~24. The optional lookahead captures the next non-space
# character, which a sentence must start with (in a trimmed line it is always there: a match is
# followed by a space and then the line's last character at the latest): one group read
# instead of a loop over the spaces. A mark is never a capital, a digit or an opening quote, so
# the folded copy's next character tests as the text's does.
_SENT_END_FOLDED_RE = re.compile(r"\.(?<!\.\.)\.*[\"'”’)\]]*(?=\s)(?:(?=\s+(\S)))?")
_SENT_OPENERS = "\"'“‘(["  # what a sentence may start with besides a capital or a digit
# lines() as one scan: from a line's first non-space character to its last (\s is str.isspace).
_TRIMMED_LINE_RE = re.compile(r"\S(?:[^\n]*\S)?")
_LINE_RE = re.compile(r"[^\n]+")


def words(text: str) -> list[Span]:
    return [m.span() for m in WORD_RE.finditer(text)]


def word_count(text: str) -> int:
    """Words of ``text`` as a reader counts them: the report's ``word_count`` and the
    ``short_text`` caveat. ``WORD_RE`` (what the features count) splits an Indic word at every
    vowel sign (a combining mark is not ``\\w`` to ``re``: "मंगलवार" is 3 of its words) and takes
    a run of Chinese or Japanese, written without spaces, as one word (a 38-character Japanese
    sentence was 3), so every Chinese or Japanese article carried the short_text caveat. Here a
    Han, hiragana or katakana character counts as a word, as word processors count them, and a
    word runs on through the combining marks between its letters. A text with neither keeps the
    ``WORD_RE`` count: all of English, checked by one C-level search. Thai, Lao, Khmer and
    Burmese, also written without spaces, keep the ``WORD_RE`` count, split at their vowel signs:
    a rough count (7 words of Thai counted 6), where one run of letters would count a sentence as
    one word; segmenting them needs a dictionary, which the scorer does not ship."""
    idx = word_index(text)
    n = len(idx.words)
    if text.isascii() or not _MAY_NEED_SCRIPTS.search(text):
        return n
    # Built from the cached word index: the whole text through a script-aware regex took
    # 1.7 ms on 3 KB, this a few µs per Han word and mark.
    if _UNSPACED_CHAR.search(text):
        for w in idx.words:
            if _UNSPACED_CHAR.search(w):
                n += len(_UNSPACED_CHAR.findall(w)) + len(_SPACED_PIECE.findall(w)) - 1
    # A word that ends where a run of marks starts, and the next word starts right after it:
    # one word. A match per word end (~0.4 µs): checking the gaps character by character in
    # Python took twice as long on Hindi.
    run, starts = _mark_run(), set(idx.starts)
    for e in idx.ends:
        m = run.match(text, e)
        if m is not None and m.end() in starts:
            n -= 1
    return n


def _ranges(spans: Iterable[tuple[int, int]]) -> str:
    return "".join(f"{chr(a)}-{chr(b)}" if a < b else chr(a) for a, b in spans)


@lru_cache(maxsize=1)
def _mark_run() -> "re.Pattern[str]":
    """A run of combining marks (general category M) of the blocks where written words carry
    them: Unicode's marks of the Basic Multilingual Plane but those of Thai, Lao, Khmer and
    Burmese (see :func:`word_count`) and the variation selectors, which follow emoji rather
    than letters. ~9,000 code points looked up once (~3 ms), when a text first needs them."""
    import unicodedata

    skip = (range(0x0E00, 0x0F00), range(0x1000, 0x10A0), range(0x1780, 0x1800), range(0xFE00, 0xFE10))
    marks = [c for lo, hi in ((0x0300, 0x1D00), (0x1DC0, 0x1E00), (0x20D0, 0x2100), (0x2CEF, 0x2E00),
                              (0x302A, 0x3030), (0x3099, 0x309B), (0xA66F, 0xABEE), (0xFB1E, 0xFB1F),
                              (0xFE00, 0xFE30))
             for c in range(lo, hi)
             if unicodedata.category(chr(c))[0] == "M" and not any(c in r for r in skip)]
    return re.compile(f"[{''.join(map(chr, marks))}]+")


# Han (with its radicals and iteration marks), hiragana and katakana (full and half width),
# the characters counted one a word.
_UNSPACED = _ranges([(0x2E80, 0x2FDF), (0x3005, 0x3007), (0x3021, 0x3029), (0x3038, 0x303B),
                     (0x3041, 0x3096), (0x309D, 0x309F), (0x30A1, 0x30FA), (0x30FD, 0x30FF),
                     (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
                     (0xFF66, 0xFF6F), (0xFF71, 0xFF9D)])
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")
_SPACED_PIECE = re.compile(f"[^{_UNSPACED}]+")
# Every block :func:`word_count` looks at, and more (all of Hebrew to Mongolian): a first look
# that costs ~20 µs on 3 KB of English with curly quotes; a hit only sends the text the exact
# way. All of it is in the Basic Multilingual Plane: a class reaching past it (Han extension B,
# the marks of historic scripts) took five times as long on every text, so those characters,
# rare in news, are counted as ``WORD_RE`` counts them.
_MAY_NEED_SCRIPTS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u1cff\u1dc0-\u1dff\u20d0-\u20f0\u2cef-\u2dff"
    "\u2e80-\u2fdf\u3005-\u9fff\ua66f-\uabed\uf900-\ufaff\ufb1e\ufe20-\ufe2f\uff66-\uff9d]")


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
    # One split by the pattern in a capturing group gives [gap, word, gap, word, ..., gap]: the
    # same matches as ``finditer`` (same engine, same scan), without a Match object per word;
    # the offsets are the running sums of the pieces' lengths (0.11 -> 0.09 ms on real news).
    parts = _WORD_SPLIT_RE.split(text)
    ends = tuple(accumulate(map(len, parts)))
    return WordIndex(text, ends[0:-1:2], ends[1::2], tuple(parts[1::2]))


_WORD_SPLIT_RE = re.compile(f"({WORD_RE.pattern})")


# --- character counts: ASCII by a byte table, the rest per character --------------------------
# Counting letters of a 3 KB article with ``sum(map(str.isalpha, text))`` or a regex costs
# ~50 µs (a call or a Unicode class test per character). In UTF-8 an ASCII character is one
# byte and every byte of a longer sequence is >= 0x80, so deleting the wanted ASCII bytes from
# the encoded text counts the ASCII ones in C; the few non-ASCII characters are tested one by one.
_ASCII_LETTERS = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
_ASCII_DIGITS = b"0123456789"
_ASCII_WORD = _ASCII_LETTERS + _ASCII_DIGITS + b"_"


def char_count(text: str, ascii_wanted: bytes, test) -> int:
    """How many characters of ``text`` are ``ascii_wanted`` bytes, or non-ASCII and pass ``test``:
    the ASCII ones by deleting bytes of the UTF-8 in C, the few others one by one."""
    raw = text.encode("utf-8", "surrogatepass")
    n = len(raw) - len(raw.translate(None, ascii_wanted))
    if not text.isascii():
        # (a regex scan for them tests every character in Python's engine: ~70 µs of a 3 KB
        # text, where non_ascii's two C passes over bytes take ~15)
        n += sum(map(test, non_ascii(text)))
    return n


def letter_count(text: str) -> int:
    """``sum(map(str.isalpha, text))``: for ASCII, isalpha is A-Z and a-z."""
    return char_count(text, _ASCII_LETTERS, str.isalpha)


def digit_count(text: str) -> int:
    """``sum(map(str.isdigit, text))``: for ASCII, isdigit is 0-9."""
    return char_count(text, _ASCII_DIGITS, str.isdigit)


def word_char_count(text: str) -> int:
    """How many characters of ``text`` match ``\\w``: for str patterns that is ``ch.isalnum()``
    or "_" (the regex engine's own definition), for ASCII A-Z, a-z, 0-9 and "_"."""
    return char_count(text, _ASCII_WORD, str.isalnum)


def gated(starts: str, pattern: str, flags: int = 0) -> re.Pattern:
    """``pattern``, tried only at positions where ``starts`` (a lookahead: usually the class of
    every character a match can begin with) holds. Same matches; but a phrase list matched
    case-insensitively after ``\\b`` gives the engine no prefix to skip ahead with, so without
    the gate it tries every alternative at every word boundary. ``starts`` is matched with
    the pattern's own flags, so case folding ("İ" for "i", "ſ" for "s") is the same."""
    return re.compile(f"(?={starts})(?:{pattern})", flags)


def prefix_alternation(phrases: Iterable[str]) -> str:
    """A pattern matching exactly the literal ``phrases``, their common prefixes factored out
    ("a(?:lso|s well as)|due to|..."). The regex engine tries a branch's alternatives one by
    one at every position: factored, a position fails after its first character instead of
    once per phrase. None may be a prefix of another, so at most one phrase matches at a
    position and the order of the alternatives (all that factoring changes) cannot matter
    (compared as written: under re.I, give the phrases in one case)."""
    phrases = sorted(set(phrases))
    if not phrases or "" in phrases:
        raise ValueError("no phrases, or an empty one")
    if any(b.startswith(a) for a, b in zip(phrases, phrases[1:])):  # sorted: a prefix comes just before
        raise ValueError("a phrase is a prefix of another: factoring would change which one matches")
    return _factored(phrases)


def _factored(phrases: list[str]) -> str:
    alts = []
    for _, group in groupby(phrases, key=lambda p: p[0]):
        group = list(group)
        if len(group) == 1:
            alts.append(re.escape(group[0]))
            continue
        k = len(os.path.commonprefix(group))
        alts.append(re.escape(group[0][:k]) + "(?:" + _factored([p[k:] for p in group]) + ")")
    return "|".join(alts)


# --- literal gates: a cheap necessary condition for a case-insensitive regex search ----------
# A phrase alternation searched with re.I costs ~15 µs per line even when nothing matches
# (the engine tries every alternative at every position). Every match of an alternative
# contains some literal text ("we use cookies"; "art" and " (" for "art. 6 (1)"), so "no
# alternative has all its literals in the text" proves there is no match, for a few µs of
# substring tests.
# The literals are lowercased and the text is folded by ``fold_case``: lowercased, after "İ"
# and "ı" became "i" and "ſ" became "s" (re.I matches them with an ASCII letter, but
# ``str.lower`` keeps them or, for "İ", adds a combining dot). Only literal characters that
# are ASCII or have no case are used, so every character that re.I matches with a literal
# character folds to exactly that character (checked over every code point in
# tests/test_speed_paths.py).
_DOTTED_I, _DOTLESS_I, _LONG_S = "\u0130", "\u0131", "\u017f"

Clause = frozenset  # of literals: at least one of them occurs in every match


def fold_case(text: str) -> str:
    """``text`` folded for :meth:`LiteralGate.may_match` (not offset-preserving)."""
    if not text.isascii():
        for ch, ascii_ch in ((_DOTTED_I, "i"), (_DOTLESS_I, "i"), (_LONG_S, "s")):
            if ch in text:
                text = text.replace(ch, ascii_ch)
    return text.lower()


def _gate_char(ch: str) -> bool:
    return ch.isascii() or ch.lower() == ch == ch.upper()


def _rarity(literal: str) -> float:
    """How selective a literal is likely to be: letters count 1, other ASCII (digits, spaces,
    punctuation) 0.5, non-ASCII ("©") 3."""
    return sum(1.0 if c.isalpha() and c.isascii() else 0.5 if c.isascii() else 3.0 for c in literal)


def _rank(clause: Clause) -> tuple[float, int]:
    return min(map(_rarity, clause)), -len(clause)


def _clauses(items) -> list[Clause]:
    """Clauses every match of the parsed sequence ``items`` satisfies, from its mandatory parts:
    literal runs, groups, repeats of at least one, and alternations (one clause: the most
    selective clause of each branch, any of them; none when a branch has none)."""
    out: list[Clause] = []
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is _sre_parse.LITERAL and _gate_char(chr(av)):
            run.append(chr(av).lower())
            continue
        if run:
            out.append(Clause(["".join(run)]))
            run = []
        if op is _sre_parse.SUBPATTERN:
            out += _clauses(av[-1])
        elif op is _sre_parse.BRANCH:
            best = [max(cs, key=_rank) if cs else None for cs in map(_clauses, av[1])]
            if all(best):
                out.append(Clause().union(*best))
        elif op in (_sre_parse.MAX_REPEAT, _sre_parse.MIN_REPEAT) and av[0] >= 1:
            out += _clauses(av[2])
    return out


_ZERO_WIDTH = (_sre_parse.AT, _sre_parse.ASSERT, _sre_parse.ASSERT_NOT)


def _alternatives(items) -> list:
    """The top-level branches of a parsed pattern (through groups around the whole of it, and
    past zero-width conditions such as ``gated``'s lookahead: without them a pattern matches
    more, so what its matches must contain still holds)."""
    items = [item for item in items if item[0] not in _ZERO_WIDTH]
    if len(items) == 1 and items[0][0] is _sre_parse.SUBPATTERN:
        return _alternatives(items[0][1][-1])
    if len(items) == 1 and items[0][0] is _sre_parse.BRANCH:
        return [alt for branch in items[0][1][1] for alt in _alternatives(branch)]
    return [items]


def _minimal(clause: Clause) -> Clause:
    # A literal containing another one adds nothing: the shorter one is there too.
    return Clause(x for x in clause if not any(y != x and y in x for y in clause))


class LiteralGate(NamedTuple):
    """Per alternative of a set of patterns, clauses its matches satisfy: a text none of whose
    alternatives has every clause satisfied (some literal of each in the folded text) cannot
    match. ``terms`` is None when some alternative has no clause (the gate always opens)."""

    terms: Optional[tuple[tuple[tuple[str, ...], ...], ...]]

    @classmethod
    def of(cls, patterns: Iterable[str], flags: int = 0) -> "LiteralGate":
        """The gate of ``patterns``, each compiled with ``flags`` (parsed with them: re.X)."""
        terms = []
        for p in patterns:
            try:
                parsed = _sre_parse.parse(p, flags)
            except Exception:  # a private parser changed shape in some Python: no gate, same results
                return cls(None)
            for alt in _alternatives(parsed):
                clauses = sorted({_minimal(c) for c in _clauses(alt)}, key=_rank, reverse=True)
                if not clauses:
                    return cls(None)
                terms.append(tuple(tuple(sorted(c)) for c in clauses))  # most selective first
        return cls(tuple(dict.fromkeys(terms)))

    def may_match(self, folded: str) -> bool:
        """False only when no pattern can match the text ``folded`` = ``fold_case(text)``."""
        if self.terms is None:
            return True
        for term in self.terms:
            for clause in term:
                for literal in clause:
                    if literal in folded:
                        break
                else:
                    break  # a clause with none of its literals: not this alternative
            else:
                return True
        return False


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


def _folded_marks(text: str) -> str:
    """``text`` with every sentence mark written "." (see _SENT_END_FOLDED_RE)."""
    return text.replace("!", ".").replace("?", ".").replace("…", ".")


@lru_cache(maxsize=64)
def _sentences_cached(text: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    folded = _folded_marks(text)
    for line in _TRIMMED_LINE_RE.finditer(text):  # lines(text)
        ls, le = line.span()
        start = ls
        for m in _SENT_END_FOLDED_RE.finditer(folded, ls, le):
            # the next non-space character of the line must look like a sentence start
            nxt = m[1]
            if nxt is not None and not (nxt.isupper() or nxt.isdigit() or nxt in _SENT_OPENERS):
                continue
            end = m.end()
            if end - m.start() == 1 and text[m.start()] == "." and _is_abbrev(text, end):
                continue
            if end > start:
                spans.append((start, end))
            start = le if nxt is None else m.start(1)
        if start < le:
            spans.append((start, le))
    return tuple(spans)


def sentences(text: str) -> list[Span]:
    """Sentence spans; a line break always ends a sentence (headings, list items)."""
    return list(_sentences_cached(text))


@lru_cache(maxsize=2)  # one article's content: a tuple of ints, a few bytes per sentence
def sentence_lengths(text: str) -> tuple[int, ...]:
    """Words (``WORD_RE``) in each sentence of ``text``, zeros included, in order: readability and
    mt both measure sentence length on the same content."""
    return _counts(word_index(text), _sentences_cached(text), sentence_word_ranges(text))


@lru_cache(maxsize=2)  # one article's content, as sentence_lengths (which reads it)
def sentence_word_ranges(text: str) -> tuple[Span, ...]:
    """For each sentence of ``text`` (:func:`sentences`), :meth:`WordIndex.span_range`: the indices
    [i, j) of its words in ``word_index(text)``, or (-1, -1) when a word crosses its edge. Worked
    out once for readability's and mt's sentence lengths and mt's per-sentence word counts."""
    return tuple(_word_ranges(word_index(text), _sentences_cached(text)))


def _word_ranges(idx: WordIndex, spans: Iterable[Span]) -> list[Span]:
    """``idx.span_range(s, e)`` for each span, in one loop (without its call per span)."""
    starts, ends, out = idx.starts, idx.ends, []
    for s, e in spans:
        i = bisect_right(ends, s)  # as WordIndex.span_range
        j = bisect_left(starts, e, i)
        out.append((-1, -1) if i < j and (starts[i] < s or ends[j - 1] > e) else (i, j))
    return out


def _counts(idx: WordIndex, spans: Sequence[Span], ranges: Sequence[Span]) -> tuple[int, ...]:
    """``idx.count_in(s, e)`` for each span, given its :func:`_word_ranges`: the regex counts the
    words of an odd span only (one a word crosses the edge of)."""
    return tuple(j - i if i >= 0 else len(WORD_RE.findall(idx.text, s, e)) for (s, e), (i, j) in zip(spans, ranges))


def span_word_counts(idx: WordIndex, spans: Iterable[Span]) -> tuple[int, ...]:
    """``idx.count_in(s, e)`` for each span, in one loop (without its two calls per span)."""
    spans = tuple(spans)
    return _counts(idx, spans, _word_ranges(idx, spans))


def snippet(text: str, start: int, end: int, limit: int = 240) -> str:
    """The exact text of a span, shortened with an ellipsis past ``limit`` characters."""
    s = text[start:end]
    return s if len(s) <= limit else s[: limit - 1] + "…"


# --- evasion folds: what a content farm does to hide a phrase from the fingerprint checks ---
# "A\u200bs an A\u200bI language model" (a zero-width space in each word), "Openаi" (a
# Cyrillic "а") or "𝐀𝐬 𝐚𝐧 𝐀𝐈" (mathematical bold) reads as the plain phrase on screen, but no
# phrase pattern, brand list or vocabulary matches it: the residue floor never fired and the
# text scored "likely reliable". Ingestion folds them once (scorer.ingest.normalise), so
# every family reads the plain words and every offset indexes the folded body. Each fold is
# narrow, so that honest text keeps its characters: an invisible character is removed only
# between Latin letters, digits, spaces and ASCII punctuation (a zero-width joiner in an
# emoji, a ZWNJ in Persian or a ZWSP in Thai stay); a Cyrillic or Greek lookalike only in a
# word that is Latin but for lookalikes (a Russian word keeps its letters, even next to a
# stray Latin one); fullwidth letters only in a text with no CJK (where they are ordinary).
# Characters that are themselves a fingerprint of machine translation are not folded.

# Bidi embeddings, overrides and isolates (U+202A-E, U+2066-9): folded here between Latin
# words, and shown escaped by the terminal table and the HTML report wherever they are left.
BIDI_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
BIDI_ESCAPES = {c: f"\\u{c:04x}" for c in BIDI_CONTROLS}
# Default-ignorable format characters that draw nothing: soft hyphen, combining grapheme
# joiner, Mongolian vowel separator, zero-width space/non-joiner/joiner, LRM/RLM, bidi
# embeddings and isolates, word joiner and invisible operators, BOM/ZWNBSP.
_INVISIBLE = "\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
# What may stand on either side of an invisible run that is removed (or the text's edge).
_LATIN_NEIGHBOUR = r"A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\s!-/:-@\[-`{-~\u2018-\u201f"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_INVISIBLE_IN_LATIN_RE = re.compile(
    f"(?<![^{_LATIN_NEIGHBOUR}])[{_INVISIBLE}]+(?![^{_LATIN_NEIGHBOUR}])")

# Cyrillic and Greek letters drawn as a Latin letter in common fonts (Unicode confusables).
_LOOKALIKE_CLASS = "АВЕКМНОРСТХІЈЅаеорсухіјѕԁԛԝӏҮһ" "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοϳ"
_LOOKALIKES = str.maketrans(_LOOKALIKE_CLASS, "ABEKMHOPCTXIJSaeopcyxijsdqwlYh" "ABEZHIKMNOPTYXoj")
# A lookalike next to an ASCII letter: where a mixed word can be (found in one C-level scan).
_MIXED_PAIR_RE = re.compile(f"[A-Za-z][{_LOOKALIKE_CLASS}]|[{_LOOKALIKE_CLASS}][A-Za-z]")
# A word made of lookalikes only ("АІ", Cyrillic) between two Latin words on a line: "As an
# АІ language model". A Russian or Greek word among Latin ones keeps its letters unless every
# one of them looks Latin ("СССР" is then read as the "CCCP" it shows).
_LOOKALIKE_WORD_RE = re.compile(
    f"(?<=[A-Za-z][^\\S\n])[{_LOOKALIKE_CLASS}]+(?![^\\W\\d_])(?=[,;:]?[^\\S\n]+[A-Za-z])")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_NOT_LATIN_RE = re.compile("[^\x00-\x7f\u00c0-\u024f]")  # a letter of a Latin word cannot be
# A word of lookalikes only, wherever it is; a run of them is such words with no other letter
# and no line break between them (spaces, punctuation, digits). A run is read as Latin when most
# of its words (3 in 4, every one of a run of one or two) are common English words (Zipf >= 3 in
# wordfreq's list: "as", "an", "ai", "language"; "СССР" read "cccp" is 1.8; of one letter only
# "a" and "I", and a run of one-letter words is none: "°С", "90х190") and it has a Latin word
# beside it on its line or three words or more: "Ох" alone on a line keeps its letters. A word
# is no run of letters and digits: "90х190" keeps its "х".
_LOOKALIKE_ONLY_WORD_RE = re.compile(f"(?<![^\\W_])[{_LOOKALIKE_CLASS}]+(?![^\\W_])")
_LETTER_OR_NEWLINE_RE = re.compile(r"[^\W\d_]|\n")
# The first UTF-8 byte of U+0340-053F (Greek and Cyrillic, with a few combining marks and the
# first Armenian letters: a count of "letters of those scripts" good enough for a majority).
_NOT_CYRILLIC_GREEK_LEAD_BYTES = bytes(b for b in range(256) if not 0xCD <= b <= 0xD4)
_LOOKALIKE_RE = re.compile(f"[{_LOOKALIKE_CLASS}]")
_GENUINE_CYRILLIC_GREEK_RE = re.compile(f"(?![{_LOOKALIKE_CLASS}])[\u0370-\u03ff\u0400-\u052f\u1f00-\u1fff]")
_ASCII_LETTER_RE = re.compile("[A-Za-z]")
_NOT_ASCII_LETTER_BYTES = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))
_COMMON_ZIPF = 3.0

# Mathematical alphanumerics (𝐀, 𝑎, 𝟏; with them, the letterlike symbols that fill the block's
# holes, ℎ ℯ ...: alone, "ℓ" is a litre) and fullwidth letters and digits (not punctuation: an
# MT system's "，" or "）" left in English is a translation artifact): NFKC maps each to one.
_MATH = "\U0001d400-\U0001d7ff"
_FULLWIDTH = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"  # letters, digits
_MATH_RE = re.compile(f"[{_MATH}]")
_MATH_OR_LETTERLIKE_RE = re.compile(f"[{_MATH}\u210a-\u2134]")
_FULLWIDTH_RE = re.compile(f"[{_FULLWIDTH}]")
_CJK_RE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_FOLDABLE_RE = re.compile(f"[{_INVISIBLE}{_LOOKALIKE_CLASS}{_MATH}{_FULLWIDTH}]")


def fold_evasions(text: str) -> str:
    """``text`` with the character tricks that hide a phrase undone (see above). Plain ASCII
    text returns at once; other text pays a few C-level scans unless it holds such characters."""
    if text.isascii():
        return text
    # One class of every character a fold needs, searched in the non-ASCII characters only
    # (English news has a few dozen: quotes, dashes, accents), got by deleting the ASCII bytes
    # of its UTF-8 in C: ~10 µs on 6 KB, where any regex scan of the text costs ~100 µs.
    if not _FOLDABLE_RE.search(non_ascii(text)):
        return text
    if _INVISIBLE_RE.search(text):
        text = _INVISIBLE_IN_LATIN_RE.sub("", text)
    return _fold_letters(text)


def _fold_letters(text: str) -> str:
    """The folds that keep the length: lookalike, mathematical and fullwidth letters."""
    # Each lookalike step only while lookalikes are left (searched in the non-ASCII characters:
    # ~10 µs, where a regex scan of a 10 KB text costs ~0.1-0.3 ms).
    if _LOOKALIKE_RE.search(non_ascii(text)):
        if _MIXED_PAIR_RE.search(text):
            text = _fold_mixed_words(text)
        if _LOOKALIKE_RE.search(non_ascii(text)):
            if _LOOKALIKE_WORD_RE.search(text):
                text = _LOOKALIKE_WORD_RE.sub(lambda m: m.group().translate(_LOOKALIKES), text)
            if _LOOKALIKE_ONLY_WORD_RE.search(text):
                text = _fold_lookalike_runs(text)
    if _MATH_RE.search(text):
        text = _MATH_OR_LETTERLIKE_RE.sub(_nfkc_one, text)
    if _FULLWIDTH_RE.search(text) and not _CJK_RE.search(text):
        text = _FULLWIDTH_RE.sub(_nfkc_one, text)
    return text


def _fold_lookalike_runs(text: str) -> str:
    """Runs of words written wholly in lookalikes that no Latin word encloses ("Аs аn АІ
    lаnguаgе mоdеl" with every letter Cyrillic, or "Аs" first on a line), read as Latin when
    the text is mostly Latin letters, their line holds no other Cyrillic or Greek letter, and
    their words read as common English words (see _LOOKALIKE_ONLY_WORD_RE)."""
    raw = text.encode("utf-8", "surrogatepass")
    latin = len(raw.translate(None, _NOT_ASCII_LETTER_BYTES))
    if latin <= len(raw.translate(None, _NOT_CYRILLIC_GREEK_LEAD_BYTES)):
        return text  # a Russian or Greek text (a doctored English one keeps most letters Latin)
    from .features.word_freq import zipf  # the wordfreq list, loaded lazily

    runs: list[list[re.Match]] = []  # words with no other letter between them, on one line
    for w in _LOOKALIKE_ONLY_WORD_RE.finditer(text):
        if runs and not _LETTER_OR_NEWLINE_RE.search(text, runs[-1][-1].end(), w.start()):
            runs[-1].append(w)
        else:
            runs.append([w])
    out, done, line_of = [], 0, (-1, -1, False)  # (start, end, usable and has a Latin word)
    for run in runs:
        s, e = run[0].start(), run[-1].end()
        if not line_of[0] <= s < line_of[1]:
            lo, hi = text.rfind("\n", 0, s) + 1, text.find("\n", e)
            hi = len(text) if hi < 0 else hi
            line = text[lo:hi]
            line_of = (lo, hi, None if _GENUINE_CYRILLIC_GREEK_RE.search(line)  # a Russian or
                       else _ASCII_LETTER_RE.search(line) is not None)     # Greek quote: kept
        if line_of[2] is None:
            continue
        words = [w.group().translate(_LOOKALIKES) for w in run]
        if all(len(w) == 1 for w in words):
            continue  # "у" or "с" quoted alone (a Russian preposition), "°С" (Celsius): no word
        english = sum(w in "aAI" if len(w) == 1 else zipf(w.lower()) >= _COMMON_ZIPF for w in words)
        if 4 * english >= 3 * len(words) and (line_of[2] or len(words) >= 3):
            out += [text[done:s], text[s:e].translate(_LOOKALIKES)]
            done = e
    out.append(text[done:])
    return "".join(out)


class Fold(NamedTuple):
    """One word :func:`fold_evasions` changed: its span in the folded text, what hid it
    (``invisible``: format characters removed from inside it; ``soft_hyphen``: soft hyphens
    only, which a CMS puts inside long words as hyphenation hints; ``lookalike``: Cyrillic or Greek
    letters read as Latin; ``math``, ``fullwidth``: such letters read as plain ones) and how
    many characters were removed or read otherwise."""

    start: int
    end: int
    kind: str
    chars: int


FOLD_KINDS = ("invisible", "soft_hyphen", "lookalike", "math", "fullwidth")
_SOFT_HYPHEN = "\u00ad"
_WORD_CHAR_RE = re.compile(r"[^\W_]")
_WORD_RUN_RE = re.compile(r"[^\W_]*")


def fold_trace(text: str) -> tuple[str, list[Fold]]:
    """``fold_evasions(text)`` and the words it changed, in text order (one :class:`Fold` per
    word and kind). An invisible run removed at a word's edge or between non-letters (a CMS's
    stray zero-width space before a space) is left out: it hid no letter of a word. Slower than
    :func:`fold_evasions` (a Python step per changed character): for texts it changed."""
    if text.isascii() or not _FOLDABLE_RE.search(non_ascii(text)):
        return text, []
    removed: list[tuple[int, int, bool]] = []  # (position after removal, characters, all soft hyphens)
    if _INVISIBLE_RE.search(text):
        pieces, done, gone = [], 0, 0
        for m in _INVISIBLE_IN_LATIN_RE.finditer(text):
            pieces.append(text[done:m.start()])
            gone_here = m.end() - m.start()
            removed.append((m.start() - gone, gone_here, m.group().strip(_SOFT_HYPHEN) == ""))
            gone += gone_here
            done = m.end()
        pieces.append(text[done:])
        text = "".join(pieces)
    folded = _fold_letters(text)
    found: dict[tuple[int, int, str], int] = {}
    word = _WordAt(folded)
    for i, n, soft in removed:
        if 0 < i < len(folded) and _WORD_CHAR_RE.match(folded, i - 1) and _WORD_CHAR_RE.match(folded, i):
            key = (*word(i), "soft_hyphen" if soft else "invisible")
            found[key] = found.get(key, 0) + n
    if folded != text:
        for m in _FOLDABLE_RE.finditer(text):
            i = m.start()
            if folded[i] != text[i]:
                key = (*word(i), _fold_kind(text[i]))
                found[key] = found.get(key, 0) + 1
    return folded, [Fold(s, e, kind, n) for (s, e, kind), n in sorted(found.items())]


class _WordAt:
    """The run of letters and digits holding ``text[i]`` (``i`` alone when it is none), the
    last one found kept: asked in increasing order, each word is walked once (a million-letter
    word with a lookalike in every other letter stays linear)."""

    def __init__(self, text: str):
        self.text, self.last = text, (0, 0)

    def __call__(self, i: int) -> tuple[int, int]:
        if self.last[0] <= i < self.last[1]:
            return self.last
        text, s = self.text, i
        while s > 0 and _WORD_CHAR_RE.match(text, s - 1):
            s -= 1
        m = _WORD_RUN_RE.match(text, i)
        self.last = (s, max(m.end(), i + 1))
        return self.last


def _fold_kind(ch: str) -> str:
    if ch in _LOOKALIKE_CLASS:
        return "lookalike"
    return "fullwidth" if _FULLWIDTH_RE.match(ch) else "math"


# --- diacritics on Latin letters: what a phrase check reads past ---------------------------------
# "As an AI lánguage model" (an accent put on one letter, precomposed or as a combining mark)
# hides chatbot residue from a literal pattern as well as a lookalike letter does. fold_evasions
# cannot drop accents from the text (café, São Paulo and Yoruba tone marks are real), so the
# residue check reads an unmarked copy instead: precomposed Latin letters mapped one for one to
# their base letter, combining marks left out, and each copy position mapped back to the text.
_COMBINING_RE = re.compile("[\u0300-\u036f]")


def _unmark_table() -> dict[str, str]:
    """Each precomposed Latin letter with diacritics -> its base letter."""
    table = {}
    for o in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        d = unicodedata.normalize("NFD", chr(o))
        if len(d) > 1 and d[0].isascii() and d[0].isalpha() and all(unicodedata.category(c) == "Mn" for c in d[1:]):
            table[chr(o)] = d[0]
    return table


_UNMARK = _unmark_table()
_MARKED_RE = re.compile("[\u0300-\u036f" + "".join(_UNMARK) + "]")


def unmarked(text: str) -> tuple[str, Optional[list[int]]]:
    """``text`` without the diacritics of its Latin letters, and where each of its characters is
    in ``text`` (None: at the same offset; ``text`` itself when it has none)."""
    if text.isascii():
        return text, None
    marked = set(_MARKED_RE.findall(non_ascii(text)))
    if not marked:
        return text, None
    plain = text
    for ch in marked:  # a few distinct letters, each replaced by one C scan (str.translate with a
        if ch in _UNMARK:  # dict looks every character up: ~0.2 ms of 3 KB)
            plain = plain.replace(ch, _UNMARK[ch])
    if all(ch in _UNMARK for ch in marked):  # no combining mark
        return plain, None
    where = [i for i, c in enumerate(plain) if not "\u0300" <= c <= "\u036f"]
    return _COMBINING_RE.sub("", plain), where


def non_ascii(text: str) -> str:
    """The non-ASCII characters of ``text``, in order (the bytes of a multi-byte UTF-8
    sequence are all >= 0x80: deleting the ASCII bytes leaves whole characters)."""
    raw = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return raw.decode("utf-8", "surrogatepass")


_ASCII_BYTES = bytes(range(0x80))


def _nfkc_one(m: re.Match) -> str:
    """The NFKC form of one character when it is one character (offsets of the rest stay)."""
    folded = unicodedata.normalize("NFKC", m.group())
    return folded if len(folded) == 1 else m.group()


def _fold_mixed_words(text: str) -> str:
    """Each word holding an ASCII letter and lookalikes, and no other non-Latin letter, with
    its lookalikes made Latin ("Openаi" -> "Openai"; "мoлоко" keeps its Cyrillic)."""
    out, done = [], 0
    for m in _MIXED_PAIR_RE.finditer(text):
        if m.start() < done:
            continue  # in the word folded (or left) last
        word = _LETTERS_RE.search(text, _word_start(text, m.start(), done))
        s, e = word.span()
        folded = word.group().translate(_LOOKALIKES)
        if folded.isascii() or not _NOT_LATIN_RE.search(folded):
            out += [text[done:s], folded]
        else:
            out.append(text[done:e])
        done = e
    out.append(text[done:])
    return "".join(out)


def _word_start(text: str, i: int, lo: int) -> int:
    """Where the word holding ``text[i]`` (a letter) starts, not before ``lo``."""
    while i > lo and text[i - 1].isalpha():
        i -= 1
    return i
