"""Former package implementations, kept as the references the fast paths are tested against.

The speed work replaced these with faster paths in the package; nothing in ``scorer/`` calls
them any more, so they live here, with the tests that use them (tests/test_speed_as.py,
tests/test_ai_style.py, tests/test_speed_paths.py, tests/test_speed_mt.py, tests/test_speed_rb.py). Each is copied as it
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
