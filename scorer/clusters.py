"""Copy clusters: group the articles of a batch that are rewrites of one another.

A content farm takes one piece of reporting and republishes it many times: machine-translated
there and back, synonym-spun, rewritten by an LLM. Such copies share little of their wording
and much of their *facts*. Two signals, both stored in a compact, deterministic
:class:`Fingerprint` computed once per article (in the batch worker):

* **text MinHash** over word 3-shingles (``TEXT_PERMS`` values). Near-copies, spun text and
  most machine-translation round trips keep many 3-word runs; unrelated articles share almost
  none (Jaccard < 0.05 for 99.9 % of unrelated news pairs, train side).
* **entity MinHash** over the article's *anchors*: capitalised names ("Mark Zuckerberg",
  "Openai" and "OpenAI" alike, compared lowercased), numbers (thousands separators and decimal
  marks dropped, so "$ 14.3 billion" and "14,3" agree) and short quoted strings
  (``ENTITY_PERMS`` values). A paraphrase or translation changes the words around the facts,
  not the names and figures, so this survives where the shingles do not. Its weak point is
  topic: two different stories about the same people share names too, so it is only trusted
  with enough anchors on both sides (``MIN_ENTITIES``) and a high overlap.

The number of shared anchors is estimated from the MinHash Jaccard and the two set sizes
(|A∩B| = J (|A| + |B|) / (1 + J)), so no set has to be stored (see :func:`pair_similarity`).

Thresholds were chosen on the ``train`` side of the project's story split (a grid over the
values below, best pairwise F1, see :func:`evaluate`) and are measured on the ``test``
side; never set from the seeds. Measured (pairwise "same cluster" vs "same story", all test
documents pooled into one batch: 1,443 documents, 308 stories): precision 0.958, recall 0.928
(WMT versions of one document P 0.951 / R 0.996; LLMFake rewrites 0.983 / 0.820; SheepDog
restylings 1.000 / 0.811). Most "false" merges are real: three WMT documents reporting one naval
parade, PolitiFact originals that are near-identical texts under two story ids. Version 1 of the
fingerprint (64 anchor values, threshold 0.35, 4 shared) measured P 0.892 / R 0.916: a Jaccard
estimated from 64 values has a standard error of ~0.06 near the threshold, so same-topic stories
crossed it by chance and chained; 128 values halve the variance and allow a higher threshold.

* ``TEXT_THRESHOLD`` 0.15 text Jaccard: unrelated news pairs stay below 0.05 (99.9th
  percentile), independent human translations of one document are mostly above it (median
  0.38), copies far above. Lower values chained same-topic stories on the train side.
* ``ENTITY_THRESHOLD`` 0.40 anchor Jaccard, with at least ``MIN_SHARED`` = 3 anchors shared:
  unrelated stories stay below about 0.2 (99.9th percentile) while rewrites have a median of
  roughly 0.45–0.7; the shared-count floor keeps one common "Donald Trump" from joining two
  short stories. On the train side F1 falls off a cliff below ~0.35 (0.67 at 0.30: same-topic
  stories chain), so the threshold sits a margin above it.
* ``LOOSE_ENTITY_THRESHOLD`` 0.25 with ``LOOSE_MIN_SHARED`` = 20 shared anchors: a rewrite that
  adds many names and figures of its own (an LLM pass over a garbled machine translation: seeds
  000/001 share 42 anchors at an anchor Jaccard of 0.34) dilutes the Jaccard but keeps the facts.
  Train-side F1 0.927 → 0.934 (grid 0.25/0.30 × 18–30 shared; 18 ties on F1 with lower
  precision); test side 0.936 → 0.943. Below ~18 shared, same-topic stories chain again.
* Multi-word names are also added word by word (a rewrite says "Okafor" for "Ines Okafor"):
  +1 point of train F1 over whole names only.
* **The number check** (``MIN_NUMBERS`` 4, ``MIN_NUMBER_CONTAINMENT`` 0.5): reports written
  from one template on different days (stock closes, obituaries, election results) share the
  template's sentences and names, so either signal links them all; a copy keeps the figures of
  what it copies, they each have their own. When both articles carry 4+ distinct figures (the
  ``d:`` anchors) and fewer than half of the smaller side's are in the other, they are no copies,
  whatever the signals say. Containment rather than Jaccard: a summary keeps a few of its
  source's figures, all of them the source's. Chosen on the train side: 8 of its 8,495 true
  same-story links fail it (a Jaccard of the figures < 0.25 would lose 20), while 923 of 926
  links among 100 reports of five template families of our own do; pooled F1 unchanged there
  (0.934). A figure with a scale word is read at its value (:func:`_figures`): translations
  write "20 thousand" for "20,000" (held-out recall was 0.926 without it, 0.928 with it and
  without the check; precision 0.958 throughout).
* **The names check** (``NAMES_CHECK_TEXT`` 0.25, ``MIN_ANCHORS_CHECKED`` 6,
  ``MIN_ANCHOR_CONTAINMENT`` 0.5): templates of words alone (obituaries, match reports, wedding
  notices) carry too few figures for the number check, and every report of a kind was one
  cluster. Their reports share whole sentences around other people, places and teams; a copy
  keeps the names of what it copies. So a pair linked by its text alone, sharing much of it
  (text Jaccard >= 0.25) with 6+ anchors on each side, is no copy when fewer than half of the
  smaller side's anchors are in the other (shared anchors estimated from the anchor MinHash, as
  above: no new fingerprint field, so it applies to fingerprints of earlier releases too). The
  anchor rules are left alone (their anchors agree by definition). Chosen on the train side with
  three word-only template families of our own, three batches of 20 reports each: match reports
  and obituaries were one cluster of 20 before, their largest cluster is 2–4 after; weather
  forecasts that name three places have too few anchors for the check and stay one cluster.
  Train-side F1 0.9422 → 0.9423. The text-Jaccard condition was added
  after the first version (containment < 0.45 at any text Jaccard) cost held-out recall (0.932 →
  0.928): independent translations of one Russian story share less text (0.16–0.22) and spell
  its names their own way ("Kanayevsky", "Kanaevsky"). On the train side the condition costs
  nothing (template pairs share 0.33 or more at their 5th percentile): recall 0.9264 at a
  containment of 0.45 with or without it, and with it the containment could rise to 0.5 (0.9249
  without it), which parts the tuning families further (largest cluster 2–4, not 2–6). Held out,
  the figures are then those without the check.

Candidates are found with LSH banding (numpy, no per-article Python objects): articles whose
signatures agree on a whole band of values are compared, and only then are their similarities
computed. Clusters are the connected components of the pairs above threshold (numpy
hooking and pointer jumping, :func:`_min_labels`).
Each cluster's likely **original** is its earliest-dated member, then the highest score, then
the least key (the path, in code-point order; never input order, which a resumed output or
another walk changes); rows without a date or score sort after those with one.

Everything is deterministic: hashes are blake2b (never Python's salted ``hash()``), MinHash
permutations are derived from a fixed seed, and the original's ties break on the key.
"""
from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Hashable, Iterable, Iterator, Optional, Union

import numpy as np

from .memo import BoundedCache

TEXT_PERMS = 64  # MinHash values over word shingles
ENTITY_PERMS = 128  # MinHash values over the entity/number/quote set
SHINGLE = 3  # words per shingle
MIN_WORDS = 20  # fewer words: no text signature (too little to tell a copy from chance)
MIN_ENTITIES = 4  # fewer anchors: no entity signature
FINGERPRINT_VERSION = 2  # 2: 128 anchor values, possessives and headline lines normalised

