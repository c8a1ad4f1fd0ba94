"""The mt family on small texts we wrote: each artifact kind, positive and negative."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from scorer.features.base import Evidence
from scorer.features.mt import MachineTranslation
from scorer.features.mt_artifacts import casing_hits, spacing_hits
from scorer.features.mt_lexicon import bigram_key, calque_hits
from scorer.ingest import parse_text
from scorer.text import snippet

EXT = MachineTranslation()
REPO = Path(__file__).resolve().parent.parent

CLEAN = (
    "Harbourline Foods said on Tuesday it would spend $250 million on a new bakery in Leeds, "
    "its largest investment in a decade. The company, which employs 4,000 people, expects the "
    "plant to open in 2027. Its chief executive, Priya Natarajan, told reporters she was "
    "confident about demand. “We've been running at full capacity for two years,” she said. "
    "Analysts at Peel Hunt said the move was a sensible bet, although rising energy costs "
    "could squeeze margins. Shares rose 3% in early trading. The long-term plan also includes "
    "a training centre for apprentices, run with a local college. OpenAI and DeepSeek were "
    "not involved, and nobody at ChatGPT's maker commented."
)


def _art(text: str):
    return parse_text(text)


def _kinds(text: str) -> dict:
    return EXT.extract(_art(text)).details["hits_by_kind"]


# --- spacing ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text,kind", [
    ("The firm paid $ 40 million for the site.", "currency_space"),
    ("Prices rose by € 12 last week.", "currency_space"),
    ("Inflation reached 7 % in May.", "percent_space"),
    ("The Nordic -team won again.", "hyphen_space"),
    ("The bank- loan was refused.", "hyphen_space"),
    ("He arrived late , and left early.", "space_before_punct"),
    ("Tesla ’s sales fell.", "broken_apostrophe"),
])
def test_spacing_positive(text, kind):
    assert kind in {h.kind for h in spacing_hits(text)}


@pytest.mark.parametrize("text", [
    "The firm paid $40 million for the site.",
    "Inflation reached 7% in May.",
    "The pre- and post-war years were hard.",
    "It was a short- to medium-term fix.",
    "He arrived late - and left early.",
    "He arrived late — and left early.",
    "Temperatures fell to -5 overnight.",
    "Tesla’s sales fell, and Ford's rose.",
    "Who is he ? Nobody knew .",  # spaced '?' and '.' are left alone by design
])
def test_spacing_negative(text):
    assert spacing_hits(text) == []


# --- casing ----------------------------------------------------------------------------------
def test_casing_table_positive():
    hits = casing_hits("Investors asked whether Openai and Chatgpt would beat Deepseek. Ai is hard.")
    got = {(h.kind, h.reason.split("'")[1]) for h in hits}
    assert ("brand_case", "Openai") in got
    assert ("brand_case", "Chatgpt") in got
    assert ("brand_case", "Deepseek") in got
    assert ("brand_case", "Ai") in got


def test_casing_general_rules():
    # Not in the table: the article itself shows the right casing, then loses it.
    text = "BrightLoop launched today. Later, Brightloop said the ML team grew. Ml experts agreed."
    reasons = [h.reason for h in casing_hits(text)]
    assert any("'Brightloop'" in r for r in reasons)
    assert any("'Ml'" in r for r in reasons)
    # lost inner capitals on "<common word>ai"
    assert [h.kind for h in casing_hits("The startup Greenai raised funds.")] == ["lost_inner_capital"]


@pytest.mark.parametrize("text", [
    "OpenAI, ChatGPT and DeepSeek compete. The AI race is on.",
    "Nato and Unicef issued statements.",  # British house style, not an error
    "Visit https://openai.com/blog or mail press@deepseek.com today.",
    "OPENAI ANNOUNCES A NEW MODEL FOR EVERYONE\nThe company said it was ready.",
    "She flew to Dubai, then Mumbai and Shanghai.",
    "It was a Warm-Up game; the warm-up went well.",
    "The US told us to wait.",
])
def test_casing_negative(text):
    assert casing_hits(text) == []


# --- tortured phrases ------------------------------------------------------------------------
def test_table_hashes_read_the_digest_as_its_hex_did():
    """The shipped tables were built with int(hexdigest, 16); the keys now read the digest's
    bytes directly (no hex string): the same integers."""
    import hashlib

    from scorer.features import mt_spinswap as sw

    for w in ("rate", "don't", "héllo", "日本", "", "a b"):
        assert bigram_key(w, "speed") == int(hashlib.blake2b(f"{w} speed".encode(), digest_size=5).hexdigest(), 16)
        assert sw.word_key(w) == int(hashlib.blake2b(w.encode(), digest_size=5, person=b"spinswap").hexdigest(), 16)
        s = f"{w} #{sw.word_key('rate'):x}"
        assert sw.pair_key(w, sw.word_key("rate"), True) == int(
            hashlib.blake2b(s.encode(), digest_size=5, person=b"spinswap").hexdigest(), 16)


def test_calques_positive_and_negative():
    hits = calque_hits("The minister made a last pit effort as the weapon race heated up.")
    assert len(hits) == 2 and all(h.kind == "calque" for h in hits)
    assert calque_hits("The minister made a last-ditch effort as the arms race heated up.") == []
    # documented human phrases are NOT flagged
    assert calque_hits("The council will take measures within the framework of the law.") == []


def test_calque_gate_never_closes_on_a_calque():
    """The word-run gate before the calque regex: on every calque written in odd ways (case
    oddities re.I matches, hyphens, quotes and apostrophes around it) the hits are the regex's."""
    import random
    import re

    from scorer.features import mt_lexicon as ml
    from scorer.features.mt_words import CALQUES

    assert all(re.fullmatch(r"[a-z]+", w.decode()) for ws in ml._calque_gate().words for w in ws)
    rx = ml._calque_re()
    rng = random.Random(5)
    odd = {"s": "\u017f", "k": "\u212a", "i": "\u0130\u0131"}  # long s, Kelvin sign, dotted and dotless i
    texts = []
    for k in CALQUES:
        for _ in range(4):
            t = "".join(rng.choice(odd.get(c, c)) if rng.random() < 0.3 else c.upper() if rng.random() < 0.3 else c
                        for c in k)
            t = t.replace(" ", rng.choice([" ", "-"]))
            texts.append(rng.choice(["", "'", "’", "“", "(", "x", "5", "é", "-"]) + t
                         + rng.choice(["", "'s", "’s", "”", ".", "x", "é", "-"]))
    found = 0
    for t in texts + [" and ".join(texts[i:i + 3]) for i in range(0, len(texts), 3)]:
        ref = [(m.start(), m.end()) for m in rx.finditer(t)]
        assert [(h.start, h.end) for h in calque_hits(t)] == ref, t
        found += bool(ref)
    assert found > len(CALQUES)


