"""ai_style: small texts written for these tests (no corpus text, no seed entities)."""
from __future__ import annotations

import math
import time

import pytest

from scorer.corpora.ai import clean, flatten, story_id
from scorer.features.ai_style import RESIDUE_FLOOR, STRUCTURE_LOGIT, AiStyle, structure_kinds
from scorer.features.base import FeatureResult
from scorer.ingest import parse_text
from scorer.linmodel import LinearModel
from scorer.model import facet_model_path, load_optional

X = AiStyle()
F = "ai_style."


def feats(text: str):
    art = parse_text(text)
    return art, X.extract(art)


def model():
    m = load_optional(facet_model_path("ai_style"))
    if m is None:
        pytest.fail("models/facet_ai_style.json missing: run `python -m scorer.training.ai_style`")
    return m


def risk(text: str) -> float:
    _, r = feats(text)
    return X.risk(r, model())


HUMAN_NEWS = (
    "Harbour officials in Port Elsmere said on Tuesday that a cargo ship ran aground near the "
    "northern breakwater after its steering failed in heavy fog.\n\n"
    "Nobody was hurt, the port authority said in a statement, but the channel was closed for "
    "six hours while two tugs pulled the vessel free. \"We had a lucky morning,\" said harbour "
    "master Ines Kolar, who has worked at the port for 19 years.\n\n"
    "The ship, carrying timber from the Baltic, will be inspected before it is allowed to sail. "
    "Local fishermen told reporters the fog had been the thickest in a decade."
)

# Plain English by non-native writers: simple words, article and preposition slips. Human.
NON_NATIVE = [
    "Yesterday the police of Kamburu district arrested three men for stealing of cattle. The "
    "owner of cows, Mr Otieno, said he was very happy because the animals are his only income. "
    "Police commander told that the men will appear in court on Monday. Villagers said the "
    "theft of cattle is big problem in the area since many years and they want more patrols "
    "in the night. Mr Otieno said he will give a goat to the officers to say thank you.",
    "The new bridge in Sylhet town was opened on Sunday by the minister. Many people came to "
    "see the ceremony despite of the rain. The bridge is 400 metre long and it cost 52 crore "
    "taka. Before the bridge, people must to take a boat to cross the river, which take one "
    "hour. A shopkeeper said me that now he can bring goods from market more fast. The "
    "engineers said the work was finish two months late because of flood in the last year.",
    "Seoul city will give free bus card to the students from next month, the mayor office "
    "announced in Thursday. The students of middle school and high school can use the card "
    "for 60 rides in one month. Some parents said it is good news because the price of bus "
    "is increased two times in this year. One parent, Mrs Park, said her son is going to "
    "school by bus every day and she pay a lot of money. The city will spend 30 billion won "
    "for this program.",
]

LLM_STYLE = (
    "Lakeview Council Unveils Ambitious Green Plan\n\n"
    "In a significant move that underscores its commitment to sustainability, the Lakeview city "
    "council has unveiled a comprehensive plan to transform the city's energy landscape, "
    "highlighting the pivotal role of community engagement.\n\n"
    "1. Key Elements of the Plan\n\n"
    "The plan includes a $250 million (€231 million) investment in solar power. Additionally, "
    "the council aims to foster collaboration with local businesses, ensuring that the benefits "
    "are shared by all residents.\n\n"
    "2. Why It Matters\n\n"
    "The exact reasons for the timing are not explicitly stated, but there are several factors at "
    "play. Furthermore, it is important to note that the initiative could potentially reshape "
    "the region's economy. 🌱\n\n"
    "What does this mean for residents? Residents can expect lower energy bills and cleaner air "
    "over the coming decade.\n\n"
    "How will the plan be funded? The council will rely on a mix of bonds and federal grants.\n\n"
    "In conclusion, as the green transition unfolds, only time will tell whether Lakeview can "
    "serve as a model for other cities. Explore more insights on our sustainability page!"
)