# LSH bands (rows per band). Text: 32 bands of 2 rows. A pair of text Jaccard J becomes a
# candidate with probability 1 - (1 - J**2)**32: 0.52 at the text threshold (0.15), 0.87 at 0.25,
# 0.95 at 0.30, and the chains of a story's other versions find most of the rest. 16 bands of 4
# rows (earlier releases) found a pair at 0.15 with probability 0.008 and at 0.30 with 0.12,
# so the index linked far fewer pairs than its own rule accepts: copies without enough anchors
# for the anchor bands (short rewrites, paraphrases that drop the names) were never compared.
# Measured on the train side against comparing all 4.6 million pairs: recall 0.911 (4 rows),
# 0.922 (3), 0.927 (2), 0.927 (all pairs), precision 0.958 for each; candidate pairs +0.5 %,
# since the anchor bands make most of them. Entities: 64 bands of 2 rows (J 0.40: > 0.99).
TEXT_ROWS = 2
ENTITY_ROWS = 2
N_BANDS = TEXT_PERMS // TEXT_ROWS + ENTITY_PERMS // ENTITY_ROWS  # numbered by ClusterIndex.band_keys

TEXT_THRESHOLD = 0.15
ENTITY_THRESHOLD = 0.40
MIN_SHARED = 3
# Second anchor rule: many shared anchors at a lower Jaccard. A rewrite that adds its own names
# and figures (an LLM pass over a garbled MT round trip) dilutes the Jaccard while keeping the
# facts: 20+ shared names/figures/quotes with J >= 0.25 are one story on the train side.
LOOSE_ENTITY_THRESHOLD = 0.25
LOOSE_MIN_SHARED = 20
# The number check (see the module docstring): a pair whose texts each carry at least
# MIN_NUMBERS distinct figures is no copy when fewer than MIN_NUMBER_CONTAINMENT of the smaller
# side's figures are in the other. NUMBER_SKETCH: the figures kept per article (its smallest
# hashes, a bottom-k sketch: exact up to that many, 99 % of news articles on the train side).
MIN_NUMBERS = 4
MIN_NUMBER_CONTAINMENT = 0.5
NUMBER_SKETCH = 32
# The names check (see the module docstring): a pair linked by its text alone that shares much
# of it (text Jaccard >= NAMES_CHECK_TEXT), each side with at least MIN_ANCHORS_CHECKED anchors,
# is no copy when fewer than MIN_ANCHOR_CONTAINMENT of the smaller side's anchors are in the
# other (estimated from the anchor MinHash and the set sizes).
NAMES_CHECK_TEXT = 0.25
MIN_ANCHORS_CHECKED = 6
MIN_ANCHOR_CONTAINMENT = 0.5
BUCKET_CAP = 64  # a band bucket larger than this is compared in a sliding window, not all pairs
BUCKET_WINDOW = 16

_EMPTY = np.uint32(0xFFFFFFFF)
_SEED = b"spinscore-clusters-v1"
_MASK64 = (1 << 64) - 1


def _params(n: int, label: bytes) -> tuple[np.ndarray, np.ndarray]:
    """``n`` (a, b) pairs for multiply-shift hashing, from a fixed seed (a odd)."""
    raw = hashlib.blake2b(_SEED + label, digest_size=64).digest()
    words = []
    counter = 0
    while len(words) < 2 * n:
        block = hashlib.blake2b(raw + counter.to_bytes(4, "little"), digest_size=64).digest()
        words.extend(int.from_bytes(block[i:i + 8], "little") for i in range(0, 64, 8))
        counter += 1
    a = np.array([w | 1 for w in words[:n]], dtype=np.uint64)
    b = np.array(words[n:2 * n], dtype=np.uint64)
    return a, b


_TEXT_AB = _params(TEXT_PERMS, b"text")
_ENT_AB = _params(ENTITY_PERMS, b"entity")


# An 8-byte BLAKE2b with no data yet: copying it is the state a new one starts from, without
# parsing the constructor's arguments again (~40 % of the hashing time of ~470 shingles).
_BLAKE2B_8 = hashlib.blake2b(digest_size=8)


def _minhash(hashes: np.ndarray, ab: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """MinHash with the multiply-shift family h(x) = ((a·x + b) mod 2^64) >> 32."""
    a, b = ab
    if hashes.size == 0:
        return np.full(a.size, _EMPTY, dtype=np.uint32)
    with np.errstate(over="ignore"):
        v = hashes[:, None] * a[None, :]
        v += b  # in place: one (items x perms) temporary, not three
    # ">> 32" is monotone, so the minimum's top half is the minimum of the top halves: one
    # shift per permutation instead of one per (item, permutation).
    return (v.min(axis=0) >> np.uint64(32)).astype(np.uint32)


# A figure followed by a scale word is compared at its value: "20 thousand" is "20,000", "$14.3
# billion" and "14,3 billion" (a decimal comma, as machine translation writes it) are
# 14,300,000,000. The anchors keep their digits ("d:143"): only the number check reads values.
# _FIGURE_RE's first group matches what _NUMBER_RE matches (the scale word after it has no digit,
# so the next number starts where it would have): one scan gives the anchors and the figures.
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "bn": 10**9}
_FIGURE_RE = re.compile(r"(\d[\d,.\u00a0 ]*\d|\d)(?:[ \u00a0]?(thousand|million|billion|trillion|bn)\b)?",
                        re.IGNORECASE)
_SEPARATOR_RE = re.compile(r"[,.\u00a0 ]")


def _scaled(number: str, scale: int) -> Optional[str]:
    """The digits of ``number`` times ``scale``: a last separator followed by one or two digits
    is a decimal mark (either kind), every other separator groups thousands."""
    parts = _SEPARATOR_RE.split(number)
    if len(parts) > 1 and 1 <= len(parts[-1]) <= 2:
        whole, frac = "".join(parts[:-1]), parts[-1]
    else:
        whole, frac = "".join(parts), ""
    value = int(whole or "0") * scale + int(frac or "0") * scale // 10 ** len(frac)
    return str(value) if value else None