def test_tortured_bigram_table_is_hashed_and_used():
    table = json.loads((REPO / "scorer" / "data" / "mt_tortured.json").read_text())
    assert table["bigrams"] and all(isinstance(x, int) for x in table["bigrams"][:50])
    assert bigram_key("counterfeit", "consciousness") in set(table["bigrams"])
    text = ("Experts in counterfeit consciousness met the press. " * 3) + CLEAN
    r = EXT.extract(_art(text))
    assert r.details["hits_by_kind"].get("tortured_bigram", 0) >= 1
    assert r.values["mt.tortured_per_1000"] > 0


def test_first_tortured_hit_is_evidence_but_not_a_rate():
    """One calque is shown (evidence span, hit count, fingerprint kind) but adds nothing to
    mt.tortured_per_1000; a second one does (TORTURED_FREE_HITS)."""
    one = "The minister made a last pit effort to save the budget. " + CLEAN
    r = EXT.extract(_art(one))
    assert r.details["hits_by_kind"].get("calque") == 1
    assert r.values["mt.tortured_per_1000"] == 0
    assert r.values["mt.fingerprint_kinds"] == 1
    ev = [e for e in r.evidence if e.feature == "mt.tortured_per_1000"]
    assert len(ev) == 1 and one[ev[0].start:ev[0].end].lower() == "last pit effort"
    two = "The minister made a last pit effort as the weapon race heated up. " + CLEAN
    r2 = EXT.extract(_art(two))
    assert r2.details["hits_by_kind"].get("calque") == 2
    n = r2.details["words"]
    assert r2.values["mt.tortured_per_1000"] == pytest.approx(1000.0 / n)
    assert len([e for e in r2.evidence if e.feature == "mt.tortured_per_1000"]) == 2