# --- chatbot residue ---------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Certainly! Here is a rewritten version of the article:\n\nThe Brookfield library reopened on Monday after repairs.",
    "As an AI language model, I cannot verify the claims made about the Brookfield library.",
    "As of my last knowledge update, the Brookfield library was closed for repairs.",
    "I cannot fulfill this request because it asks for false claims about a council member.",
    "Here is a paraphrased version of the news story about the Brookfield library reopening.",
    # Added in reliability-11: each missed before, a clean report with the line kept its score.
    "Note: As of my last update in October 2023, the Brookfield library was closed for repairs.",
    "My training data only goes up to 2023, so the library's reopening may have changed.",
    "Here's a news article based on the information provided:\n\nThe Brookfield library reopened on Monday.",
    "Here is the article about the Brookfield library that you requested.",
    "The Brookfield library reopened on [Insert date here] after repairs.",
    "For more information, contact [Your Name] at [Your Email].",
    "The Brookfield library reopened on Monday. [Link to source]",
    "Meta description: The Brookfield library reopens after repairs.\n\nThe Brookfield library reopened on Monday.",
])
def test_residue_detected_and_floors_risk(text):
    art, r = feats(text)
    assert r.values[F + "residue_count"] >= 1
    ev = [e for e in r.evidence if e.feature == F + "residue_count"]
    assert ev and art.body[ev[0].start:ev[0].end] == ev[0].snippet

    low = LinearModel(name="ai_style", features=[], mean=[], scale=[], coef=[], intercept=-6.0)
    assert low.predict_proba(r.values) < 0.01  # a model that would call it human
    assert X.risk(r, low) == pytest.approx(RESIDUE_FLOOR)
    assert risk(text) >= RESIDUE_FLOOR


def test_no_residue_in_ordinary_news_or_quoted_certainly():
    _, r = feats(HUMAN_NEWS + "\n\n\"Certainly, here is where we stand,\" the mayor said.")
    assert r.values[F + "residue_count"] == 0


@pytest.mark.parametrize("line", [
    "As of my last update at 3 p.m., the fire had not reached the library.",  # a liveblog's reporter
    "Here is the full statement:", "Here's the story behind the photo.", "Here is the text of the ruling.",
    "\"They [the council] never asked us,\" she said.", "\"We was robbed [sic],\" the coach said.",
    "Read the council's report: [link to the report](https://brookfield.example/report.pdf)",
    "\"I can't access the internet since Monday,\" said a shopkeeper.",
    "Title: Brookfield library reopens", "Keywords: library, Brookfield",
    "\"Based on the information you provided, your claim is valid,\" the letter said.",
])
def test_no_residue_in_what_reporters_write(line):
    """The residue added in reliability-11 needs the assistant's own words: a reporter's
    timestamped update, a bracketed word in a quote, a Markdown link, a quoted shopkeeper."""
    _, r = feats(HUMAN_NEWS + "\n\n" + line)
    assert r.values[F + "residue_count"] == 0


def test_risk_without_model_is_none_unless_residue():
    _, r = feats(HUMAN_NEWS)
    assert X.risk(r, None) is None
    _, r2 = feats("As an AI language model, I cannot browse the internet.")
    assert X.risk(r2, None) == RESIDUE_FLOOR


# --- structure ---------------------------------------------------------------------------------
def test_llm_structure_features_fire_with_evidence():
    art, r = feats(LLM_STYLE)
    v = r.values
    assert v[F + "numbered_headings"] == 2
    assert v[F + "faq_tail"] >= 2
    assert v[F + "closer_count"] >= 2  # "In conclusion", "as the … unfolds", "only time will tell"
    assert v[F + "currency_conversion_count"] == 1
    assert v[F + "hedge_per_1000"] > 0
    assert v[F + "emoji_per_1000"] > 0
    assert v[F + "explore_call_count"] == 1
    assert v[F + "connective_opener_share"] > 0
    assert v[F + "ing_tail_per_1000"] > 0
    kinds = {e.feature for e in r.evidence}
    for k in ("numbered_headings", "faq_tail", "closer_count", "currency_conversion_count",
              "hedge_per_1000", "emoji_per_1000", "explore_call_count", "vocab_llm"):
        assert F + k in kinds, k


def test_structure_prior_adds_fixed_log_odds_per_kind():
    flat = LinearModel(name="ai_style", features=[], mean=[], scale=[], coef=[], intercept=0.0)
    _, r = feats(LLM_STYLE)
    kinds = structure_kinds(r.values)
    assert len(kinds) >= 3  # headings, FAQ tail, explore call, currency conversion, emoji
    assert X.risk(r, flat) == pytest.approx(1 / (1 + math.exp(-3 * STRUCTURE_LOGIT)), abs=1e-6)
    _, h = feats(HUMAN_NEWS)
    assert structure_kinds(h.values) == [] and X.risk(h, flat) == pytest.approx(0.5)