def _digits_and_figures(pairs: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """From :data:`_FIGURE_RE`'s (number, scale word) matches: the number anchors (``d:`` and
    the digits, two or more) and the figures the number check compares (the same, but a number
    with a scale word at its value), each in text order."""
    # A number match is digits (\d) and the separators of _NUMBER_RE, so deleting those four
    # characters (translate, in C) leaves what re.sub(r"\D", "", ...) left.
    digits = [n.translate(_NUMBER_SEPARATORS).lstrip("0") for n, _ in pairs]
    anchors = ["d:" + d for d in digits if len(d) >= 2]  # single digits are everywhere
    if not any(scale for _, scale in pairs):  # the usual case: the figures are the anchors
        return anchors, anchors
    figures = []
    for (n, scale), d in zip(pairs, digits):
        v = _scaled(n, _SCALES[scale.lower()]) if scale else d
        if v and len(v) >= 2:
            figures.append("d:" + v)
    return anchors, figures


def _figures(t: str) -> list[str]:
    """The figures the number check compares, in text order (:func:`_digits_and_figures`)."""
    return _digits_and_figures(_FIGURE_RE.findall(t))[1]


def _number_sketch(numbers: Iterable[str]) -> np.ndarray:
    """The bottom-``NUMBER_SKETCH`` sketch of a set of figures (anchors ``d:…``): the smallest
    of the top 32 bits of their 64-bit BLAKE2b, ascending, ``_EMPTY`` after the last (a value
    of ``_EMPTY`` itself is taken as one less, before the repeats go, so the values stay
    distinct). Two sketches give the figures two articles share exactly while both sets fit
    (:func:`_number_containment`). The hashes are :func:`_digests`'; a few figures an article,
    so the rest is plain Python, which beats numpy's per-call cost here (~9 µs against 14)."""
    tops = {min(h >> 32, 0xFFFFFFFE) for h in _digests(map(str.encode, numbers)).tolist()}
    out = np.full(NUMBER_SKETCH, _EMPTY, dtype=np.uint32)
    if tops:
        kept = sorted(tops)[:NUMBER_SKETCH]
        out[:len(kept)] = kept
    return out


def _digests(items: Iterable[bytes]) -> np.ndarray:
    """The 64-bit BLAKE2b (little-endian) of each of ``items`` (already UTF-8), in their order,
    repeats kept: all :func:`_minhash` takes of them is a minimum, which neither order nor
    repeats change, so they are not sorted or made distinct (~15 µs an article)."""
    copy = _BLAKE2B_8.copy
    out = []
    for s in items:
        h = copy()
        h.update(s)
        out.append(h.digest())
    return np.frombuffer(b"".join(out), dtype="<u8")


# ---- text features ----------------------------------------------------------------------------
_WORD_RE = re.compile(r"\w+", re.UNICODE)
# A capitalised word (incl. CamelCase "OpenAI" and acronyms), possibly joined by name particles.
_CAP = r"(?:[A-Z][\w'’\-]*\w|[A-Z])"
_NAMED_PARTS = rf"(?:\s+(?:(?:of|de|da|von|van|al|bin|der|la|le|du)\s+)?{_CAP})*"
# r"\b" + _CAP + _NAMED_PARTS, with the word boundary written as "the capital just matched
# does not follow a word character" ((?<!\w.) after it): a pattern that starts with a capital
# lets the engine skip ahead to the next one instead of trying every position (~2x faster).
_NAME_RE = re.compile(rf"(?:[A-Z](?<!\w.)[\w'’\-]*\w|[A-Z](?<!\w.)){_NAMED_PARTS}")
_NUMBER_RE = re.compile(r"\d[\d,.\u00a0 ]*\d|\d")
_QUOTE_RE = re.compile(r"[\"“„«]([^\"“”„«»\n]{12,160})[\"”»]")
# Capitalised only because they start a sentence, or too common to say what a story is about.
_STOP_NAMES = frozenset("""
a an the this that these those it its he she they we you i his her their our my your there here
in on at for from to by with as of and or but if when while after before since during because
so yet not no yes one two three four five six seven eight nine ten first last next new more most
many some all any each every other such what which who whom whose where why how then than also
mr mrs ms dr said says according however meanwhile monday tuesday wednesday thursday friday
saturday sunday january february march april may june july august september october november
december today yesterday tomorrow read share source image photo video getty reuters ap afp
""".split())


_PARTICLES = frozenset("of de da von van al bin der la le du".split())


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# _word_bytes: the words of _WORD_RE as bytes, found by C passes over the UTF-8 of the text
# instead of a regex scan (which tries every position and builds a str per word: ~0.1 ms of the
# ~0.6 a fingerprint cost). Every ASCII byte that is not \w becomes a space; the bytes of
# non-ASCII characters (all >= 0x80 in UTF-8, so never an ASCII byte's) are kept, and the few
# distinct non-ASCII characters that are not \w (curly quotes, dashes) are replaced by a space
# each, by bytes.replace: UTF-8 is self-synchronising, so a character's bytes occur only where
# that character is. Lone surrogates (not \w either) are encoded with "surrogatepass".
_ASCII_WORD_BYTES = bytes(c if _WORD_RE.fullmatch(chr(c)) else 0x20 for c in range(128)) + bytes(range(128, 256))
_ASCII_BYTES = bytes(range(128))
_NON_WORD_CHAR_RE = re.compile(r"\W")
_NON_WORD_RUN_RE = re.compile(r"\W+")
_MAX_REPLACED = 32  # more distinct non-word characters: one regex pass instead of a replace each


def _word_bytes(t: str) -> tuple[bytes, str]:
    """``t`` as UTF-8 with every character that is not ``\\w`` made a space: its ``.split()``
    is ``_WORD_RE.findall(t)``, each word encoded (a \\w character is never whitespace). And
    the non-ASCII characters of ``t``, in order ("" for an ASCII text)."""
    u = t.encode("utf-8", "surrogatepass").translate(_ASCII_WORD_BYTES)
    if t.isascii():
        return u, ""
    na = u.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    others = set(_NON_WORD_CHAR_RE.findall(na))
    if len(others) > _MAX_REPLACED:
        return _NON_WORD_RUN_RE.sub(" ", t).encode("utf-8", "surrogatepass"), na
    for ch in others:
        u = u.replace(ch.encode("utf-8", "surrogatepass"), b" ")
    return u, na


def _lowered_words(t: str) -> list[bytes]:
    """``[w.lower().encode() for w in _WORD_RE.findall(t)]``, from :func:`_word_bytes` and one
    lowering of the whole. Lowering the words separated by spaces is lowering each alone:
    str.lower works character by character except for the final sigma, whose context scan stops
    at a space (neither cased nor case-ignorable) as at the end of a lone word; no lowered
    character is ASCII whitespace. ASCII lowering (bytes.lower) is enough when no non-ASCII
    character of the text changes in lower case (a capital sigma always does)."""
    u, na = _word_bytes(t)
    if na.lower() != na:
        return u.decode("utf-8", "surrogatepass").lower().encode("utf-8", "surrogatepass").split()
    return u.lower().split()


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD_RE.findall(_norm(text))]


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    return _shingles_of(words(text), k)


def _shingles_of(ws: list[str], k: int = SHINGLE) -> set[str]:
    """The ``k``-word shingles of ``ws``: zipped shifted copies, not a slice per shingle."""
    return set(map(" ".join, zip(*(ws[i:] for i in range(k))))) if len(ws) >= k else set()


def entities(text: str) -> set[str]:
    """The anchors of a story: names, numbers and quoted strings, normalised.

    A single capitalised word counts only when it does not start a sentence (there it is just
    grammar) and is not a stop name; a multi-word name always counts. Possessives are dropped
    ("Zuckerberg's" is Zuckerberg). Names are not read from headline-case lines ("Key Moves In
    The AI Arena"): there every word is capitalised, so capitals say nothing about names, and a
    rewrite's new subheadings would add anchors its original never had.
    """
    return _entities(_norm(text))


def _entities(t: str) -> set[str]:
    """:func:`entities` of a text already NFKC-normalised (:func:`fingerprint` has it: the
    second normalisation of the whole text is skipped)."""
    return _entities_and_figures(t)[0]


