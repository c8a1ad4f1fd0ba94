"""Swap in context (scorer.features.mt_spinswap, scorer.training.mt_spinswap): texts written here."""
import json
from types import SimpleNamespace

import pytest

from scorer.corpora.spin import Pair
from scorer.features import mt_spinswap as F
from scorer.training import mt_spinswap as TS

# Two aligned PPS-style pairs: "rate" -> "speed" is seen twice, so it enters the map.
PAIRS = [Pair("inflation speed", "inflation rate"), Pair("speed of growth", "rate of growth"),
         Pair("mobile telephone", "mobile phone")]  # seen once: an accident of alignment, left out
REFERENCE = [
    "The inflation rate rose again in March, and the central bank said the inflation rate would ease.",
    "Economists expect the inflation rate to fall. The unemployment rate was flat.",
    "A higher inflation rate hurts savers, the minister said.",
    "The top speed of the new train is 300 km an hour. Its speed of travel impressed the riders.",
    "Wind speed reached 90 km an hour on the coast.",
]


@pytest.fixture(scope="module")
def table():
    counts = TS.RefCounts(PAIRS, [(f"s{i}", t) for i, t in enumerate(REFERENCE)])
    return counts.table()


def test_map_keeps_repeated_substitutions_and_drops_function_words():
    m = TS.substitution_map(PAIRS + [Pair("is rate", "human rate"), Pair("is speed", "human speed")])
    assert m == {"speed": {"rate"}}  # "telephone" seen once; "is" is a function word


def test_spun_word_in_a_news_collocation_is_a_hit_with_offsets_and_reason(table):
    text = "Officials said the inflation speed climbed to 7 percent."
    hits = F.spinswap_hits(text, table)
    assert len(hits) == 1
    h = hits[0]
    assert text[h.start:h.end] == "speed" and h.kind == "spin_swap"
    assert h.reason.startswith("'speed' where news writes 'rate'")
    assert "'inflation rate' occurs 4 times in reference news, 'inflation speed' never" in h.reason


def test_the_substitute_in_its_own_collocation_is_not_a_hit(table):
    text = "The wind speed rose and the top speed of the train fell."
    assert F.spinswap_hits(text, table) == []
    scores = F.token_scores(text, table)
    assert scores and all(s.score <= 0 for s in scores)
    assert F.spinswap_values(text, table) == {"spinswap_per_1000": 0.0, "spinswap_logratio": 0.0}


def test_punctuation_or_a_line_break_cuts_the_context(table):
    for text in ("Prices rose with inflation. Speed matters.", "Prices rose with inflation\nspeed matters."):
        assert F.spinswap_hits(text, table) == []


def test_capitals_and_curly_apostrophes_are_folded(table):
    assert len(F.spinswap_hits("Inflation Speed Climbs In March", table)) == 1
    assert F.context_tokens("don’t stop")[0].word == "don't"


def test_values_count_hits_per_1000_words(table):
    text = "The inflation speed climbed. " + "Nothing else happened here today at all. " * 2
    v = F.spinswap_values(text, table)
    n = len(F.context_tokens(text))
    assert v["spinswap_per_1000"] == pytest.approx(1000.0 / n)
    assert v["spinswap_logratio"] > 0


def test_empty_table_and_empty_text():
    assert F.spinswap_hits("the inflation speed", F.EMPTY) == []
    assert F.spinswap_values("", F.EMPTY) == {"spinswap_per_1000": 0.0, "spinswap_logratio": 0.0}


def test_table_stores_no_words_and_round_trips(table, tmp_path):
    path = tmp_path / "t.json"
    TS.write_table(table, path)
    raw = path.read_text()
    for w in ("rate", "speed", "inflation", "wind"):
        assert f'"{w}' not in raw and f" {w}" not in raw.split('"about"')[0]
    back = F.SpinSwapTable.from_dict(json.loads(raw))
    assert back.subs == table.subs and back.bigrams == table.bigrams and back.unigrams == table.unigrams
    text = "the inflation speed climbed"
    assert [s.to_dict() for s in F.token_scores(text, back)] == [s.to_dict() for s in F.token_scores(text, table)]


def test_unknown_expected_word_is_shown_without_its_spelling(table):
    weird = F.SpinSwapTable(subs={F.word_key("speed"): (F.word_key("zzqxv"),)},
                            unigrams={F.word_key("zzqxv"): 50, F.word_key("speed"): 50},
                            bigrams={F.pair_key("inflation", F.word_key("zzqxv"), True): 20})
    hits = F.spinswap_hits("the inflation speed", weird)
    assert len(hits) == 1 and "where news writes 'its usual counterpart'" in hits[0].reason


def _sample(group, text, kind="native", test=False):
    return SimpleNamespace(group=group, doc=SimpleNamespace(text=text), kind=kind, test=test)


def test_crossfit_never_scores_a_story_with_its_own_counts():
    # Only story "a" holds the collocation; its spun copy must not be scored by counts that saw it.
    samples = [_sample("a", "The inflation rate rose. The inflation rate fell. The inflation rate held."),
               _sample("a", "The inflation speed rose.", kind="spun")]
    samples += [_sample(g, "Wind speed fell on the coast today.") for g in "bcdef"]
    counts = TS.RefCounts(PAIRS, TS.reference(samples))
    idx = list(range(len(samples)))
    cf = TS.crossfit_values(samples, idx, counts)
    assert cf[1]["mt.spinswap_per_1000"] == 0.0
    full = TS.values_for([samples[1].doc.text], counts.table())[0]
    assert full["mt.spinswap_per_1000"] > 0