# --- non-words, agreement, language mixing ----------------------------------------------------
def test_nonwords():
    k = _kinds("The mayor was panicing and bulldores the plan. " + CLEAN)
    assert k.get("nonword", 0) >= 1
    assert "nonword" not in _kinds(CLEAN + " See www.harbourline-foods.example/xq7zt for details.")


def test_agreement_slip():
    assert _kinds("Now he polish his plan for the market. " + CLEAN).get("agreement") == 1
    assert "agreement" not in _kinds("Now he polishes his plan for the market. " + CLEAN)


def test_foreign_sentence():
    text = CLEAN + "\nDie Regierung hat heute beschlossen, dass alle Schulen geschlossen bleiben.\n" + CLEAN
    assert _kinds(text).get("foreign") == 1
    assert "foreign" not in _kinds(CLEAN)


# --- whole article ---------------------------------------------------------------------------
def test_clean_article_has_no_artifacts():
    r = EXT.extract(_art(CLEAN))
    assert r.values["mt.spacing_per_1000"] == 0
    assert r.values["mt.casing_per_1000"] == 0
    assert r.values["mt.tortured_per_1000"] == 0
    assert r.evidence == []


SPUN_MT = (
    "Harbourline Foods will spend $ 250 million on a new bakery in Leeds , its largest investment. "
    "The Harbourline -team said Openai tools would plan the site. Chief executive Priya Natarajan "
    "made a last pit effort to calm investors worried about counterfeit consciousness. Now he polish "
    "the plan, and Harbourline is in a weapon race with rivals. Shares rose 3 % in early trading."
)


def test_evidence_spans_match_body():
    art = _art(SPUN_MT)
    r = EXT.extract(art)
    kinds = set(r.details["hits_by_kind"])
    assert {"currency_space", "hyphen_space", "brand_case", "calque", "agreement"} <= kinds
    assert r.evidence
    for ev in r.evidence:
        assert isinstance(ev, Evidence) and ev.feature.startswith("mt.")
        assert ev.snippet == snippet(art.body, ev.start, ev.end)
        assert art.body[ev.start:ev.end].startswith(ev.snippet.rstrip("…"))
        assert ev.reason


def test_non_english_gets_no_risk():
    text = ("Le gouvernement a annoncé mardi un plan de 40 millions d'euros pour les écoles. "
            "Les syndicats ont salué une décision attendue depuis longtemps, mais ils restent prudents. "
            "La ministre a précisé que les travaux commenceront au printemps prochain.")
    art = _art(text)
    assert art.language == "fr"
    r = EXT.extract(art)
    assert all(v is None for v in r.values.values())
    assert set(r.not_applicable) == set(r.values)
    from scorer.model import facet_model_path, load_optional

    model = load_optional(facet_model_path("mt"))
    assert EXT.risk(r, model) is None


def test_risk_orders_clean_below_artifacts():
    from scorer.model import facet_model_path, load_optional

    model = load_optional(facet_model_path("mt"))
    if model is None:
        pytest.skip("models/facet_mt.json not trained yet")
    clean = EXT.risk(EXT.extract(_art(CLEAN)), model)
    dirty = EXT.risk(EXT.extract(_art(SPUN_MT + " " + SPUN_MT)), model)
    assert 0.0 <= clean <= 1.0 and 0.0 <= dirty <= 1.0
    assert dirty > clean


def test_specs_and_values_agree():
    r = EXT.extract(_art(CLEAN))
    assert set(r.values) == {s.name for s in EXT.specs}
    assert all(s.english_only for s in EXT.specs)