def _entities_and_figures(t: str) -> tuple[set[str], list[str]]:
    """:func:`_entities` and :func:`_figures` of ``t`` from one scan of its numbers."""
    out: set[str] = set()
    # Blank headline-case lines only when there is one (~0.3 lines an article): a line whose
    # end, spaces stripped, is sentence punctuation is never one (_is_headline's first test),
    # and is ruled out here without a Python call per line or the rebuilt copy of the text.
    if any(map(_is_headline, [ln for ln in t.split("\n") if ln and not ln.rstrip().endswith(_SENTENCE_ENDS)])):
        names_from = _HEADLINE_LINE_RE.sub(_blank_headline, t)
    else:
        names_from = t
    anchors_of = _NAME_ANCHORS.__getitem__
    for m in _NAME_RE.finditer(names_from):
        found, check = anchors_of(m.group(0))
        if found and not (check and _starts_sentence(t, m.start())):  # not a sentence-initial plain word
            out.update(found)
    anchors, figures = _digits_and_figures(_FIGURE_RE.findall(t))
    out.update(anchors)
    for m in _QUOTE_RE.finditer(t):
        q = " ".join(words(m.group(1)))
        if len(q.split()) >= 3:
            out.add("q:" + q)
    return out, figures


_POSSESSIVE_RE = re.compile(r"['’][sS]$")
_HEADLINE_LINE_RE = re.compile(r"[^\n]+")
_LETTER_RE = re.compile(r"[^\W\d_]")
_HEADLINE_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*")
_MINOR_WORDS = frozenset("a an the of and or nor but in on at for to by with as from into vs via per".split())


def _name_part(part: str) -> str:
    return _POSSESSIVE_RE.sub("", part).lower().strip("'’")


def _name_anchors(match: str) -> tuple[tuple[str, ...], bool]:
    """The anchors one _NAME_RE match adds, and whether they are dropped when it opens a
    sentence (a single plain capitalised word): all of :func:`entities`' per-name work but the
    sentence test, which depends on where the match is, so it can be memoised by the match."""
    parts = match.split()
    # Drop leading stop words ("The European Union" -> "european union").
    while parts and parts[0].lower() in _STOP_NAMES:
        parts.pop(0)
    if not parts:
        return (), False
    if len(parts) == 1:
        w = _name_part(parts[0])
        if w in _STOP_NAMES or len(w) < 2:
            return (), False
        return ("n:" + w,), match == parts[0] and not _is_marked(parts[0])
    # A rewrite shortens names ("Okafor" for "Ines Okafor"): keep the parts too.
    return ("n:" + " ".join(_name_part(p) for p in parts), *("n:" + _name_part(p) for p in parts if len(p) > 2
            and p.lower() not in _STOP_NAMES and p.lower() not in _PARTICLES)), False


# Names recur within and across articles ("The", "Mr Smith", "Reuters"): ~52 matches an article,
# most seen before. Bounded in keys and key length (scorer.memo).
_NAME_ANCHORS = BoundedCache(_name_anchors, 1 << 15, 64)
_NUMBER_SEPARATORS = str.maketrans("", "", ",.\u00a0 ")
_SENTENCE_ENDS = (".", '"', "”", "?", "!")


def _is_headline(line: str) -> bool:
    """A line in headline case: three or more content words, at least 80 % of them capitalised,
    not ending like a sentence."""
    if line.rstrip().endswith(_SENTENCE_ENDS):  # first: a prose line costs no word scan
        return False
    ws = [w for w in _HEADLINE_WORD_RE.findall(line) if w.lower() not in _MINOR_WORDS]
    if len(ws) < 3:
        return False
    return sum(w[0].isupper() for w in ws) >= 0.8 * len(ws)


def _blank_headline(m: "re.Match[str]") -> str:
    """A headline-case line with its letters turned to 'x' (offsets and digits kept), so no
    name is read from it."""
    line = m.group(0)
    return _LETTER_RE.sub("x", line) if _is_headline(line) else line


def _starts_sentence(text: str, at: int) -> bool:
    """Whether position ``at`` opens a sentence or line (looking back past spaces and quotes)."""
    i = at - 1
    while i >= 0 and text[i] in " \t\"'“‘(«":
        i -= 1
    return i < 0 or text[i] in ".!?:;\n"


def _is_marked(word: str) -> bool:
    """A word capitalised for its own sake: an acronym or CamelCase ("NASA", "OpenAI")."""
    return sum(c.isupper() for c in word) >= 2


# ---- the fingerprint --------------------------------------------------------------------------
@dataclass(frozen=True)
class Fingerprint:
    """What clustering needs of one article, computed in the worker; ~1,100 bytes as JSON
    (~1,150 with a typical article's figures).

    ``text`` / ``ents`` are MinHash signatures (uint32); ``n_shingles`` / ``n_entities`` the
    sizes of the sets they summarise (0 = too short: that signal is not used). ``nums`` is the
    bottom-k sketch of the article's figures (:func:`_number_sketch`) and ``n_numbers`` their
    count; a fingerprint written before the number check (no ``nums`` in its dict) has none
    (0), and the check then says nothing about its pairs.
    """

    text: np.ndarray
    ents: np.ndarray
    n_shingles: int
    n_entities: int
    nums: Optional[np.ndarray] = None
    n_numbers: int = 0

    def __post_init__(self) -> None:
        if self.nums is None:
            object.__setattr__(self, "nums", np.full(NUMBER_SKETCH, _EMPTY, dtype=np.uint32))

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Fingerprint) and self.n_shingles == other.n_shingles
                and self.n_entities == other.n_entities and self.n_numbers == other.n_numbers
                and np.array_equal(self.text, other.text) and np.array_equal(self.ents, other.ents)
                and np.array_equal(self.nums, other.nums))

    def __hash__(self) -> int:  # frozen dataclass with arrays: hash the bytes
        return int.from_bytes(hashlib.blake2b(self.text.tobytes() + self.ents.tobytes(),
                                              digest_size=8).digest(), "little")

    def to_dict(self) -> dict[str, Any]:
        return {
            "v": FINGERPRINT_VERSION,
            "text": base64.b64encode(self.text.astype("<u4").tobytes()).decode("ascii"),
            "ents": base64.b64encode(self.ents.astype("<u4").tobytes()).decode("ascii"),
            "ns": self.n_shingles,
            "ne": self.n_entities,
            # Only the sketch's values (most articles have a few figures, many none): ~12 bytes.
            "nums": base64.b64encode(self.nums[self.nums != _EMPTY].astype("<u4").tobytes()).decode("ascii"),
            "nn": self.n_numbers,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Fingerprint":
        if d.get("v") != FINGERPRINT_VERSION:
            raise ValueError(f"fingerprint version {d.get('v')!r} is not {FINGERPRINT_VERSION}")
        try:
            raw_text, raw_ents = base64.b64decode(d["text"], validate=True), base64.b64decode(d["ents"], validate=True)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"fingerprint is not valid: {exc}") from None
        if len(raw_text) != 4 * TEXT_PERMS or len(raw_ents) != 4 * ENTITY_PERMS:
            raise ValueError("fingerprint has the wrong number of MinHash values")
        text = np.frombuffer(raw_text, dtype="<u4").astype(np.uint32)
        ents = np.frombuffer(raw_ents, dtype="<u4").astype(np.uint32)
        nums, n_numbers = None, 0
        if "nums" in d:  # absent from fingerprints written before the number check
            try:
                raw_nums, n_numbers = base64.b64decode(d["nums"], validate=True), int(d["nn"])
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"fingerprint is not valid: {exc}") from None
            kept = np.frombuffer(raw_nums, dtype="<u4") if len(raw_nums) % 4 == 0 else None
            if (kept is None or n_numbers < 0 or kept.size > min(n_numbers, NUMBER_SKETCH)
                    or (kept.size and (np.any(np.diff(kept.astype(np.int64)) <= 0) or kept[-1] == _EMPTY))):
                raise ValueError("fingerprint's number sketch is not valid")
            nums = np.full(NUMBER_SKETCH, _EMPTY, dtype=np.uint32)
            nums[:kept.size] = kept
        return cls(text=text, ents=ents, n_shingles=int(d["ns"]), n_entities=int(d["ne"]),
                   nums=nums, n_numbers=n_numbers)


