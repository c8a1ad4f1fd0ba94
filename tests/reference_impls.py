"""Former package implementations, kept as the references the fast paths are tested against.

The speed work replaced these with faster paths in the package; nothing in ``scorer/`` calls
them any more, so they live here, with the tests that use them (tests/test_speed_as.py,
tests/test_ai_style.py, tests/test_speed_paths.py, tests/test_speed_mt.py, tests/test_speed_rb.py,
tests/test_speed_fp.py). Each is copied as it
was in the package; the package's private names it read are read from the package module at
call time (so a test that swaps one, e.g. ``mt_profile._SHAPES``, swaps it here too).

A reference must not call the code it checks. What each one shares with its fast path is the
definition both follow, not the part that was rewritten:

- :func:`first_terms` reads :func:`scorer.features.ai_style_vocab.terms` (``_term_spans``);
  the fast path :func:`~scorer.features.ai_style_vocab.first_terms_in` searches the split of
  :func:`~scorer.features.ai_style_vocab.vocab_text` instead.
- :func:`top_terms` picks the terms to show with the package's ``_top``, as
  :func:`~scorer.features.ai_style_vocab.top_terms_of` does; what differs (and is checked) is
  how the spans are found (:func:`first_terms` here). tests/test_ai_style.py checks both
  against ``score_terms(terms(text), ..).top``, which builds every span.
- :func:`token_strings` and :func:`shape_words` tokenise the whole text with the package's
  ``_TOK_RE`` and shape each token with its ``_SHAPES`` (the per-token shape); the fast path
  :func:`~scorer.features.mt_profile.text_shapes` tokenises whitespace runs and looks back by
  shapes alone. tests/test_speed_paths.py checks :func:`shape_words` against a token-by-token
  reference that shares neither.

- :func:`classify_lines_eager` builds every line's feature row and probability with the
  package's ``line_features`` and ``LineModel.proba``; the fast path
  :func:`~scorer.features.boilerplate_lines.classify_lines` builds only the rows it reads.

Importable as ``reference_impls``: pytest puts tests/ on ``sys.path`` (``pythonpath`` in
pyproject.toml), since ``--import-mode=importlib`` adds nothing there itself.
"""
from __future__ import annotations

from itertools import compress, count, repeat
from operator import is_
from typing import Collection, Iterable, Optional

from scorer import clusters as cl
from scorer.features import ai_style_vocab as av
from scorer.features import boilerplate_lines as bl
from scorer.features import mt_profile as mp
from scorer.features.ai_style_vocab import Term, Weighed


# --- ai_style vocabulary (scorer/features/ai_style_vocab.py) --------------------------------------
def first_terms(text: str, wanted: Collection[str]) -> dict[str, Term]:
    """The first occurrence in :func:`terms` of each of the ``wanted`` terms that occurs, read
    only as far as the last of them is found, with no Term built for the others (evidence
    needs a few terms' spans: building every term's cost more than scoring)."""
    first: dict[str, Term] = {}
    for t in av._term_spans(text):
        if t[0] in wanted and t[0] not in first:
            first[t[0]] = Term._make(t)
            if len(first) == len(wanted):
                break
    return first


def top_terms(text: str, weighed: Weighed, keep: int = 6) -> list[tuple[float, Term]]:
    """``score_terms(terms(text), ..).top`` from :func:`weigh_terms` of ``text``'s term strings:
    spans are looked up only for the terms that can be shown (:func:`first_terms`)."""
    return av._top(weighed.pos, lambda wanted: first_terms(text, set(wanted)), keep)


# --- mt function-word profile (scorer/features/mt_profile.py) ------------------------------------
def token_strings(text: str) -> list[str]:
    """The tokens the function-word profile reads (words, numbers, punctuation marks)."""
    return mp._TOK_RE.findall(text)


def shape_words(toks: Iterable[str]) -> list[str]:
    """Function words kept (lower-case), other tokens reduced to a class.

    A token's shape depends on the token alone, except for a capitalised word: "C", or "W"
    after a sentence end (a capital there just starts the sentence). So shapes are looked up
    per distinct token (:func:`_token_shape`, memoised) and only capitalised words look back."""
    toks = list(toks)
    out = list(map(mp._SHAPES.__getitem__, toks))
    for i in compress(count(), map(is_, out, repeat(mp._CAPITALISED))):
        # What the token before left as "prev": itself when it starts with a letter, else its shape.
        prev = "." if i == 0 else toks[i - 1] if toks[i - 1][0].isalpha() else out[i - 1]
        out[i] = "W" if prev in mp._SENTENCE_ENDS else "C"
    return out