# --- hashed n-gram model ------------------------------------------------------------------------
def test_ngram_hashing_is_deterministic_and_roundtrips():
    import numpy as np

    from scorer.features import mt_ngram

    a = mt_ngram.doc_cells(mt_ngram.sentence_tokens("The council met on 3 May. It voted “yes”."))
    b = mt_ngram.doc_cells(mt_ngram.sentence_tokens("The council met on 9 May. It voted \"yes\"."))
    assert a.uni.tolist() == b.uni.tolist() and a.bi.tolist() == b.bi.tolist()  # digits, quotes folded
    assert int(a.sent.max()) == 1
    assert mt_ngram._h("1|council") == __import__("zlib").crc32(b"1|council") % mt_ngram.BUCKETS  # not hash()
    w = np.linspace(-1.0, 1.0, mt_ngram.BUCKETS)
    enc, scale = mt_ngram.encode(w)
    back = mt_ngram.decode(enc, scale)
    assert np.abs(back - w).max() <= scale / 2 + 1e-9


def test_ngram_scores_follow_the_weights():
    import numpy as np

    from scorer.features import mt_ngram

    def cells(t):
        return mt_ngram.doc_cells(mt_ngram.sentence_tokens(t))

    w = np.zeros(mt_ngram.BUCKETS)
    for c in cells("expressed concern that the").bi:  # a bigram-level "MT wording" in a toy model
        w[c] = 3.0
    model = mt_ngram.HashedLinear(w, -0.5)
    m = mt_ngram.ngram_scores(cells("The nurses expressed concern that the plan will be reduced."), model)
    h = mt_ngram.ngram_scores(cells("The nurses were worried the plan would be cut next year."), model)
    assert m["ngram_logit"] > 0 > h["ngram_logit"]
    assert m["ngram_mt_sentence_share"] == 1.0 and h["ngram_mt_sentence_share"] == 0.0
    assert mt_ngram.ngram_scores(cells("Too short."), model)["ngram_sentence_q75"] is None
    assert mt_ngram.ngram_scores(cells("Any text at all here."), None, use_current=False)["ngram_logit"] is None


def test_shipped_tables_are_compact():
    total = sum(p.stat().st_size for p in (REPO / "scorer" / "data").glob("mt_*.json"))
    assert 0 < total < 3_000_000


# --- risk floor for dense fingerprints ---------------------------------------------------------
def test_floor_needs_two_kinds_and_three_hits():
    from scorer.features.mt import FLOOR_RISK, apply_floor, fingerprint_summary

    assert apply_floor(0.1, fingerprint_summary({"currency_space": 2, "brand_case": 1})) == FLOOR_RISK
    assert apply_floor(0.1, fingerprint_summary({"currency_space": 5})) == 0.1  # one kind only
    assert apply_floor(0.1, fingerprint_summary({"currency_space": 1, "calque": 1})) == 0.1  # two hits only
    # spaced punctuation and '%' (French typing habits) never count towards the floor
    assert apply_floor(0.1, fingerprint_summary({"space_before_punct": 9, "percent_space": 3, "nonword": 4})) == 0.1
    assert apply_floor(0.95, fingerprint_summary({"currency_space": 2, "brand_case": 1})) == 0.95


def test_floor_reaches_the_extractor_risk():
    from scorer.features.mt import FLOOR_RISK
    from scorer.model import facet_model_path, load_optional

    model = load_optional(facet_model_path("mt"))
    if model is None:
        pytest.skip("models/facet_mt.json not trained yet")
    dirty = EXT.extract(_art(SPUN_MT))
    assert dirty.details["fingerprints"]["kinds"] >= 2
    assert EXT.risk(dirty, model) >= FLOOR_RISK
    clean = EXT.extract(_art(CLEAN))
    assert clean.details["fingerprints"]["kinds"] == 0 and EXT.risk(clean, model) < 0.5


@pytest.mark.parametrize("text", ["$" * 1_000_000, "a -" * 100_000, "A" * 1_000_000, ("x " * 200_000) + ".",
                                  "- " * 500_000], ids=["dollars", "hyphens", "caps", "xs", "dashes"])
def test_adversarial_input_is_fast(text):
    # Linear regexes: time grows with the number of hits, never explodes.
    import time

    t = time.perf_counter()
    spacing_hits(text)
    casing_hits(text)
    calque_hits(text)
    assert time.perf_counter() - t < 8.0