# The boilerplate facet's lists of the lines it stripped from a report's body (its ``details``).
_FURNITURE_LISTS = ("flagged", "news_metadata", "page_chrome", "extraction_residue", "credited_source")


def _report_content(report: Any) -> str:
    """A report's ``body`` with the lines its boilerplate facet stripped blanked: the
    ``Article.content`` it was scored from, as far as the report lists them (each list keeps
    its first 200 lines). A site's template left in its articles (cookie banner, share bar,
    author box, copyright) would otherwise link every short article of that site to every
    other by the template's shingles and names."""
    from .article import Article

    body = getattr(report, "body", None) or ""
    found = (getattr(report, "details", None) or {}).get("boilerplate") or {}
    spans = [(f["start"], f["end"]) for name in _FURNITURE_LISTS for f in found.get(name) or ()
             if isinstance(f, dict) and isinstance(f.get("start"), int) and isinstance(f.get("end"), int)]
    return Article(body=body).without(spans).content if body and spans else body


def fingerprint(source: Any) -> Fingerprint:
    """The fingerprint of an article: a :class:`~scorer.article.Article` (its ``content``,
    boilerplate blanked when it has been through the scorer), a
    :class:`~scorer.report.Report` (its ``body`` with the furniture its boilerplate facet
    listed blanked: the same text) or plain text."""
    if isinstance(source, str):
        text = source
    elif hasattr(source, "content") and isinstance(getattr(source, "content"), str):
        text = source.content
    else:
        text = _report_content(source)
    t = _norm(text)
    # The shingles as UTF-8 bytes (:func:`_lowered_words`): UTF-8 is one-to-one, so the set of
    # byte shingles has the size of the set of str shingles. Normalising changed nothing (the
    # usual case): the words counted are the words shingled.
    wb = _lowered_words(t)
    n_found = len(wb) if t == text else len(_WORD_RE.findall(text))
    if n_found >= MIN_WORDS and len(wb) >= SHINGLE:
        sh = set(map(b" ".join, zip(wb, wb[1:], wb[2:])))
    else:
        sh = set()
    ents, figures = _entities_and_figures(t)
    numbers = set(figures)
    if len(ents) < MIN_ENTITIES:
        ents = set()
    return Fingerprint(text=_minhash(_digests(sh), _TEXT_AB),
                       ents=_minhash(_digests(map(str.encode, ents)), _ENT_AB),
                       n_shingles=len(sh), n_entities=len(ents),
                       nums=_number_sketch(numbers), n_numbers=len(numbers))


# ---- similarity ---------------------------------------------------------------------------------
def _jaccard_est(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise MinHash Jaccard estimate of two (n, k) signature arrays."""
    return (a == b).mean(axis=-1)


def _shared_est(j: np.ndarray, na: np.ndarray, nb: np.ndarray) -> np.ndarray:
    """|A∩B| from the Jaccard and the set sizes: J = I / (|A| + |B| - I)."""
    return j * (na + nb) / (1.0 + j)


def _number_containment(na: np.ndarray, nb: np.ndarray, ca: np.ndarray, cb: np.ndarray) -> np.ndarray:
    """Row-wise share of the smaller side's figures found in the other, from two (m, k) number
    sketches and the figure counts (float64); NaN where the check has no say: either side has
    fewer than ``MIN_NUMBERS`` figures, or fewer than that many of the smaller side's can be
    compared. Exact while both sets fit their sketch. Beyond, below the lower of the two
    sketches' largest values both sketches hold every figure of their set, and hashes sample
    figures uniformly, so the share there estimates the share overall (a sketch of 32 of an
    article's 100 figures compares ~3 of a 10-figure summary's: too few, no say)."""
    out = np.full(na.shape[0], np.nan)
    rows = np.flatnonzero((ca >= MIN_NUMBERS) & (cb >= MIN_NUMBERS))
    if rows.size == 0:
        return out
    a, b = na[rows], nb[rows]
    ka, kb = ca[rows], cb[rows]
    k = a.shape[1]
    cut = np.minimum(np.where(ka > k, a[:, -1], _EMPTY), np.where(kb > k, b[:, -1], _EMPTY))
    in_a = (a <= cut[:, None]) & (a != _EMPTY)
    in_b = (b <= cut[:, None]) & (b != _EMPTY)
    # Each sketch holds distinct values, so a value met twice in the two rows sorted together is
    # one both share (an (m, 2k) sort: comparing every value with every other took (m, k, k)).
    merged = np.sort(np.concatenate([np.where(in_a, a, _EMPTY), np.where(in_b, b, _EMPTY)], axis=1), axis=1)
    both = ((merged[:, 1:] == merged[:, :-1]) & (merged[:, 1:] != _EMPTY)).sum(axis=1)
    smaller = np.where(ka <= kb, in_a.sum(axis=1), in_b.sum(axis=1))
    seen = smaller >= MIN_NUMBERS
    out[rows[seen]] = both[seen] / smaller[seen]
    return out


def _anchor_containment(shared: np.ndarray, ca: np.ndarray, cb: np.ndarray) -> np.ndarray:
    """Row-wise share of the smaller side's anchors found in the other (estimated shared anchors
    over the smaller anchor count); NaN where either side has fewer than ``MIN_ANCHORS_CHECKED``
    anchors (no say)."""
    small = np.minimum(ca, cb)
    seen = small >= MIN_ANCHORS_CHECKED
    return np.divide(shared, small, out=np.full(shared.shape, np.nan), where=seen)


def _similarity(a: tuple, b: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(text Jaccard, entity Jaccard, shared anchors, number containment, anchor containment)
    of ``a[k]`` against ``b[k]``, each side a (text signatures, anchor signatures, float64 set
    sizes (m, 3), number sketches) of m aligned rows. A signal is 0 when either side lacks it
    (set size 0), as in :func:`pair_similarity`; the two containments NaN when they have no say
    (:func:`_number_containment`, :func:`_anchor_containment`)."""
    (ta, ea, sa, na), (tb, eb, sb, nb) = a, b
    tj = np.where((sa[:, 0] > 0) & (sb[:, 0] > 0), _jaccard_est(ta, tb), 0.0)
    e = _jaccard_est(ea, eb)
    ok = (sa[:, 1] > 0) & (sb[:, 1] > 0)
    shared = np.where(ok, _shared_est(e, sa[:, 1], sb[:, 1]), 0.0)
    return (tj, np.where(ok, e, 0.0), shared, _number_containment(na, nb, sa[:, 2], sb[:, 2]),
            _anchor_containment(shared, sa[:, 1], sb[:, 1]))