def test_human_news_has_no_structure_hits():
    _, r = feats(HUMAN_NEWS)
    v = r.values
    assert v[F + "vocab_human"] > v[F + "vocab_llm"]  # said, told, statement …
    assert not [e for e in r.evidence if e.feature == F + "vocab_llm"]
    for k in ("numbered_headings", "faq_tail", "closer_count", "currency_conversion_count",
              "hedge_per_1000", "emoji_per_1000", "explore_call_count", "rhetorical_question_per_1000"):
        assert v[F + k] == 0, k


def test_unit_conversion_is_not_currency_conversion():
    _, r = feats("The train reached 180mph (290km/h) near Dunmore on its trial run, engineers said.")
    assert r.values[F + "currency_conversion_count"] == 0
    _, r2 = feats("The club paid £40m ($52m) for the striker, the club said on Friday.")
    assert r2.values[F + "currency_conversion_count"] == 1


def test_quoted_question_is_not_rhetorical():
    _, r = feats('"Why did nobody warn us?" asked one resident of Tarrow Street. Officials did not reply.')
    assert r.values[F + "rhetorical_question_per_1000"] == 0
    _, r2 = feats("Residents of Tarrow Street were not warned. Why did nobody act sooner? Officials did not reply.")
    assert r2.values[F + "rhetorical_question_per_1000"] > 0


def test_numbers_inside_prose_are_not_headings():
    _, r = feats("2. The council voted 7 to 2 on Tuesday after a long debate about the budget and the new school.\n"
                 "The mayor said the vote was fair.")
    assert r.values[F + "numbered_headings"] == 0


# --- evidence ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [LLM_STYLE, HUMAN_NEWS, *NON_NATIVE])
def test_evidence_snippets_match_body(text):
    art, r = feats(text)
    for e in r.evidence:
        exact = art.body[e.start:e.end]
        assert e.snippet == exact or (e.snippet.endswith("…") and exact.startswith(e.snippet[:-1])), e
        assert e.reason and e.feature.startswith(F)


def test_every_spec_has_a_value_and_specs_are_named():
    _, r = feats(HUMAN_NEWS)
    assert set(r.values) == {s.name for s in X.specs}
    assert all(s.name.startswith(F) for s in X.specs)


# --- calibrated facet: positives high, human and non-native low ---------------------------------
def test_llm_style_text_scores_high():
    assert risk(LLM_STYLE) >= 0.8


def test_human_news_scores_low():
    assert risk(HUMAN_NEWS) < 0.5


@pytest.mark.parametrize("text", NON_NATIVE)
def test_non_native_english_is_not_ai(text):
    _, r = feats(text)
    p = X.risk(r, model())
    assert p < 0.5, (p, {k: v for k, v in r.values.items() if v})


def test_non_english_features_are_not_applicable():
    text = ("Le conseil municipal de Villeneuve a voté mardi un nouveau budget pour les écoles. "
            "Le maire a déclaré que les travaux commenceront au printemps prochain, après l'hiver. "
            "Les parents d'élèves ont salué cette décision attendue depuis plusieurs années.")
    art, r = feats(text)
    assert art.language == "fr"
    assert r.values[F + "vocab_llm"] is None and F + "vocab_llm" in r.not_applicable
    assert r.values[F + "closer_count"] is None