# --- evidence for the hashed n-gram model ------------------------------------------------------
def _toy_model(weights: dict[str, float], bias: float = 0.0):
    """A HashedLinear whose only non-zero cells are the given n-grams ("1|w", "2|v w")."""
    import numpy as np

    from scorer.features import mt_ngram

    w = np.zeros(mt_ngram.BUCKETS)
    for key, x in weights.items():
        w[mt_ngram._h(key)] = x
    return mt_ngram.HashedLinear(w, bias)


def test_sentence_spans_match_the_tokens_they_cover():
    from scorer.features.mt_ngram import sentence_tokens, sentence_tokens_spans

    text = "The ferry to Orkney left at 9. “It was late,” said Ms Brodie!\nNo second line here"
    sents, spans = sentence_tokens_spans(text)
    assert sents == sentence_tokens(text)
    assert [text[s:e] for s, e in spans] == ["The ferry to Orkney left at 9.", "“It was late,” said Ms Brodie!",
                                             "No second line here"]


def test_top_ngrams_name_the_sentence_words_with_positive_weight():
    from scorer.features.mt_ngram import top_ngrams

    model = _toy_model({"1|territory": 2.0, "2|the territory": 3.0, "1|ferry": -1.0, "1|0": 9.0})
    got = top_ngrams(["the", "ferry", "left", "the", "territory", "at", "0"], model)
    assert got == [("the territory", 3.0), ("territory", 2.0)]  # numbers and negative weights left out


def test_ngram_evidence_only_for_an_mt_leaning_article(monkeypatch):
    from scorer.features import mt as mt_mod
    from scorer.features.mt_ngram import sentence_tokens_spans

    body = ("Acting head of the region of the north announced the plan of the government of the area. "
            "Residents cheered at the harbour.\n"
            "The council of the district of the coast approved the budget of the year of the plan.")
    sents, spans = sentence_tokens_spans(body)
    monkeypatch.setattr(mt_mod, "current_model", lambda: _toy_model({"2|of the": 1.0}))
    per = [(0, 2.5), (1, -0.4), (2, 1.2)]
    ev = mt_mod._ngram_evidence(body, 0.8, per, sents, spans, room=10)
    assert [e.start for e in ev] == [spans[0][0], spans[2][0]]  # strongest first; the human-reading one left out
    for e in ev:
        assert e.feature == "mt.ngram_logit" and body[e.start:e.end].startswith(e.snippet.rstrip("…")[:40])
        assert "'of the'" in e.reason
    assert mt_mod._ngram_evidence(body, -0.2, per, sents, spans, room=10) == []  # the article reads human
    assert mt_mod._ngram_evidence(body, 0.8, per, sents, spans, room=0) == []  # evidence cap reached


def test_extract_attaches_ngram_evidence_from_the_shipped_model():
    # Written in the literal "of the ... of the" style of MT from Russian: the shipped model reads
    # it as MT (log-odds +2.7 when written), and every span it shows is one of its sentences.
    text = ("Acting Governor of the Territory for the first time after his appointment held a meeting of "
            "the heads of the municipal formations of the region. In the course of the meeting the issues of "
            "the preparation of the heating season were considered. According to him, the situation is under "
            "control of the regional government. Also on the agenda of the meeting were the questions of the "
            "repair of the roads of the region.")
    art = parse_text(text)
    res = MachineTranslation().extract(art)
    spans = [e for e in res.evidence if e.feature == "mt.ngram_logit"]
    assert res.values["mt.ngram_logit"] > 0 and 1 <= len(spans) <= 3
    for e in spans:
        assert art.body[e.start:e.end].strip() and "machine translation" in e.reason