# --- boilerplate line classification (scorer/features/boilerplate_lines.py) -----------------------
def classify_lines_eager(text: str, spans: Optional[list] = None, model: Optional[bl.LineModel] = None,
                         threshold: Optional[float] = None) -> list:
    """``bl.classify_lines`` as it was before it built only the feature rows it reads: every
    line's row and probability first (with the news-metadata grouping of reliability-10 and the
    page-chrome allowance, which read no row)."""
    spans = bl.lines(text) if spans is None else spans
    if not spans:
        return []
    model = model if model is not None else bl.line_model()
    texts = [text[s:e] for s, e in spans]
    n = len(texts)
    idx = bl.word_index(text)
    emoji_free = bl._emoji_free(text)
    plain = "-" not in text and bl._TWO_MARKS_RE.search(text) is None
    basics = [bl._basic(t, bl._line_words(idx, s, e, plain), emoji_free) for (s, e), t in zip(spans, texts)]
    phrase_gate, sentence_gate = bl._gates_for(text)
    cues = [bl._cue(t, phrase_gate, b) for t, b in zip(texts, basics)]
    rows = bl.line_features(texts, basics, cues)
    thr = threshold if threshold is not None else (model.threshold if model else 1.01)
    probs = [model.proba(r) if model else 0.0 for r in rows]
    strong = [c is not None and (c.strength == "whole" or b.n_words <= bl._LONG_WORDS)
              for c, b in zip(cues, basics)]
    # The model alone never strips prose: a line of 12+ words ending like a sentence is kept
    # (cue lines, matched by the lexicon, are still flagged). Precision first.
    prose = [b.n_words >= 12 and t.rstrip()[-1:] in '.!?"”’' for b, t in zip(basics, texts)]
    cand = [p >= thr and b.n_words <= 60 and not pr for p, b, pr in zip(probs, basics, prose)]
    # Ordinary news metadata among the cue lines (not what this reference is for: shared).
    news = bl.NewsMetaLines()
    meta = [news.take(texts[k], cues[k]) if strong[k] else "" for k in range(n)]
    # Related-post / "Read also" blocks: headline-like lines under a header cue.
    block = [False] * n
    i = 0
    while i < n:
        c = cues[i]
        # A skip link ("Skip to content") heads the page, not a list: the line after it is
        # usually the article's own headline. An ad marker heads no list either, nor a reading
        # aid, a breadcrumb, a search box or a sign-in link.
        if (strong[i] and c is not None and c.kind in bl._HEADER_KINDS and not meta[i]
                and not bl._NO_LIST_HEAD_RE.match(c.match)):
            j = i + 1
            while (j < n and j - i <= bl._BLOCK_MAX and not strong[j] and bl._headline_like(basics[j], texts[j])
                   and (model is None or probs[j] >= bl._BLOCK_MIN_P)):
                block[j] = True
                j += 1
            i = j
        else:
            i += 1
    # The first line that is not a cue line is the article's headline in a dump
    # ("Skip to content" / headline / body): the model alone does not strip it.
    first = next((k for k in range(n) if not strong[k]), None)
    if first is not None and bl._headline_like(basics[first], texts[first]):
        cand[first] = False
    # Incidental page chrome within its allowance (not what this reference is for: shared).
    chrome = bl.page_chrome_marks(texts, cues, strong, meta, block)
    marked = [a or b for a, b in zip(strong, block)]
    if (n >= bl.PAGE_MIN_LINES and sum(marked) >= bl.PAGE_MIN_CUES
            and sum(p >= bl.PAGE_THRESHOLD for p in probs) >= bl.PAGE_SHARE * n):
        # Mostly furniture, cue lines among it: this is a whole page's text (menus, sidebars,
        # footers), not an article with leftovers. Every likely line is flagged.
        cand = [p >= bl.PAGE_THRESHOLD and b.n_words <= 60 and not pr for p, b, pr in zip(probs, basics, prose)]
        zone = [True] * n
    else:
        zone = [False] * n
    # Runs of candidates touching a cue line: one pass each way (linear, however long). A news
    # metadata line or allowed page chrome starts no run but a run passes through it.
    seed = [m and not t and not ch for m, t, ch in zip(marked, meta, chrome)]
    link = [c or bool(t) or bool(ch) for c, t, ch in zip(cand, meta, chrome)]
    for order in (range(1, n), range(n - 2, -1, -1)):
        step = 1 if order.step == 1 else -1
        for k in order:
            j = k - step
            if link[k] and (seed[j] or (zone[j] and link[j])):
                zone[k] = True
    flags: list = []
    for k, ((s, e), t, b, c, p) in enumerate(zip(spans, texts, basics, cues, probs)):
        if strong[k]:
            flags.append(bl.Flag(s, e, c.kind, "cue" if c.strength == "whole" else "phrase", c.match, p, meta[k], chrome[k]))
        elif block[k]:
            flags.append(bl.Flag(s, e, "related", "block", "", p))
        elif zone[k] and cand[k]:
            flags.append(bl.Flag(s, e, "other", "model", "", p, news.take(t, None)))
        elif b.n_words > 0 and bl._may_match(sentence_gate, t):
            flags += bl._sentence_flags(t, s, p)
    return flags