# --- robustness and speed ----------------------------------------------------------------------
@pytest.mark.parametrize("ch", ["a", " ", "?", "$1", "as the ", "1. ", "\n"])
def test_adversarial_repetition_does_not_hang(ch):
    text = "Start. " + ch * (1_000_000 // len(ch)) + " end."
    art = parse_text(text)
    t = time.perf_counter()
    X.extract(art)
    assert time.perf_counter() - t < 15


def test_extract_on_a_3kb_article_repeats_exactly():
    """Speed is measured in benchmarks/bench_batch.py --per-extractor, not here; what a test
    can check is that the caches warmed by the first call change nothing."""
    text = (HUMAN_NEWS + "\n\n") * 3
    art = parse_text(text[:3000])
    first = X.extract(art)
    again = X.extract(art)
    assert first.values == again.values and first.evidence == again.evidence


def test_extract_is_deterministic():
    art = parse_text(LLM_STYLE)
    a, b = X.extract(art), X.extract(art)
    assert a.values == b.values and a.evidence == b.evidence


# --- corpus cleaning (the leaks the data README lists) -------------------------------------------
def test_clean_splits_glued_sentences_and_straightens_quotes():
    assert clean("the court heard.The judge said “no”.") == 'the court heard. The judge said "no".'
    assert clean("It rained ,  then stopped .") == "It rained, then stopped."
    assert clean("First paragraph ends.  Second one starts.") == "First paragraph ends.\n\nSecond one starts."
    assert clean("U.S. officials met.") == "U.S. officials met."


def test_flatten_and_story_id():
    assert flatten("a.\n\nb.") == "a. b."
    assert story_id("x", "Hello, World!") == story_id("x", "hello world")
    assert story_id("x", "Hello world") != story_id("x", "Goodbye world")


def test_risk_result_api_accepts_plain_feature_result():
    r = FeatureResult(values={F + "residue_count": 2.0})
    assert X.risk(r, None) == RESIDUE_FLOOR


# --- hashed n-gram model (scorer.features.ai_style_ngram) -----------------------------------------
from scorer.features import ai_style_ngram as NG  # noqa: E402


def _toy_model(llm_words=(), human_words=(), bias=0.0) -> "NG.NgramModel":
    """A hand-made model: +2 per LLM word's unigram cell, -2 per human word's."""
    import numpy as np

    w = np.zeros(NG.BUCKETS)
    for word in llm_words:
        w[NG._h("1|" + word)] += 2.0
    for word in human_words:
        w[NG._h("1|" + word)] -= 2.0
    return NG.NgramModel(w, bias, {})


def test_ngram_tokens_fold_names_and_numbers():
    text = "Officials in Brookvale said 42 homes flooded. NATO was not involved, Smith told Reuters."
    sents = NG.sentence_tokens(text)
    norms = [[t.norm for t in s] for s in sents]
    assert norms[0] == ["officials", "in", NG.NAME, "said", "00", "homes", "flooded"]
    assert norms[1] == [NG.NAME, "was", "not", "involved", NG.NAME, "told", NG.NAME]
    for s in sents:
        for t in s:
            assert text[t.start:t.end].lower().replace("42", "00") == t.norm or t.norm == NG.NAME


def test_ngram_cells_ignore_who_and_how_much():
    """The same wording about other people, places and amounts hashes to the same cells."""
    a = NG.doc_cells(NG.sentence_norms("Mayor Ortiz of Linden said the 2023 budget grew by 7 per cent."))
    b = NG.doc_cells(NG.sentence_norms("Mayor Haddad of Quarry said the 1998 budget grew by 3 per cent."))
    c = NG.doc_cells(NG.sentence_norms("Mayor Haddad of Quarry noted the 1998 budget grew by 3 per cent."))
    assert list(a.uni) == list(b.uni) and list(a.bi) == list(b.bi)
    assert list(b.uni) != list(c.uni)


def test_ngram_fast_path_equals_token_path_and_batch_sentence_scores_equal_single():
    import numpy as np

    text = ("The Pivotal plan, Mayor Ruiz said, is “bold”. It’s 3rd on the list of 12 plans.\n\n"
            "Residents were not consulted, according to the council's own minutes and notes. Ok.")
    toks = NG.sentence_tokens(text)
    assert NG.sentence_norms(text) == [[t.norm for t in s] for s in toks]
    rng = np.random.default_rng(0)
    m = NG.NgramModel(rng.normal(size=NG.BUCKETS), 0.3, {})
    cells = NG.doc_cells(NG.sentence_norms(text))
    doc, per = NG.score_cells(cells, m)
    f = cells.first
    assert [k for k, _ in per] == [k for k in range(len(f) - 1) if f[k + 1] - f[k] >= NG.MIN_SENT_TOKENS]
    for k, x in per:
        assert x == pytest.approx(m.score(cells.uni[f[k]:f[k + 1]], cells.bi[f[k]:f[k + 1]]), abs=1e-9)


@pytest.mark.parametrize("cache_max", [NG._CACHE_MAX, 3])
def test_ngram_text_cells_equal_doc_cells_of_sentence_norms(monkeypatch, cache_max):
    """The extractor's path (ids per distinct word, fields packed, cells in numpy) equals norms
    then cells, also when the ids start again between texts (or a text is larger than the
    capacity) and for words too long to key or to pack; sentence openings use their own norm
    ("The")."""
    import numpy as np

    words = NG._WORDS
    monkeypatch.setattr(words, "capacity", cache_max)
    words.clear()  # start again, at this capacity
    texts = [
        "The Pivotal plan, Mayor Ruiz said, is “bold”. It’s 3rd on the list of 12 plans.\n\n"
        "The council met. The the THE The. NATO Nato nato. Él dijo İstanbul ıı ſo x2 X2.\nOk.",
        "Runs\u2003split\u00a0on any\tspace:\u2028“quoted” (it’s) _snake_case_ x’y’z don't—stop",
        "Long " + "x" * (NG._CACHE_KEY_MAX + 1) + " and " + "—" * 500 + "y. " + "Z" * 100 + " z" * 10,
        "Longer " + "q" * 129 + " " + "q" * 130 + " then " + "é" * 64 + " and " + "日" * 43 + " " + "日" * 44
        + ". " + "W" * 300 + " w" * 3 + " " + "ж" * 2000 + " end",
        "", "   \n\n  ", "A.", "One two three four five six. Seven eight nine ten eleven twelve!",
    ]
    for text in texts * 2:  # twice: the second time the words are known (when they fit)
        spans = NG.sentences(text)
        for sp in (spans, spans[::-1], [(0, len(text))], [(3, len(text) - 2)], [(2, 1), (0, 0)]):
            ref = NG.doc_cells(NG.sentence_norms(text, sp))
            got = NG.text_cells(text, sp)
            for a, b in ((ref.uni, got.uni), (ref.bi, got.bi), (ref.first, got.first)):
                assert a.dtype == b.dtype and np.array_equal(a, b)
    for m in (NG._INNER, NG._OPENING):
        assert all(len(k) <= NG._CACHE_KEY_MAX for k in m) and all(i < words.used for i in m.values())
    assert words.used <= len(words.packed)
    monkeypatch.undo()
    words.clear()  # back to the shipped capacity
    assert len(words.packed) == NG._CACHE_MAX


def test_ngram_curly_apostrophe_is_not_a_signal():
    a = NG.sentence_tokens("It’s a long road, officials said.")
    b = NG.sentence_tokens("It's a long road, officials said.")
    assert [t.norm for t in a[0]] == [t.norm for t in b[0]]


def test_ngram_quantisation_round_trip():
    import numpy as np

    w = np.linspace(-3, 3, NG.BUCKETS)
    m = NG.NgramModel(w, 0.25, {"docs": 1})
    back = NG.NgramModel.from_dict(m.to_dict())
    assert back.bias == 0.25 and np.max(np.abs(back.weights - w)) <= 3 / 127 / 2 + 1e-9
    with pytest.raises(ValueError):
        NG.NgramModel.from_dict({**m.to_dict(), "format": "other"})


def test_ngram_sentence_scores_and_top_ngrams():
    m = _toy_model(llm_words=("pivotal", "landscape", "for"), human_words=("said",))
    text = ("The decision marks a pivotal moment for the local energy landscape today. "
            "The harbour master said the ship left port at dawn on Monday.")
    ns = NG.score(NG.sentence_norms(text), m, explain=True)
    assert [p.index for p in ns.sentences] == [0, 1]
    assert ns.sentences[0].logit > 0 > ns.sentences[1].logit
    assert {g for g, _ in ns.sentences[0].top} == {"pivotal", "landscape"}  # "for" counts, is not shown
    assert ns.sentences[1].top == []
    assert ns.llm_sentence_share == 0.5 and ns.logit > 0  # two LLM words against one human word


def test_short_sentences_get_no_sentence_score():
    ns = NG.score(NG.sentence_norms("He left. She stayed. They waited."), _toy_model())
    assert ns.logit is not None and ns.sentences == [] and ns.sentence_q75 is None


LLM_SENTENCE = "This pivotal shift in the regional energy landscape could reshape daily life."


def test_ngram_evidence_names_llm_sentences_exactly():
    m = _toy_model(llm_words=("pivotal", "landscape", "reshape"), human_words=("said", "told"))
    x = AiStyle(ngram=m)
    text = ("Council approves wind farm\n\n" + LLM_SENTENCE + " Builders start in May, the council said.")
    art = parse_text(text)
    r = x.extract(art)
    assert r.values[F + "ngram_logit"] > 0
    ev = [e for e in r.evidence if e.feature == F + "ngram_logit"]
    assert len(ev) == 1
    assert art.body[ev[0].start:ev[0].end] == ev[0].snippet == LLM_SENTENCE
    assert "'pivotal'" in ev[0].reason and "'landscape'" in ev[0].reason


def test_ngram_evidence_absent_when_the_article_reads_human():
    m = _toy_model(llm_words=("pivotal", "landscape", "reshape"), human_words=("said", "told", "police"))
    x = AiStyle(ngram=m)
    art = parse_text("Police said the road was closed after a crash on Monday, a spokesman told reporters. "
                     "A driver said police had told him to wait. " + LLM_SENTENCE)
    r = x.extract(art)
    assert r.values[F + "ngram_logit"] < 0
    assert not [e for e in r.evidence if e.feature == F + "ngram_logit"]


def test_ngram_features_not_applicable_when_disabled():
    r = AiStyle(ngram=False).extract(parse_text(HUMAN_NEWS))
    for k in ("ngram_logit", "ngram_sentence_q75", "ngram_llm_sentence_share"):
        assert r.values[F + k] is None and F + k in r.not_applicable


def test_shipped_ngram_model_separates_the_test_texts():
    if NG.shipped_model() is None:
        pytest.fail("scorer/data/ai_style_ngram.json missing: run `python -m scorer.training.ai_style`")
    _, llm = feats(LLM_STYLE)
    _, hum = feats(HUMAN_NEWS)
    assert llm.values[F + "ngram_logit"] > 0 > hum.values[F + "ngram_logit"]
    for text in NON_NATIVE:
        _, r = feats(text)
        assert r.values[F + "ngram_logit"] < llm.values[F + "ngram_logit"]


@pytest.mark.parametrize("text", [LLM_STYLE, HUMAN_NEWS, *NON_NATIVE])
def test_every_evidence_snippet_is_the_body_span(text):
    art, r = feats(text)
    for e in r.evidence:
        if len(art.body[e.start:e.end]) <= 240:  # longer spans are shortened with "…" by design
            assert e.snippet == art.body[e.start:e.end], e


# --- near copies (training) -------------------------------------------------------------------------
def test_copied_share_marks_near_copies_only():
    from scorer.training.ai_style import NEAR_COPY_SHARE, copied_share

    human = ("The bridge over the Tarn river reopened on Friday after eight months of repairs, the "
             "regional council said, and buses will use it again from Monday morning.")
    near = human.replace("Friday", "Saturday")
    rewrite = ("After a lengthy eight-month repair effort, the Tarn river crossing is open once more, "
               "paving the way for bus services to resume at the start of next week.")
    assert copied_share(near, human) > NEAR_COPY_SHARE
    assert copied_share(rewrite, human) < 0.1
    assert copied_share("", human) == 0.0


def test_emoji_prefilter_finds_any_character_at_or_above_the_lowest():
    from scorer.features import ai_style_lexicon as lex

    chars = [chr(c) for c in (0, 0x7F, 0xE9, 0x2019, 0x2193, 0x2194, 0x2195, 0xD800, 0xFFFF, 0x1F600, 0x10FFFF)]
    for t in ["", "plain", *chars, *(f"ab{c}cd" for c in chars)]:
        assert bool(lex.EMOJI_POSSIBLE_RE.search(t)) == (max(t, default="") >= lex.EMOJI_LOWEST)


@pytest.mark.parametrize("text", [HUMAN_NEWS, "", "A", "  (The start) of it. “Quoted” Words: Here",
                                  "e-Mail E-mail DON'T don’t x-y-z-w-v don'tX", "I. I'm. 'Tis\tThe\n\"Next\" one"])
def test_vocab_text_unigrams_and_terms_equal_terms(text):
    from scorer.features.ai_style_vocab import terms, vocab_text

    vt = vocab_text(text)
    unigrams, all_terms = vt.unigrams, vt.terms
    assert all_terms == [t.term for t in terms(text)]
    assert unigrams == [t.term for t in terms(text) if " " not in t.term]


def test_sentence_opening_from_the_word_index_equals_the_sentence_words():
    from scorer.features.ai_style import _opening
    from scorer.text import word_index

    text = "Alpha-Beta Gamma delta. The Quick brown fox’s den."
    idx = word_index(text)
    for s, e in [(0, 23), (24, len(text)), (3, 20), (2, len(text) - 3)]:  # the last two cut words
        assert _opening(idx, s, e) == tuple(w.lower() for w in idx.words_in(s, e)[:2])


@pytest.mark.parametrize("keep", [0, 1, 2, 6])
def test_top_terms_from_term_strings_equal_score_terms(keep):
    """Evidence spans looked up for the showable terms only equal building every term's span,
    ties included (equal weights: first in the text; a word and the pair it opens: table order)."""
    import reference_impls
    from scorer.features.ai_style_vocab import VocabTable, score_terms, terms, top_terms_of, vocab_text, weigh_terms

    table = VocabTable(weights={"amid": 0.5, "amid the": 0.5, "pivotal": 0.5, "landscape": 0.9, "said": -0.4,
                                "the": 0.3, "of the": 0.7, "notably": 0.2, "evolving": 0.19}, meta={})
    text = ("Amid the evolving landscape, officials said. The pivotal vote came amid the noise.\n"
            "Notably, the head of the council said the landscape of the city was pivotal.")
    ref = score_terms(terms(text), 40, table, keep)
    vt = vocab_text(text)
    weighed = weigh_terms(vt.terms, 40, table)
    assert (weighed.llm, weighed.human) == (ref.llm, ref.human)
    assert top_terms_of(vt, weighed, keep) == ref.top
    # The reference tests/test_speed_as.py holds top_terms_of to, held here to score_terms.
    assert reference_impls.top_terms(text, weighed, keep) == ref.top
    assert len(ref.top) == min(keep, 5)  # "the" (a function word) and "evolving" (too light) never shown


def test_currency_gate_opens_on_every_conversion():
    import random

    from scorer.features import ai_style_lexicon as lex
    from scorer.text import fold_case

    gate, rx = lex.GATES[lex.CURRENCY_CONV_RE], lex.CURRENCY_CONV_RE
    assert not gate.may_match(fold_case("The council (the city's) spent 5 million on roads."))
    rng = random.Random(2)
    cur = ["$", "€", "£", "¥", "₹", "US$", "USD", "EUR", "GBP", "usd", "x"]
    found = 0
    for _ in range(3000):
        t = (rng.choice(cur) + rng.choice(["", " "]) + rng.choice(["1", "2.5", "3 million", "4bn"]) + rng.choice(["", " "])
             + rng.choice(["(", "[("]) + rng.choice(["", "about ", "~"]) + rng.choice(cur) + rng.choice(["100)", "7k)", "9"]))
        if rx.search(t):
            found += 1
            assert gate.may_match(fold_case(t)), t
    assert found > 500


# A human story exported as Markdown (written for this test): its "# Headline", an emphasised
# byline, caption and update line, one subhead. Markdown syntax, not assistant structure.
MARKDOWN_NEWS = (
    "# Harbour board approves night shifts at the container terminal\n\n"
    "*By Amina Odhiambo, Mombasa*\n\n"
    "The harbour board on Tuesday approved two night shifts at the container terminal, a move "
    "dock workers' representatives said would cut waiting times for ships by a third.\n\n"
    "**Photo: cranes at the terminal's berth 4, where the shifts start in March**\n\n"
    "\"We have asked for this for six years,\" said Hassan Mwinyi, who chairs the dockers' union. "
    "The board's chairman told reporters the extra shifts would be paid from port fees.\n\n"
    "## What changes for shippers\n\n"
    "Shipping agents said the longer hours would help exporters of tea and coffee, whose cargo "
    "often waits days for a berth during the harvest.\n\n"
    "*Updated at 18:40 with the union's comments*\n"
)


def test_markdown_syntax_of_a_human_story_is_not_assistant_structure():
    _, r = feats(MARKDOWN_NEWS)
    assert r.values[F + "numbered_headings"] == 1  # the subhead; the "# Headline" is the title
    assert r.values[F + "list_item_share"] == 0  # three emphasis lines are no list
    assert structure_kinds(r.values) == []


def test_markdown_lists_and_subheads_still_count():
    _, r = feats("# Five things to know about the port plan\n\n"
                   + "".join(f"## {k}. Point number {k}\n\n* Item {k} of the plan, in short\n\n" for k in range(1, 4))
                   + "- one more item\n\n- and another\n")
    assert r.values[F + "numbered_headings"] == 3
    assert r.values[F + "list_item_share"] > 0.15