# --- training: function-word table and facet inputs ------------------------------------------
def test_fwngram_table_contrasts_human_translation_with_mt_only():
    """Native English and spun text do not enter the function-word table: an n-gram only
    natives use gets no weight, one MT uses more than human translators does."""
    from scorer.training.mt import FWNGRAM_MIN_DOCS, fit_fwngram_contrast

    n = FWNGRAM_MIN_DOCS + 3
    streams = ([["W", "of", "the", "W"]] * n  # human translations
               + [["W", "of", "the", "W", "in", "the", "W"]] * n  # MT: "in the"
               + [["W", "i", "'ve", "W"]] * n  # natives: "i 've"
               + [["W", "hereby", "W"]] * n)  # spun
    kinds = ["human"] * n + ["mt"] * n + ["native"] * n + ["spun"] * n
    y = [0] * n + [1] * n + [0] * n + [1] * n
    w = fit_fwngram_contrast(streams, y, kinds)
    assert w.get("in the", 0) > 0 and w.get("in", 0) > 0
    assert "i 've" not in w and "hereby" not in w and "'ve" not in w


def test_facet_model_does_not_read_the_proficiency_profile():
    from scorer.training.mt import feature_list

    names = feature_list()
    assert "mt.ngram_logit" in names and "mt.fwngram_logodds" in names and "mt.tortured_per_1000" in names
    for f in ("mt.mattr", "mt.function_word_share", "mt.sentence_length_cv", "mt.contractions_per_1000",
              "mt.common_word_share"):
        assert f not in names
    shipped = json.loads((REPO / "models" / "facet_mt.json").read_text())["features"]
    assert shipped == names


def test_spinner_preferred_words_are_shown_as_evidence():
    """The spin-word score sums a learned weight per word; its spans are the heaviest words, so a
    reader can see what the score counted (it used to have none)."""
    from scorer.features.mt_lexicon import SPIN_WORD_EVIDENCE, load_table

    text = ("The malady spread through the valley in spring. Doctors said the cerebrum of the "
            "response was a new clinic, and the profundity of the crisis surprised the council. "
            "The malady returned in autumn.")
    res = MachineTranslation().extract(parse_text(text))
    shown = [e for e in res.evidence if e.feature == "mt.spin_word_score"]
    assert res.values["mt.spin_word_score"] > 0
    assert shown and len(shown) <= SPIN_WORD_EVIDENCE
    words = [text[e.start:e.end] for e in shown]
    assert len(set(w.lower() for w in words)) == len(words)  # one span per distinct word
    assert all(load_table()["spin_words"].get(w.lower(), 0) > 0 for w in words)
    assert [e.start for e in shown] == sorted(e.start for e in shown)
    plain = ("The council met on Monday to discuss the budget. The mayor said the city would "
             "spend more on schools and roads next year, and residents welcomed the plan.")
    assert not [e for e in MachineTranslation().extract(parse_text(plain)).evidence
                if e.feature == "mt.spin_word_score"]


def test_a_spin_word_score_made_of_light_words_still_shows_them():
    """Words under the evidence minimum count in the score; when they are all a text has, they
    are shown, so the score is never a number without spans."""
    from scorer.features.mt_lexicon import SPIN_WORD_EVIDENCE_MIN, load_table

    sw = load_table()["spin_words"]
    light = sorted(w for w, x in sw.items() if 0 < x < SPIN_WORD_EVIDENCE_MIN and w.isalpha())[:2]
    assert len(light) == 2
    text = (f"The council met on Monday and spoke about the {light[0]} of the old market. Residents "
            f"said the {light[1]} was a concern and asked the mayor to act before winter.")
    res = MachineTranslation().extract(parse_text(text))
    assert res.values["mt.spin_word_score"] > 0
    shown = sorted(text[e.start:e.end].lower() for e in res.evidence if e.feature == "mt.spin_word_score")
    assert shown == sorted(light)
    assert all("weight +0." in e.reason for e in res.evidence if e.feature == "mt.spin_word_score")


def test_tortured_table_leaves_out_pairs_english_books_use_often():
    """A pair the screener lists ("medical aid" for "medical care") but English uses all the
    time is not a spinner fingerprint; a rare one ("profound learning") is."""
    from scorer.corpora.spin import Pair
    from scorer.training.mt import build_tortured_table

    pairs = [Pair("medical aid", "medical care"), Pair("profound learning", "deep learning")]
    table = build_tortured_table(pairs, [], common=frozenset({("medical", "aid")}))
    assert bigram_key("profound", "learning") in table["bigrams"]
    assert bigram_key("medical", "aid") not in table["bigrams"]
    # without the filter both would be kept: the test would catch a filter that does nothing
    table = build_tortured_table(pairs, [], common=frozenset())
    assert bigram_key("medical", "aid") in table["bigrams"]


