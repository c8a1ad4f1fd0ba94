"""language.py's compact profiles are langdetect's profiles, value for value, in sorted order.

The scoring path reads langdetect's profile files itself (n-grams as sorted integer codes and
sparse rows) instead of langdetect's dict of 55-float lists; these tests hold it to what
langdetect's own ``DetectorFactory`` builds from the same files, bit for bit, check the n-gram
look-up against langdetect's own n-gram extraction, and check that scoring does not load
langdetect's own copy. That ``detect_language`` equals the reference on texts is in
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
TEXTS = [
    "The city council said on Monday it would spend 40 million on new clinics over five years.",
    "BREAKING: MARKETS FALL AS RATES RISE",
    "Die Stadtverwaltung kündigte am Montag neue Investitionen in Schulen und Krankenhäuser an.",
    "Городской совет в понедельник объявил о строительстве новых больниц и школ.",
    "市议会周一宣布将在未来五年内投资建设新的诊所和学校。",
    "東京都は月曜日、新しい病院の建設計画を発表しました。ひらがなとカタカナも。",
    "서울시는 월요일 새로운 병원 건설 계획을 발표했다.",
    "أعلن مجلس المدينة يوم الاثنين عن خطة لبناء مستشفيات جديدة. یک جمله فارسی",
    "Tiếng Việt với dấu tổ hợp: Hội đồng thành phố",  # combining marks (NFD)
    "Consiliul local a anunțat luni un plan pentru școli și spitale noi în oraș.",
    "Apple (苹果) said its iPhone sales in 中国 rose; see https://example.com/a?b=c or a.b@example.org",
    "சென்னை மாநகராட்சி புதிய மருத்துவமனைகளை அறிவித்தது. ગુજરાતી ભાષા. ಕನ್ನಡ",
    "ÀÉÎÕÜ ÇA VA? ALL CAPS WORDS AND ÉCOLE \U0001F600 \udc80 x\x00y",
]


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


def _ids(ngrams: list[str]) -> list[int]:
    ids = language._lookup(ngrams, language._profiles().codes)
    assert min(ids, default=0) >= 0, "an n-gram langdetect knows was not found"
    return ids


def _dense(ngrams: list[str]) -> np.ndarray:
    prof = language._profiles()
    out = np.empty((len(ngrams), len(prof.langlist)))
    language._dense_rows(prof, _ids(ngrams), out)
    return out


def _gram(code: int) -> str:
    """The n-gram of a code (the inverse of language._codes)."""
    return "".join(chr((code >> shift) & 0x1FFFFF) for shift in (0, 21, 42) if (code >> shift) & 0x1FFFFF)


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
    assert len(ref) == 87_598 and prof.indptr[-1] == 184_129  # pairs: the non-zero values
    grams = [_gram(c) for c in prof.codes.tolist()]
    assert len(grams) == len(ref) and set(grams) == set(ref)
    assert np.all(np.diff(prof.codes.astype(np.int64)) > 0)  # sorted, as the binary search needs
    ngrams = list(ref)
    assert sorted(_ids(ngrams)) == list(range(len(ref)))
    assert _same_bits(_dense(ngrams), np.array([ref[g] for g in ngrams], dtype=np.float64))


def test_dense_rows_of_any_subset():
    """_rows_of asks for a few rows at a time, in any order, into a slice of a bigger matrix."""
    prof = language._profiles()
    ref = language._reference_factory().word_lang_prob_map
    ngrams = list(ref)
    rng = np.random.default_rng(3)
    for k in (1, 2, 17, 500):
        pick = [ngrams[i] for i in rng.integers(0, len(ngrams), size=k)]
        big = np.full((k + 3, len(prof.langlist)), np.nan)
        language._dense_rows(prof, _ids(pick), big[1:k + 1])
        assert _same_bits(big[1:k + 1], np.array([ref[g] for g in pick]))
        assert np.isnan(big[0]).all() and np.isnan(big[k + 1:]).all()  # nothing written outside


def test_lookup_of_unknown_ngrams():
    """Not known: -1, wherever the code falls (before the first, between, after the last)."""
    prof = language._profiles()
    known = language._reference_factory().word_lang_prob_map
    first, last = _gram(int(prof.codes[0])), _gram(int(prof.codes[-1]))
    probes = [first, last, "\x01", "\U0010ffff", "\U0010ffff" * 3, "zzz", "qxj", "\udc80a", "a b", "ab",
              "\u4e00\u4e01", " \u0b85", "\u0b85\u0b85\u0b85", "\x7f", first[:-1] + "\x01", "th"]
    ids = language._lookup(probes, prof.codes)
    for g, i in zip(probes, ids):
        assert (i >= 0) == (g in known), repr(g)
        if i >= 0:
            assert _gram(int(prof.codes[i])) == g
    assert language._lookup([], prof.codes) == []


def _random_texts():
    rng = np.random.default_rng(5)
    joined = " ".join(TEXTS)
    yield from TEXTS
    for _ in range(300):
        i = int(rng.integers(len(joined)))
        yield joined[i:i + int(rng.integers(1, 300))]


def test_extracted_ngrams_are_langdetects():
    """The n-grams a text yields (as row ids), in order, are those langdetect's Detector lists:
    words seen before come from the cache, words of the same text are looked up together."""
    prof = language._profiles()
    for text in _random_texts():
        det = language._reference_factory().create()
        det.append(text)
        det.cleaning_text()
        want = det._extract_ngrams()
        got = language._extract_ngrams(language._cleaning(language._append(text, det.max_text_length)), prof)
        assert [_gram(int(prof.codes[i])) for i in got] == want, repr(text)


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
        "          'Городской совет объявил о строительстве новых больниц.',\n"
        "          'The city council said on Monday it would build clinics.'):\n"
        "    print(parse_text(t).language)\n"
        "assert df._factory is None, 'init_factory was called'\n"
        "assert language._REFERENCE[0] is None\n"
        "assert language._PROFILES[0] is not None\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["fr", "ru", "en"]


def test_probability_matrix_stays_within_its_row_budget(monkeypatch):
    """The dense rows of n-grams met so far grow by doubling, but not past _MAX_ROWS (doubling
    16,384 rows would have made 32,768 of a 20,000-row budget); the answers stay langdetect's."""
    monkeypatch.setattr(language, "_MAX_ROWS", 1500)
    monkeypatch.setattr(language, "_store", {"mat": np.empty((0, 0)), "used": 0, "rowmap": np.empty(0, dtype=np.int64)})
    shapes = set()
    for text in _random_texts():
        assert language.detect_language_exact(text) == language.detect_language_reference(text), repr(text)
        shapes.add(language._store["mat"].shape[0])
    assert max(shapes) == 1500 and 1024 in shapes  # it did grow, and stopped at the budget
