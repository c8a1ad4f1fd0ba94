"""Former package implementations, kept as the references the fast paths are tested against.

The speed work replaced these with faster paths in the package; nothing in ``scorer/`` calls
them any more, so they live here, with the tests that use them (tests/test_speed_as.py,
tests/test_ai_style.py, tests/test_speed_paths.py, tests/test_speed_mt.py). Each is copied as it
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

Importable as ``reference_impls``: pytest puts tests/ on ``sys.path`` (``pythonpath`` in
pyproject.toml), since ``--import-mode=importlib`` adds nothing there itself.
"""
from __future__ import annotations

from itertools import compress, count, repeat
from operator import is_
from typing import Collection, Iterable

from scorer.features import ai_style_vocab as av
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