def test_tortured_table_keeps_content_pairs_only_and_says_so():
    """The extractor skips pairs the table cannot hold (a function word, a non-alphabetic
    word) only when the table says it holds none: build_tortured_table writes that flag."""
    from scorer.corpora.spin import Pair
    from scorer.features.mt_lexicon import tortured_bigram_hits, use_table
    from scorer.training.mt import build_tortured_table

    pairs = [Pair("profound learning of the", "deep learning of the"),
             Pair("the profound learning", "the deep learning"),
             Pair("co-operative profound learning", "co-operative deep learning")]
    table = build_tortured_table(pairs, [], common=frozenset())
    assert table["content_pairs"] is True
    assert bigram_key("profound", "learning") in table["bigrams"]
    for a, b in [("learning", "of"), ("the", "profound"), ("co-operative", "profound")]:
        assert bigram_key(a, b) not in table["bigrams"]
    # A table without the flag (built by other code) holding such a pair: it is still found.
    text = "They met the profound learning crowd."
    odd = {"bigrams": [bigram_key("the", "profound")], "spin_words": {}}
    with use_table(odd):
        assert [text[h.start:h.end] for h in tortured_bigram_hits(text)] == ["the profound"]
    with use_table({**odd, "content_pairs": True}):  # the flag is what turns the skip on
        assert tortured_bigram_hits(text) == []


def test_shipped_tortured_table_holds_content_pairs_only(corpus_docs):
    """The shipped table carries the flag (built by the filtering code, with today's function
    words): on every text of the corpora, the pairs it finds are the pairs found by looking up
    every lower-case pair. (The corpus is the session's ``corpus_docs``: building it again here
    cost ~40 s of CI.)"""
    from scorer.features.mt_lexicon import _load_shipped, tortured_bigram_hits

    shipped = _load_shipped(str(REPO / "scorer" / "data" / "mt_tortured.json"))
    assert shipped["content_pairs"] is True
    every_pair = {**shipped, "content_pairs": False}
    n = found = 0
    for doc in corpus_docs:
        if doc.fmt == "html":
            continue
        got = tortured_bigram_hits(doc.text, shipped)
        assert got == tortured_bigram_hits(doc.text, every_pair), doc.text[:80]
        n += 1
        found += bool(got)
    assert n > 3000 and found > 100  # a real check: thousands of texts, many of them with hits


@pytest.mark.skipif(importlib.util.find_spec("symspellpy") is None, reason="symspellpy (the [train] extra) not installed")
def test_book_bigrams_know_common_news_collocations():
    from scorer.training.mt import book_bigrams

    common = book_bigrams()
    assert len(common) > 200_000
    assert ("medical", "aid") in common and ("storage", "facility") in common
    assert ("profound", "learning") not in common


def test_a_list_of_names_is_no_foreign_sentence():
    """A squad list in a human match report ("Goalkeepers: Emiliano Martínez, ...") has no
    function word and no dictionary word, in any language: read as a sentence not in English it
    moved such a report from 91 to 80, and six names alone scored 18 ("likely unreliable")."""
    squad = ("Argentina named its squad on Friday for the two qualifiers in Buenos Aires and Quito. "
             "Goalkeepers: Emiliano Martínez, Gerónimo Rulli, Walter Benítez, Juan Musso, Franco Armani. "
             "Defenders: Nahuel Molina, Cristian Romero, Nicolás Otamendi, Lisandro Martínez, Nicolás Tagliafico. "
             "The coach said the group would travel on Monday and train in Ezeiza before the first match.")
    assert "foreign" not in _kinds(squad)
    # a sentence in another language is still one, names in it or not
    assert _kinds(CLEAN + " El entrenador dijo que el grupo viajará el lunes desde Ezeiza hacia Quito con todos."
                  ).get("foreign") == 1