# --- copy-cluster fingerprint (scorer/clusters.py, as of da669f6) ---------------------------------
# The fingerprint before its words were found by one bytes translation and its quotes by
# str.find: ``_WORD_RE.findall`` of the text, every match of ``_FIGURE_RE``/``_QUOTE_RE`` by a
# whole-text regex scan, one BLAKE2b per entity and again per figure. Shares with the package
# the regexes and the per-name memo (the definitions), not the paths that were rewritten.
def _fp_digests(items: Iterable[bytes]):
    import hashlib

    import numpy as np

    out = []
    for s in items:
        h = hashlib.blake2b(digest_size=8)
        h.update(s)
        out.append(h.digest())
    return np.frombuffer(b"".join(out), dtype="<u8")


def _fp_minhash(hashes, ab):
    import numpy as np

    a, b = ab
    if hashes.size == 0:
        return np.full(a.size, cl._EMPTY, dtype=np.uint32)
    with np.errstate(over="ignore"):
        v = hashes[:, None] * a[None, :]
        v += b
    return (v.min(axis=0) >> np.uint64(32)).astype(np.uint32)


def _fp_number_sketch(numbers: Iterable[str]):
    import numpy as np

    tops = {min(h >> 32, 0xFFFFFFFE) for h in _fp_digests(map(str.encode, numbers)).tolist()}
    out = np.full(cl.NUMBER_SKETCH, cl._EMPTY, dtype=np.uint32)
    if tops:
        kept = sorted(tops)[:cl.NUMBER_SKETCH]
        out[:len(kept)] = kept
    return out


def _fp_digits_and_figures(pairs: list) -> tuple[list[str], list[str]]:
    digits = [n.translate(cl._NUMBER_SEPARATORS).lstrip("0") for n, _ in pairs]
    anchors = ["d:" + d for d in digits if len(d) >= 2]
    if not any(scale for _, scale in pairs):
        return anchors, anchors
    figures = []
    for (n, scale), d in zip(pairs, digits):
        v = cl._scaled(n, cl._SCALES[scale.lower()]) if scale else d
        if v and len(v) >= 2:
            figures.append("d:" + v)
    return anchors, figures


def entities_and_figures_v2(t: str) -> tuple[set[str], list[str]]:
    """``clusters._entities_and_figures`` as of da669f6 (``t`` already NFKC-normalised)."""
    out: set[str] = set()
    if any(map(cl._is_headline, [ln for ln in t.split("\n") if ln and not ln.rstrip().endswith(cl._SENTENCE_ENDS)])):
        names_from = cl._HEADLINE_LINE_RE.sub(cl._blank_headline, t)
    else:
        names_from = t
    for m in cl._NAME_RE.finditer(names_from):
        found, check = cl._name_anchors(m.group(0))
        if found and not (check and cl._starts_sentence(t, m.start())):
            out.update(found)
    anchors, figures = _fp_digits_and_figures(cl._FIGURE_RE.findall(t))
    out.update(anchors)
    for m in cl._QUOTE_RE.finditer(t):
        q = " ".join(w.lower() for w in cl._WORD_RE.findall(cl._norm(m.group(1))))
        if len(q.split()) >= 3:
            out.add("q:" + q)
    return out, figures


def fingerprint_v2(source) -> "cl.Fingerprint":
    """``clusters.fingerprint`` as of da669f6: its output must never change (it is written into
    every batch row and compared across runs and resumed outputs)."""
    if isinstance(source, str):
        text = source
    elif hasattr(source, "content") and isinstance(getattr(source, "content"), str):
        text = source.content
    else:
        text = cl._report_content(source)
    found = cl._WORD_RE.findall(text)
    t = cl._norm(text)
    ws = found if t == text else cl._WORD_RE.findall(t)
    if len(found) >= cl.MIN_WORDS and len(ws) >= cl.SHINGLE:
        wb = " ".join(ws).lower().encode("utf-8").split(b" ")
        sh = set(map(b" ".join, zip(wb, wb[1:], wb[2:])))
    else:
        sh = set()
    ents, figures = entities_and_figures_v2(t)
    numbers = set(figures)
    if len(ents) < cl.MIN_ENTITIES:
        ents = set()
    return cl.Fingerprint(text=_fp_minhash(_fp_digests(sh), cl._TEXT_AB),
                          ents=_fp_minhash(_fp_digests(map(str.encode, ents)), cl._ENT_AB),
                          n_shingles=len(sh), n_entities=len(ents),
                          nums=_fp_number_sketch(numbers), n_numbers=len(numbers))