@dataclass(frozen=True)
class PairSimilarity:
    text: float  # estimated Jaccard of word 3-shingles (0 when either side is too short)
    entities: float  # estimated Jaccard of the anchor sets (0 when either side has too few)
    shared: float  # estimated number of shared anchors
    # Share of the smaller side's figures found in the other (None: either side has too few).
    numbers: Optional[float] = None
    # Share of the smaller side's anchors found in the other (None: either side has too few).
    anchors: Optional[float] = None

    @property
    def same_story(self) -> bool:
        return bool(_is_edge(np.array([self.text]), np.array([self.entities]), np.array([self.shared]),
                             np.array([np.nan if self.numbers is None else self.numbers]),
                             np.array([np.nan if self.anchors is None else self.anchors]))[0])

    @property
    def value(self) -> float:
        return max(self.text, self.entities)

    def to_dict(self) -> dict[str, Optional[float]]:
        return {"text": round(self.text, 4), "entities": round(self.entities, 4), "shared": round(self.shared, 2),
                "numbers": None if self.numbers is None else round(self.numbers, 4),
                "anchors": None if self.anchors is None else round(self.anchors, 4)}


def _is_edge(tj: np.ndarray, ej: np.ndarray, shared: np.ndarray, numbers: np.ndarray, anchors: np.ndarray,
             text_threshold: float = TEXT_THRESHOLD, entity_threshold: float = ENTITY_THRESHOLD,
             min_shared: float = MIN_SHARED, loose_threshold: float = LOOSE_ENTITY_THRESHOLD,
             loose_shared: float = LOOSE_MIN_SHARED,
             min_containment: float = MIN_NUMBER_CONTAINMENT,
             min_anchor_containment: float = MIN_ANCHOR_CONTAINMENT,
             names_check_text: float = NAMES_CHECK_TEXT) -> np.ndarray:
    """Same story: either signal over its threshold, unless both articles carry enough figures
    and few of them agree (``numbers`` below ``min_containment``; NaN = not enough figures:
    no say). Reports written from one template on different days share its sentences and
    names, not their figures; a copy keeps the figures of what it copies.

    The text signal alone also needs the names to agree when much text is shared (text Jaccard
    at least ``names_check_text``): when both sides have enough anchors and few of the smaller
    side's are in the other (``anchors`` below ``min_anchor_containment``; NaN: no say), the
    shared text is a template's (obituaries, match reports: the same sentences around other
    people, places and teams). Below that much text, independent translations of one story
    spell its names their own way ("Kanayevsky", "Kanaevsky"; "Emercom", "Ministry of Emergency
    Situations") and are left alone. The anchor rules need no such check: their anchors agree
    by definition."""
    with np.errstate(invalid="ignore"):  # NaN compares false: no veto
        differ = numbers < min_containment
        others = (anchors < min_anchor_containment) & (tj >= names_check_text)
    return (((tj >= text_threshold) & ~others) | ((ej >= entity_threshold) & (shared >= min_shared))
            | ((ej >= loose_threshold) & (shared >= loose_shared))) & ~differ


def pair_similarity(a: Fingerprint, b: Fingerprint) -> PairSimilarity:
    """How alike two articles are, by both signals and the number check (see the module
    docstring)."""
    tj = float(_jaccard_est(a.text, b.text)) if a.n_shingles and b.n_shingles else 0.0
    if a.n_entities and b.n_entities:
        ej = float(_jaccard_est(a.ents, b.ents))
        sh = float(_shared_est(np.float64(ej), np.float64(a.n_entities), np.float64(b.n_entities)))
    else:
        ej, sh = 0.0, 0.0
    nc = float(_number_containment(a.nums[None, :], b.nums[None, :], np.array([float(a.n_numbers)]),
                                   np.array([float(b.n_numbers)]))[0])
    ac = float(_anchor_containment(np.array([sh]), np.array([float(a.n_entities)]), np.array([float(b.n_entities)]))[0])
    return PairSimilarity(text=tj, entities=ej, shared=sh, numbers=None if np.isnan(nc) else nc,
                          anchors=None if np.isnan(ac) else ac)


# ---- the index ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ClusterInfo:
    """Where one article sits: its cluster, the cluster's size and likely original."""

    cluster_id: str
    cluster_size: int
    cluster_original: Hashable  # key of the likely original
    is_original: bool
    similarity: float  # to the original (max of text and entity Jaccard); 1.0 for the original

    @classmethod
    def of(cls, original_key: Hashable, size: int, is_original: bool, similarity: float) -> "ClusterInfo":
        """An article's info from its cluster's original (key), size and its similarity to the
        original (max of text and entity Jaccard; the original itself is 1.0 whatever it is)."""
        return cls(cluster_id=cluster_id_for(original_key), cluster_size=int(size), cluster_original=original_key,
                   is_original=bool(is_original), similarity=1.0 if is_original else float(similarity))

    def to_dict(self) -> dict[str, Any]:
        return {"cluster_id": self.cluster_id, "cluster_size": self.cluster_size,
                "cluster_original": self.cluster_original, "is_original": self.is_original,
                "cluster_similarity": round(self.similarity, 4)}


def cluster_id_for(key: Hashable) -> str:
    """A cluster is named after its original: stable across runs, input orders and resumes."""
    return "c" + hashlib.blake2b(str(key).encode("utf-8"), digest_size=6).hexdigest()


class _Grow:
    """A growable 2-D numpy array (amortised doubling): no Python object per article.

    It grows in place (``ndarray.resize``: a ``realloc``, which for arrays this large remaps
    the pages instead of copying them), so growing does not hold two copies of the data; a
    joined copy at the end would double the peak (measured: +50 MB for 100k anchor
    signatures). When a view of the array is still alive, resizing in place would leave that
    view pointing at freed memory, so numpy refuses and we copy instead."""

    def __init__(self, width: int, dtype) -> None:
        self.a = np.empty((1024, width), dtype=dtype)
        self.n = 0

    def append(self, row) -> None:
        if self.n == self.a.shape[0]:
            try:
                self.a.resize((2 * self.n, self.a.shape[1]), refcheck=True)
            except ValueError:  # referenced by a view handed out earlier
                self.a = np.concatenate([self.a, np.empty_like(self.a)])
        self.a[self.n] = row
        self.n += 1

    def view(self) -> np.ndarray:
        return self.a[: self.n]


_MIX = np.uint64(0x9E3779B97F4A7C15)


def _band_keys(sig: np.ndarray, ids: np.ndarray, rows: int) -> Iterator[np.ndarray]:
    """One uint64 key per article ``ids`` per band of ``rows`` consecutive MinHash values; a
    band at a time and a column at a time, so the signatures are never copied whole."""
    with np.errstate(over="ignore"):
        for start in range(0, sig.shape[1] - rows + 1, rows):
            h = np.full(ids.size, np.uint64(start + 1))
            for c in range(start, start + rows):
                h = (h ^ sig[ids, c].astype(np.uint64)) * _MIX
                h ^= h >> np.uint64(29)
            yield h


def _bucket_pairs(keys: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) of ``ids`` whose ``keys`` are equal. A bucket larger than ``BUCKET_CAP``
    (boilerplate-only pages, mass duplicates) is paired in a sliding window over input order:
    still connected if its members are alike, without m² comparisons."""
    order = np.lexsort((ids, keys))
    k, ix = keys[order], ids[order]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    sizes = np.diff(np.r_[starts, k.size])
    left, right = [], []
    for s, m in zip(starts[sizes > 1], sizes[sizes > 1]):
        members = ix[s:s + m]
        w = m - 1 if m <= BUCKET_CAP else BUCKET_WINDOW
        for off in range(1, w + 1):
            left.append(members[:-off])
            right.append(members[off:])
    if not left:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(left).astype(np.int64), np.concatenate(right).astype(np.int64)


def _merge(root: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``root`` (each article's component root, the component's first article) after joining
    the components of ``a[k]`` and ``b[k]`` for every k (both roots or articles)."""
    if a.size == 0:
        return root
    nodes, smallest = _stars(root[a], root[b])  # a smaller index is an earlier article
    remap = np.arange(root.size, dtype=root.dtype)
    remap[nodes] = smallest
    return remap[root]