def test_reference_is_train_side_native_and_human_only():
    samples = [_sample("a", "x"), _sample("b", "y", kind="human"), _sample("c", "z", test=True),
               _sample("d", "w", kind="spun"), _sample("e", "v", kind="mt")]
    assert TS.reference(samples) == [("a", "x"), ("b", "y")]


def _one_pair_table(ctx: str, expected_pair_count: int) -> F.SpinSwapTable:
    e, w = F.word_key("removal"), F.word_key("evacuation")
    return F.SpinSwapTable(subs={w: (e,)}, unigrams={e: 40, w: 40},
                           bigrams={F.pair_key(ctx, e, True): expected_pair_count})


@pytest.mark.parametrize("ctx,count,hit", [
    ("flood", 1, False),  # a collocation seen once is chance, not what news writes
    ("flood", 3, True),
    ("the", 6, False),  # a function word sets grammar: evidence only from a very common pair
    ("the", 30, True),
])
def test_evidence_needs_a_repeated_collocation(ctx, count, hit):
    text = f"Officials opened {ctx} evacuation centres."
    assert bool(F.spinswap_hits(text, _one_pair_table(ctx, count))) is hit
    if not hit:
        assert all(s.score <= 0 for s in F.token_scores(text, _one_pair_table(ctx, count)))


def test_a_small_margin_adds_nothing_to_the_document_sum():
    # "the region" common, "the area" never seen but "area" itself rare: a weak positive score
    e, w = F.word_key("region"), F.word_key("area")
    t = F.SpinSwapTable(subs={w: (e,)}, unigrams={e: 600, w: 5}, bigrams={F.pair_key("the", e, True): 30})
    (s,) = F.token_scores("in the area", t)
    assert 0 < s.score < F.MIN_TOKEN_SCORE
    assert F.spinswap_values("in the area", t) == {"spinswap_per_1000": 0.0, "spinswap_logratio": 0.0}


def test_a_written_pair_that_news_uses_is_never_evidence_of_a_swap():
    # "the middle" far likelier than "the center", but news writes "the center" too
    e, w = F.word_key("middle"), F.word_key("center")
    t = F.SpinSwapTable(subs={w: (e,)}, unigrams={e: 200, w: 200},
                        bigrams={F.pair_key("the", e, True): 135, F.pair_key("the", w, True): 22})
    (s,) = F.token_scores("in the center", t)
    assert s.score == 0.0 and s.count_written == 22
    assert F.spinswap_values("in the center", t)["spinswap_logratio"] == 0.0


@pytest.mark.parametrize("counts", [{}, {0: 0, 1: 1}, {5: 300, 2**40 - 1: 7, 123456789: 1, 127: 128}])
def test_pack_counts_round_trips(counts):
    assert F.unpack_counts(F.pack_counts(counts)) == counts


def test_the_mt_extractor_reports_swaps_with_evidence_and_values(table):
    """Wired into the ``mt`` family: values, a ``spinswap_per_1000`` evidence span on the word,
    a ``spin_swap`` count in the details, and no near-certain fingerprint from it."""
    from scorer.features.mt import MachineTranslation
    from scorer.ingest import parse_text

    text = ("Officials said on Monday that the inflation speed climbed to 7 percent in March, the "
            "highest level in a decade. Shops in the capital raised prices for bread and fuel, and "
            "the central bank said it would meet again next week to discuss the figures.")
    with F.TABLE.use(table):
        res = MachineTranslation().extract(parse_text(text))
    ev = [e for e in res.evidence if e.feature == "mt.spinswap_per_1000"]
    assert len(ev) == 1 and text[ev[0].start:ev[0].end] == "speed"
    assert res.values["mt.spinswap_per_1000"] > 0 and res.values["mt.spinswap_logratio"] > 0
    assert res.details["hits_by_kind"]["spin_swap"] == 1 and res.details["fingerprints"]["kinds"] == 0
    plain = MachineTranslation().extract(parse_text(text.replace("inflation speed", "inflation rate")))
    assert plain.values["mt.spinswap_per_1000"] == 0.0


@pytest.mark.parametrize("text", [
    "Officials said the inflation speed climbed; the speed of growth slowed.",
    "Speed\tof growth, inflation  speed and inflation\u00a0speed. Speed",
    "The wind speed rose and the top speed of the train fell.\nspeed of growth",
    "", "speed", "inflation speed’s rise",
])
def test_candidate_scan_gives_what_a_token_per_word_gives(table, text):
    """token_scores' fast path (neighbours looked up for substitutes only) against the
    Token-per-word path training uses: the same scores, in the same order."""
    assert F.token_scores(text, table) == F.token_scores(text, table, F.context_tokens(text))


def test_scores_kept_per_context_follow_the_table_and_stay_bounded(table, monkeypatch):
    """The candidate scan keeps scores per (word, left, right) for the table last used: the
    same scores as the Token-per-word path, whichever table comes in, and a bounded store."""
    monkeypatch.setattr(F, "_IN_CONTEXT_MAX", 3)
    monkeypatch.setattr(F, "_IN_CONTEXT", [None, {}])
    texts = ["Officials said the inflation speed climbed; the speed of growth slowed.",
             "The inflation speed rose. Inflation speed fell; the area of the region grew."] + REFERENCE
    for tab in (table, F.current_table(), table, F.EMPTY, F.current_table()):
        for text in texts + texts:  # the second time from the store
            assert F.token_scores(text, tab) == F.token_scores(text, tab, F.context_tokens(text))
            assert len(F._IN_CONTEXT[1]) <= 3
