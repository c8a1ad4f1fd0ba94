"""language.py's compact profiles are langdetect's profiles, value for value, in sorted order.

The scoring path reads langdetect's profile files itself (a dict n-gram -> row id and sparse
rows) instead of langdetect's dict of 55-float lists; these tests hold it to what langdetect's
own ``DetectorFactory`` builds from the same files, bit for bit, and check that scoring does
not load langdetect's own copy. That ``detect_language`` equals the reference on texts is in
``tests/test_speed_paths.py``.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from langdetect import detector_factory as _df
from langdetect.detector import Detector

from scorer import language

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sorted_factory():
    """langdetect's own ``load_profile``, with the directory listing sorted."""
    listdir = os.listdir
    factory = _df.DetectorFactory()
    try:
        _df.os.listdir = lambda d: sorted(listdir(d))
        factory.load_profile(_df.PROFILES_DIRECTORY)
    finally:
        _df.os.listdir = listdir
    return factory


def _dense(ngrams: list[str]) -> np.ndarray:
    prof = language._profiles()
    out = np.empty((len(ngrams), len(prof.langlist)))
    language._dense_rows(prof, [prof.index[g] for g in ngrams], out)
    return out


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and np.array_equal(a.view(np.uint64), b.view(np.uint64))


def test_languages_are_in_sorted_file_order(sorted_factory):
    prof = language._profiles()
    assert prof.langlist == sorted_factory.langlist
    assert prof.langlist == sorted(os.listdir(_df.PROFILES_DIRECTORY))
    assert len(prof.langlist) == 55


def test_compact_rows_are_langdetects_rows_bit_for_bit(sorted_factory):
    """Every n-gram, every language: the dense row rebuilt from the sparse pairs is the list
    langdetect's add_profile built (same float64 bits; zeros included)."""
    prof = language._profiles()
    ref = sorted_factory.word_lang_prob_map
    assert set(prof.index) == set(ref)
    assert len(ref) == 87_598 and prof.indptr[-1] == 184_129  # pairs: the non-zero values
    assert sorted(prof.index.values()) == list(range(len(ref)))
    ngrams = list(ref)
    assert _same_bits(_dense(ngrams), np.array([ref[g] for g in ngrams], dtype=np.float64))


def test_dense_rows_of_any_subset():
    """_rows_of asks for a few rows at a time, in any order, into a slice of a bigger matrix."""
    prof = language._profiles()
    ref = language._reference_factory().word_lang_prob_map
    ngrams = list(prof.index)
    rng = np.random.default_rng(3)
    for k in (1, 2, 17, 500):
        pick = [ngrams[i] for i in rng.integers(0, len(ngrams), size=k)]
        big = np.full((k + 3, len(prof.langlist)), np.nan)
        language._dense_rows(prof, [prof.index[g] for g in pick], big[1:k + 1])
        assert _same_bits(big[1:k + 1], np.array([ref[g] for g in pick]))
        assert np.isnan(big[0]).all() and np.isnan(big[k + 1:]).all()  # nothing written outside


def test_reference_factory_is_load_profile_in_sorted_order(sorted_factory):
    ref = language._reference_factory()
    assert ref.langlist == sorted_factory.langlist
    assert ref.word_lang_prob_map == sorted_factory.word_lang_prob_map


def test_sorted_order_is_only_a_permutation_of_langdetects_default():
    """langdetect's default factory (os.listdir order) holds the same values, columns permuted."""
    _df.init_factory()
    default = _df._factory
    prof = language._profiles()
    perm = [default.langlist.index(lang) for lang in prof.langlist]
    ngrams = list(default.word_lang_prob_map)
    ref = np.array([default.word_lang_prob_map[g] for g in ngrams])[:, perm]
    assert sorted(default.langlist) == prof.langlist
    assert _same_bits(_dense(ngrams), ref)


def test_detector_parameters_are_langdetects():
    """The Detector kept for parameters and generator has no n-grams but langdetect's settings."""
    det = language._detector()
    ref = language._reference_factory().create()
    assert det.word_lang_prob_map == {}
    assert det.langlist == ref.langlist
    for attr in ("alpha", "n_trial", "max_text_length", "prior_map", "seed", "ALPHA_WIDTH", "ITERATION_LIMIT",
                 "PROB_THRESHOLD", "CONV_THRESHOLD", "BASE_FREQ"):
        assert getattr(det, attr) == getattr(ref, attr), attr
    assert (det.alpha, det.n_trial, det.max_text_length, det.prior_map) == (0.5, 7, 10000, None)
    assert isinstance(det, Detector) and type(det.random) is type(ref.random)


def test_scoring_does_not_load_langdetects_profiles():
    """A fresh interpreter scores texts in several languages without langdetect's factory (its
    dict of lists is ~52 MB) or the reference's being built."""
    code = (
        "from langdetect import detector_factory as df\n"
        "from scorer import language\n"
        "from scorer.ingest import parse_text\n"
        "for t in ('Le conseil municipal a annoncé lundi un plan pour de nouvelles cliniques.',\n"
        "          'Городской совет объявил о строительстве новых больниц.', 'Hello world'):\n"
        "    print(parse_text(t).language)\n"
        "assert df._factory is None, 'init_factory was called'\n"
        "assert language._REFERENCE[0] is None\n"
        "assert language._PROFILES[0] is not None\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["fr", "ru", "en"]