def _stars(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The nodes of the graph with edges ``(a[k], b[k])`` (any integers, not only ``0..n-1``:
    :mod:`scorer.spark_clusters` names them by Spark row id), sorted, and for each the smallest
    node of its component: the graph as a forest of stars, each centred on its minimum."""
    nodes, inv = np.unique(np.concatenate([a, b]), return_inverse=True)
    return nodes, nodes[_min_labels(nodes.size, inv[: a.size], inv[a.size:])]


def _min_labels(n: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Connected components of the graph on ``0..n-1`` with edges ``(u[k], v[k])``: for each node,
    the smallest node of its component.

    Numpy hooking and pointer jumping (Shiloach–Vishkin style) instead of scipy's
    ``connected_components``: the same partition, and importing scipy.sparse.csgraph cost each
    batch ~0.3 s. Every hook points a root at a smaller node, so a node's parent never exceeds
    it and the smallest node of a component is always its own root: at the fixed point every
    node points at its component's minimum. Every round hooks at least one root under another,
    so it ends; in practice it takes few rounds (a shuffled 200,000-node chain: 0.07 s)."""
    parent = np.arange(n, dtype=np.int64)
    while True:
        pu, pv = parent[u], parent[v]
        differ = pu != pv
        if not differ.any():
            return parent
        lo, hi = np.minimum(pu[differ], pv[differ]), np.maximum(pu[differ], pv[differ])
        np.minimum.at(parent, hi, lo)  # hook the larger root under the smaller
        while True:  # shortcut: every node to its root
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand


class ClusterIndex:
    """Collects fingerprints as rows stream by; :meth:`assignment` clusters them all at once.

    Memory: 64 + 128 uint32 MinHash values, a 32-value number sketch, three sizes, a float and
    the key per article (about 950 bytes plus the key): ~95 MB of signatures for 100k articles.
    Adding and clustering 100k grows the process by ~172 MB in all (signatures, keys, one band's
    pairs, the assignment's arrays; measured by benchmarks/bench_clusters.py).
    """

    def __init__(self, text_threshold: float = TEXT_THRESHOLD, entity_threshold: float = ENTITY_THRESHOLD,
                 min_shared: float = MIN_SHARED, loose_threshold: float = LOOSE_ENTITY_THRESHOLD,
                 loose_shared: float = LOOSE_MIN_SHARED, min_containment: float = MIN_NUMBER_CONTAINMENT,
                 min_anchor_containment: float = MIN_ANCHOR_CONTAINMENT,
                 names_check_text: float = NAMES_CHECK_TEXT) -> None:
        self.thresholds = (text_threshold, entity_threshold, min_shared, loose_threshold, loose_shared,
                           min_containment, min_anchor_containment, names_check_text)
        self.keys: list[Hashable] = []
        self.published: list[Optional[str]] = []
        self._text = _Grow(TEXT_PERMS, np.uint32)
        self._ents = _Grow(ENTITY_PERMS, np.uint32)
        self._nums = _Grow(NUMBER_SKETCH, np.uint32)
        self._sizes = _Grow(3, np.int32)
        self._score = _Grow(1, np.float64)

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, key: Hashable, fp: Optional[Union[Fingerprint, dict]], published: Optional[str] = None,
            score: Optional[float] = None) -> None:
        """Add one article. ``fp`` may be a :class:`Fingerprint`, its ``to_dict()`` form, or None
        (an error row): then it is a cluster of its own."""
        if isinstance(fp, dict):
            fp = Fingerprint.from_dict(fp)
        self.keys.append(key)
        self.published.append(published[:10] if isinstance(published, str) and published else None)
        if fp is None:
            self._text.append(_EMPTY)
            self._ents.append(_EMPTY)
            self._nums.append(_EMPTY)
            self._sizes.append((0, 0, 0))
        else:
            self._text.append(fp.text)
            self._ents.append(fp.ents)
            self._nums.append(fp.nums)
            self._sizes.append((fp.n_shingles, fp.n_entities, fp.n_numbers))
        self._score.append(np.nan if score is None else float(score))

    def signatures(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The text signatures (n, TEXT_PERMS), anchor signatures (n, ENTITY_PERMS), set sizes
        (n, 3: shingles, anchors, figures; 0 = that signal unused) and number sketches
        (n, NUMBER_SKETCH) of the articles added, as views."""
        return self._text.view(), self._ents.view(), self._sizes.view(), self._nums.view()

    # -- clustering --
    def band_keys(self) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
        """``(band, ids, keys)`` for each of the ``N_BANDS`` LSH bands (the text bands first):
        the articles that have that band's signature and their key in it. Articles with equal
        keys in one band are candidates (:meth:`band_pairs`); :mod:`scorer.spark_clusters` takes
        the keys of each chunk of rows from here and pairs them in a shuffle."""
        text, ents, sizes, _ = self.signatures()
        band = 0
        for sig, col, rows in ((text, 0, TEXT_ROWS), (ents, 1, ENTITY_ROWS)):
            ids = np.flatnonzero(sizes[:, col] > 0)
            for keys in _band_keys(sig, ids, rows):
                yield band, ids, keys
                band += 1

    def band_pairs(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Candidate pairs, one LSH band at a time: articles whose signatures agree on a whole
        band of values (of the text or the anchor signature). A pair of copies comes again in
        most of the ``N_BANDS`` bands."""
        for _, ids, keys in self.band_keys():
            if ids.size >= 2:
                yield _bucket_pairs(keys, ids)

    def candidate_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Every candidate pair once (i < j), for threshold sweeps (:func:`evaluate`); the
        batch's clustering never holds them all (see :meth:`components`)."""
        n = len(self)
        unique = np.empty(0, np.int64)
        pending: list[np.ndarray] = []
        pending_size = 0
        for i, j in self.band_pairs():
            pending.append(np.minimum(i, j) * n + np.maximum(i, j))
            pending_size += i.size
            if pending_size > max(unique.size, 1 << 18):  # deduplicate as they come
                unique = np.unique(np.concatenate([unique, *pending]))
                pending, pending_size = [], 0
        code = np.unique(np.concatenate([unique, *pending]))
        return code // n, code % n

    def similarities(self, i: np.ndarray, j: np.ndarray, chunk: int = 16_384):
        """(text Jaccard, entity Jaccard, shared anchors, number containment, anchor
        containment) estimates for index pairs (:func:`_similarity`)."""
        text, ents, sizes, nums = self.signatures()
        sizes = sizes.astype(np.float64)
        out = tuple(np.zeros(i.size) for _ in range(5))
        for s in range(0, i.size, chunk):
            a, b = i[s:s + chunk], j[s:s + chunk]
            got = _similarity((text[a], ents[a], sizes[a], nums[a]), (text[b], ents[b], sizes[b], nums[b]))
            for whole, part in zip(out, got):
                whole[s:s + chunk] = part
        return out

    def components(self, pairs: Optional[tuple] = None) -> np.ndarray:
        """A component label per article (connected components of the same-story pairs),
        numbered in order of each component's first article.

        Band by band, pairs already in one component are skipped before their similarity is
        computed, and the edges found are merged at once (:func:`_merge`): memory stays at one
        band's pairs. Collecting every candidate pair first cost 1.2 GB on 20,000 templated
        articles that all resembled one another (12 million pairs); the components are the same,
        since an edge inside a component changes nothing.
        ``pairs``: precomputed ``(i, j, text J, entity J, shared, number containment, anchor
        containment)`` (threshold sweeps)."""
        n = len(self)
        if n == 0:
            return np.empty(0, np.int64)
        if pairs is not None:
            i, j, *sims = pairs
            keep = _is_edge(*sims, *self.thresholds)
            root = _merge(np.arange(n), i[keep], j[keep])
        else:
            root = np.arange(n)
            for i, j in self.band_pairs():
                ri, rj = root[i], root[j]
                apart = ri != rj
                if not apart.any():
                    continue
                keep = _is_edge(*self.similarities(i[apart], j[apart]), *self.thresholds)
                if keep.any():
                    root = _merge(root, ri[apart][keep], rj[apart][keep])
        return np.unique(root, return_inverse=True)[1].astype(np.int64)

    def assignment(self) -> "Assignment":
        """Every article's cluster as arrays (no Python object per article; see :class:`Assignment`)."""
        n = len(self)
        labels = self.components()
        rule = self.original_order()
        # np.lexsort's last key sorts first: by component, then the original rule, then input order.
        order = np.lexsort((np.arange(n), *rule, labels))
        first = np.flatnonzero(np.r_[True, labels[order][1:] != labels[order][:-1]]) if n else order
        original = np.empty(int(labels.max()) + 1 if n else 0, np.int64)
        original[labels[order][first]] = self._least_key_of_ties(order, first, labels, rule)
        orig_ix = original[labels]
        tj, ej, *_ = self.similarities(np.arange(n, dtype=np.int64), orig_ix)
        return Assignment(keys=self.keys, labels=labels, original=orig_ix,
                          size=np.bincount(labels)[labels] if n else labels, similarity=np.maximum(tj, ej))

    def _least_key_of_ties(self, order: np.ndarray, first: np.ndarray, labels: np.ndarray,
                           rule: tuple) -> np.ndarray:
        """Each cluster's original: of the members that tie at the head of ``order`` on every
        key of the original rule, the one with the least key (``str``, code-point order).
        Input order would make the original, and so the ``cluster_id``, depend on the order
        rows were written: verbatim copies without a date always tie (same text, same score),
        and a resumed output lists the new files after the old ones. Only tie runs are
        visited, so the usual cluster costs nothing here."""
        heads = order[first]
        if not len(order):
            return heads
        # tied[i]: the i-th and (i+1)-th in order are in one cluster and equal on every key of the
        # rule; a cluster's head is never tied to the member before it (another label).
        tied = labels[order][1:] == labels[order][:-1]
        for key in rule:
            tied &= key[order][1:] == key[order][:-1]
        if not tied.any():
            return heads
        heads_before_last = first[first < len(order) - 1]  # a prefix of first: c indexes both
        for c in np.flatnonzero(tied[heads_before_last]):
            start = int(first[c])
            end = start + 1
            while end < len(order) and tied[end - 1]:
                end += 1
            heads[c] = min(order[start:end].tolist(), key=lambda k: str(self.keys[k]))
        return heads

    def original_order(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The keys that pick a cluster's original, for ``np.lexsort`` (last key first): earliest
        date (undated last; dates compare as their first 10 characters), then highest score
        (unscored last); the least key (path) breaks what ties remain
        (:meth:`_least_key_of_ties`). Per article: (negated score, 0.0 when unscored; unscored;
        date, "" when undated; undated)."""
        score = self._score.view()[:, 0]
        unscored = np.isnan(score)
        published = np.array([p or "" for p in self.published], dtype="U10")
        undated = np.array([p is None for p in self.published], dtype=bool)
        return np.where(unscored, 0.0, -score), unscored, published, undated

    def assign(self) -> dict[Hashable, ClusterInfo]:
        """Every key's :class:`ClusterInfo` (singletons included)."""
        a = self.assignment()
        return {self.keys[k]: a.info(k) for k in range(len(self))}


@dataclass(frozen=True)
class Assignment:
    """Clusters of an index, one array entry per article in the order added: a batch of 100k
    articles costs a few MB here, where a dict of 100k :class:`ClusterInfo` costs ~50 MB."""

    keys: list
    labels: np.ndarray  # component label
    original: np.ndarray  # position of the cluster's likely original
    size: np.ndarray  # members in the article's cluster
    similarity: np.ndarray  # to the original (max of text and entity Jaccard)

    def info(self, k: int) -> ClusterInfo:
        """The :class:`ClusterInfo` of the ``k``-th article added."""
        o = int(self.original[k])
        return ClusterInfo.of(self.keys[o], self.size[k], o == k, self.similarity[k])


# ---- evaluation ---------------------------------------------------------------------------------
def pairwise_scores(labels: list, truth: list) -> dict[str, float]:
    """Pairwise precision/recall/F1 of "same cluster" against "same story"."""
    from collections import Counter

    def pairs(counter: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    tp = pairs(Counter(zip(labels, truth)))
    pred, true = pairs(Counter(labels)), pairs(Counter(truth))
    p = tp / pred if pred else 1.0
    r = tp / true if true else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "true_pairs": true, "predicted_pairs": pred}


def eval_docs(data_dir=None, side: str = "test") -> list:
    """The evaluation documents of one side of the project's story split: every version of the
    WMT X→English news documents (two human translations + 10+ MT systems: one story),
    native English WMT news (one version each: negatives), and the LLMFake / SheepDog human
    articles with their ChatGPT rewrites, paraphrases and restylings (one story each).

    XSum "pairs" are left out: the LLM side continues the article's first 30 tokens with
    invented content, so it is not a rewrite of the same story."""
    from .corpora import ai, split, wmt

    docs = list(wmt.load_xx_en(data_dir, domains={"news"}))
    docs += list(wmt.load_native_english(data_dir, domains={"news"}))
    docs += ai.load_all(data_dir, corpora=("llmfake", "sheepdog"))
    return [d for d in docs if split.side(d.story) == side]


def evaluate(data_dir=None, side: str = "test", **thresholds) -> dict[str, Any]:
    """Pairwise precision/recall of "same cluster" on a held-out side of the story split, all
    documents pooled into one batch (so chaining across stories is measured too), and per
    corpus family."""
    docs = eval_docs(data_dir, side)
    index = ClusterIndex(**thresholds)
    for k, d in enumerate(docs):
        index.add(k, fingerprint(d.text))
    labels = index.components()
    out: dict[str, Any] = {"side": side, "documents": len(docs), "stories": len({d.story for d in docs}),
                           "all": pairwise_scores(list(labels), [d.story for d in docs])}
    fams = {"wmt": lambda d: d.source.startswith("wmt"), "llmfake": lambda d: d.source.startswith("llmfake"),
            "sheepdog": lambda d: d.source.startswith("sheepdog")}
    for name, pred in fams.items():
        sel = [k for k, d in enumerate(docs) if pred(d)]
        out[name] = pairwise_scores([labels[k] for k in sel], [docs[k].story for k in sel])
    return out
