"""Evasion of the machine-fingerprint checks by typography and Unicode tricks: a text that
triggers a strong signal must still trigger it when the phrase is written with curly
apostrophes, other whitespace, invisible characters or lookalike letters; honest text in other
scripts must keep its characters. Texts written for these tests."""
from __future__ import annotations

import pytest

from scorer.features.ai_style import AiStyle
from scorer.ingest import parse_text

X = AiStyle()
RESIDUE = "ai_style.residue_count"

NEWS = (
    "Harbour officials in Port Elsmere said on Tuesday that a cargo ship ran aground near the "
    "northern breakwater after its steering failed in heavy fog.\n\n"
    "Nobody was hurt, the port authority said in a statement, but the channel was closed for "
    "six hours while two tugs pulled the vessel free."
)


def residue(text: str) -> list[str]:
    """The residue spans found in ``text`` (as the body shows them); offsets checked."""
    art = parse_text(text)
    ev = [e for e in X.extract(art).evidence if e.feature == RESIDUE]
    assert all(art.body[e.start:e.end] == e.snippet for e in ev)
    return [e.snippet for e in ev]


def with_line(line: str) -> str:
    return NEWS.replace("\n\nNobody", f"\n\n{line}\n\nNobody")


# --- residue written with other apostrophes and whitespace ------------------------------------
@pytest.mark.parametrize("line", [
    # WordPress curls apostrophes by default: the residue reached the page as "I’m sorry".
    "I’m sorry, but I can’t provide details about the vessel.",
    "I don’t have real-time data on the port closures.",
    "Here’s a rewritten version of the article about the harbour.",
    "Certainly! Here’s a summary of the harbour incident.",
    "I can’t fulfill this request without more details.",
    # Other whitespace between the words of the phrase.
    "As\u00a0an\u00a0AI\u00a0language\u00a0model, I cannot verify the port's statement.",
    "As an AI  language model, I cannot verify the port's statement.",
    "As\tan AI language\u202fmodel, I cannot verify the port's statement.",
    "As of my last\u2009knowledge update, the harbour was open.",
])
def test_residue_found_whatever_the_apostrophe_or_space(line):
    assert residue(with_line(line))


def test_residue_across_a_hard_wrapped_line_break():
    text = ("Officials said the harbour would reopen on Friday. As an AI\n"
            "language model, I cannot confirm this.\n\n" + NEWS)
    assert residue(text) == ["As an AI\nlanguage model"]


# --- residue hidden by invisible characters and lookalike letters --------------------------
PHRASE = "As an AI language model, I cannot verify the port's statement."


def _in_each_word(text: str, ch: str) -> str:
    return " ".join(w[:1] + ch + w[1:] for w in text.split(" "))


def _math_bold(text: str) -> str:
    return "".join(chr(0x1D400 + ord(c) - 65) if "A" <= c <= "Z" else
                   chr(0x1D41A + ord(c) - 97) if "a" <= c <= "z" else c for c in text)


@pytest.mark.parametrize("line", [
    *(_in_each_word(PHRASE, ch) for ch in
      ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u202c", "\u2066")),
    "A\u200b\u200bs\u200b an\u200b A\u200bI language model, I cannot verify it.",  # runs, before spaces
    PHRASE.replace("AI", "\u0410I"),  # Cyrillic А
    PHRASE.replace("language", "l\u0430ngu\u0430g\u0435").replace("model", "m\u043ed\u0435l"),
    PHRASE.replace("AI", "A\u0399"),  # Greek Ι
    PHRASE.replace("AI", "\u0410\u0406"),  # a whole word of Cyrillic lookalikes
    PHRASE.replace("AI", "\u0391\u0399"),  # ... of Greek ones
    _math_bold(PHRASE),
    PHRASE.replace("AI language model", "\uff21\uff29 \uff4c\uff41\uff4e\uff47\uff55\uff41\uff47\uff45 model"),
])
def test_residue_found_through_invisible_and_lookalike_characters(line):
    assert residue(with_line(line)) == ["As an AI language model"]


def test_offsets_index_the_folded_body():
    """The folded body is what every family reads and every offset indexes: evidence after
    a removed zero-width run still points at its words."""
    text = with_line(_in_each_word(PHRASE, "\u200b\u200b")) + "\n\nAs an AI assistant, I stop here."
    art = parse_text(text)
    assert "\u200b" not in art.body
    ev = [e for e in X.extract(art).evidence if e.feature == RESIDUE]
    assert [art.body[e.start:e.end] for e in ev] == ["As an AI language model", "As an AI assistant"]


# --- honest text keeps its characters ----------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Москва и Санкт-Петербург: в среду сообщили о новом соглашении.",  # Cyrillic words
    "Η Αθήνα και ο Πειραιάς ανακοίνωσαν νέα συμφωνία την Τετάρτη.",  # Greek words
    "Компания сообщила, что мoлоко подорожало.",  # a stray Latin o in a Russian word stays
    "Отчёт ООН и доклад МВФ: ВВП вырос.",  # all-Cyrillic words made of lookalikes
    "Reporters sang Аве Maria; the Greek for God is Θεός and she said Ηλίας twice.",
    "The family 👨\u200d👩\u200d👧 emoji and the flag 🏳\ufe0f\u200d🌈 keep their joiners.",
    "می\u200cخواهم کتاب\u200cها را بخوانم.",  # Persian ZWNJ between Arabic letters
    "ภาษา\u200bไทย\u200bไม่มี\u200bช่องว่าง",  # Thai ZWSP word breaks
    "東京で\uff21\uff29の会議が開かれた。",  # fullwidth letters in Japanese are ordinary
    "Price 5 €, caf\u00e9, na\u00efve, \u00a0NBSP and U+202F\u202f: kept.",
    "A 5 \u2113 bottle of Brand\u2122 water, \u2116 5.",  # letterlike symbols without math letters
    "Zhong Nanshan said\uff08Monday\uff09\uff0cthe film\uff01",  # fullwidth punctuation: an MT artifact
])
def test_honest_text_is_not_folded(text):
    from scorer.ingest import normalise
    assert normalise(text) == text


def test_folds_keep_lengths_but_for_removed_invisibles():
    from scorer.text import fold_evasions
    assert fold_evasions("Op\u0435n\u0430i and \U0001d40e\U0001d429\U0001d41e\U0001d427") == "Openai and Open"
    assert fold_evasions("\uff2f\uff50\uff45\uff4e\uff41\uff49 said") == "Openai said"
    assert fold_evasions("Open\u200b\u2060ai,\u00ad \u200bsaid") == "Openai, said"
    assert fold_evasions("plain ASCII text") == "plain ASCII text"


def test_fold_is_linear_on_a_long_mixed_run():
    import time

    from scorer.text import fold_evasions
    text = ("a" * 200_000 + "\u0430") * 5 + " " + "\u0430b " * 50_000
    t0 = time.perf_counter()
    out = fold_evasions(text)
    assert time.perf_counter() - t0 < 5.0  # quadratic would take hours
    assert out == ("a" * 200_001) * 5 + " " + "ab " * 50_000


# --- residue written with accents on its letters --------------------------------------------------
@pytest.mark.parametrize("line, shown", [
    ("As an AI lánguage model, I cannot verify the port's statement.", "As an AI lánguage model"),
    # a combining acute that NFC composes, and a combining macron below that it cannot
    ("As an AI la\u0301nguage model, I cannot verify it.", "As an AI lánguage model"),
    ("As an AI la\u0331nguage model, I cannot verify it.", "As an AI la\u0331nguage model"),
    ("As an ÄI lâñguage mödel, I cannot verify it.", "As an ÄI lâñguage mödel"),
    ("I’m sorry, but I cánnot help with that.", "I’m sorry, but I cánnot"),
    ("Às of my last knowledge ûpdate, the harbour was open.", "Às of my last knowledge ûpdate"),
])
def test_residue_found_through_accents_with_the_text_s_own_span(line, shown):
    # An accent on one letter hid residue ("lánguage" is no literal "language"); the accents stay
    # in the text (café is a word), the span shows what the text holds.
    assert residue(with_line(line)) == [shown]


@pytest.mark.parametrize("text", [
    "Café owners in São Paulo said the naïve plan would fail, Müller told reporters.",
    "The Yoruba word ọ̀rọ̀ and the Vietnamese Việt Nam keep their marks.",
])
def test_accented_honest_text_has_no_residue_and_keeps_its_accents(text):
    from scorer.text import unmarked

    assert residue(text) == []
    plain, where = unmarked(text)
    assert plain.isascii() or "ọ" not in plain  # what the check reads has no Latin accents left
    assert where is None or [text[i] for i in where] == [c for c in text if not "\u0300" <= c <= "\u036f"]
    assert parse_text(text).body == text  # the body itself is unchanged


# --- the learned-phrase patterns with WordPress's curly apostrophe --------------------------------
def _phrase_hits(text: str, feature: str) -> list[str]:
    art = parse_text(text)
    return [e.snippet for e in X.extract(art).evidence if e.feature == "ai_style." + feature]


@pytest.mark.parametrize("feature, line, shown", [
    ("hedge_per_1000", "It’s worth noting that the channel had been dredged in May.", "It’s worth noting"),
    ("hedge_per_1000", "Its important to note that the tugs were local.", "Its important to note"),
    ("closer_count", "As the port’s inquiry unfolds, questions remain.", "As the port’s inquiry unfolds"),
    ("explore_call_count", "Don’t miss out on our coverage of the harbour.", "Don’t miss out"),
])
def test_phrase_patterns_read_a_curly_apostrophe_as_the_straight_one(feature, line, shown):
    # WordPress curls apostrophes when it renders a post: LLM text it serves reads "It’s".
    assert _phrase_hits(with_line(line), feature) == [shown]
    assert _phrase_hits(with_line(line.replace("’", "'")), feature) == [shown.replace("’", "'")]



# --- words wholly in lookalikes that no Latin word encloses -------------------------------------
# Every letter below is Cyrillic: А І ѕ а у е о р с һ ӏ (no Cyrillic letter looks like n, t, u).
CYR_AS, CYR_AI, CYR_SAYS, CYR_HELP = "\u0410\u0455", "\u0410\u0406", "\u0455\u0430\u0443\u0455", "\u04bb\u0435\u04cf\u0440"


@pytest.mark.parametrize("line, folded", [
    # first on its line: no Latin word before it
    (f"{CYR_AS} an AI language model, I cannot verify the port's statement.",
     "As an AI language model, I cannot verify the port's statement."),
    # a line of lookalike words only, three or more of them common English words
    (f"{CYR_AI} {CYR_SAYS}: \u0406 {CYR_HELP}.", "AI says: I help."),
    # last on its line, after punctuation
    (f"The port's reply came from its new assistant, {CYR_AI}.", "The port's reply came from its new assistant, AI."),
])
def test_a_run_of_lookalike_words_in_latin_text_is_read_as_latin(line, folded):
    body = parse_text(with_line(line)).body
    assert folded in body and line not in body


def test_residue_behind_a_lookalike_word_first_on_a_line_is_found():
    assert residue(with_line(f"{CYR_AS} an AI language model, I cannot verify it.")) == ["As an AI language model"]


@pytest.mark.parametrize("text", [
    # a Russian quote in an English article: its line holds other Cyrillic letters
    NEWS + "\n\nОн сказал: «Ох, сорок человек».",
    # a Russian article whose lines are lookalikes only ("Ох" and "сор" read as "Ox", "cop")
    "Ох сор\n\nМосква и Санкт-Петербург: в среду сообщили о новом соглашении. Ох.",
    # Greek text, and a Greek word alone among Latin ones that reads as no English word
    "Η Αθήνα και ο Πειραιάς ανακοίνωσαν ΤΟ ΒΗΜΑ σήμερα.",
    NEWS + "\n\nThe story ran first in ΒΗΜΑ.",
    # one-letter words are no run: a Russian preposition quoted, Celsius with a Cyrillic С
    NEWS + "\n\nThe Russian for at is у.\n\nIt was + 24 °С by noon.",
    # a lookalike between digits is no word
    NEWS + "\n\nThe mattress measures 90х190х27 cm.",
    # a word that reads as no common English word: "СССР" first on a line
    NEWS + "\n\nСССР was the name on the ship's old hull.",
])
def test_genuine_cyrillic_and_greek_keep_their_letters(text):
    from scorer.ingest import normalise
    assert normalise(text) == text


def test_fold_trace_reports_what_fold_evasions_changed():
    from scorer.text import fold_evasions, fold_trace
    text = (f"{CYR_AS} an \u0410\u0406 l\u0430nguage model. Op\u0435n\u200bai and hyphen\u00adation, "
            "\U0001d40e\U0001d429\U0001d41e\U0001d427 and \uff2f\uff50\uff45\uff4e; edge\u200b here.")
    folded, folds = fold_trace(text)
    assert folded == fold_evasions(text)
    assert [(folded[f.start:f.end], f.kind, f.chars) for f in folds] == [
        ("As", "lookalike", 2), ("AI", "lookalike", 2), ("language", "lookalike", 1),
        ("Openai", "invisible", 1), ("Openai", "lookalike", 1), ("hyphenation", "soft_hyphen", 1),
        ("Open", "math", 4), ("Open", "fullwidth", 4)]  # a zero-width space at a word's edge hid no letter
    assert fold_trace("plain ASCII") == ("plain ASCII", [])
    assert fold_trace("Москва и Санкт-Петербург") == ("Москва и Санкт-Петербург", [])


def test_fold_trace_is_linear_on_a_long_mixed_word():
    import time

    from scorer.text import fold_trace
    text = "b" + "\u0430b" * 300_000
    t0 = time.perf_counter()
    folded, folds = fold_trace(text)
    assert time.perf_counter() - t0 < 5.0  # walking the word once per letter would take hours
    assert folded == "b" + "ab" * 300_000 and [(f.start, f.end, f.chars) for f in folds] == [(0, 600_001, 300_000)]


# --- the obfuscation reported as a caveat (never a score input) ------------------------------------
def _report(text: str, name: str = ""):
    from scorer.scoring import Scorer

    global _SCORER
    try:
        sc = _SCORER
    except NameError:
        sc = _SCORER = Scorer()
    art = parse_text(text, name=name)
    return art, sc.score_article(art)


def _obfuscated(text: str, name: str = ""):
    art, rep = _report(text, name)
    found = [c.to_dict() for c in rep.caveats if c.code == "obfuscated_text"]
    for c in found:
        assert all(art.body[s["start"]:s["end"]] == s["snippet"] for s in c["spans"])
    return found[0] if found else None


@pytest.mark.parametrize("line, words", [
    # one hidden word is enough when it is part of what a check found (here: chatbot residue)
    ("As an AI l\u0430nguage model, I cannot verify the port's statement.", ["language"]),
    (f"{CYR_AS} an AI language model, I cannot verify the port's statement.", ["As"]),
    ("As an AI lan\u200bguage model, I cannot verify the port's statement.", ["language"]),
    # three distinct hidden words anywhere
    ("The t\u0435st of the h\u0430rbour's new r\u0430dar went well.", ["test", "harbour", "radar"]),
    ("\U0001d413\U0001d421\U0001d41e \U0001d41f\U0001d428\U0001d420 \U0001d425\U0001d422\U0001d41f\U0001d42d\U0001d41e\U0001d41d at noon.",
     ["The", "fog", "lifted"]),
])
def test_hidden_words_are_reported_with_their_spans(line, words):
    cav = _obfuscated(with_line(line))
    assert cav is not None and [s["snippet"] for s in cav["spans"]] == words
    assert cav["message"].startswith(f"Obfuscated text: {len(words)} word")


def test_the_caveat_is_no_score_input():
    doctored = with_line("The t\u0435st of the h\u0430rbour's new r\u0430dar went well.")
    plain = with_line("The test of the harbour's new radar went well.")
    (_, rep), (_, ref) = _report(doctored), _report(plain)
    assert [c.code for c in rep.caveats if c.code == "obfuscated_text"] == ["obfuscated_text"]
    assert not [c for c in ref.caveats if c.code == "obfuscated_text"]
    assert (rep.score, rep.facets, rep.features) == (ref.score, ref.facets, ref.features)


def test_hidden_words_of_an_html_page_are_placed_in_its_body():
    # the extraction drops zero-width characters: they are found in the page and placed by context
    page = ("<html><body><article><p>Harbour officials in Port Elsmere said on Tuesday that a cargo "
            "ship ran aground near the northern breakwater after its steering failed in fog.</p>"
            "<p>As an AI lan\u200bguage model, I cannot verify the port's statement.</p>"
            "<p>Nobody was hurt, the port authority said in a statement, but the channel was closed "
            "for six hours while two tugs pulled the vessel free.</p></article></body></html>")
    cav = _obfuscated(page, name="page.html")
    assert cav is not None and [(s["snippet"], s["kind"]) for s in cav["spans"]] == [("language", "invisible")]


@pytest.mark.parametrize("line", [
    "The W\u041dO said on Monday that the W\u041dO office would reopen.",  # a keyboard slip, twice
    "T\u0445is is what the harbour master said.",  # one slip
    "Hyphen\u00adation in a long word, and ex\u00adtra\u00adordi\u00adnary care, said Hill\u00adsborough.",
    "The CMS left\u200b a zero-width space\u200b after words and a BOM\ufeff here.",
    "A 5 \u03bcm filter, said the \u041c\u0438\u043d\u0438\u0441\u0442\u0435\u0440\u0441\u0442\u0432\u043e.",  # Greek mu, a Russian word
    "He quoted the tweet \U0001d401\U0001d411\U0001d404\U0001d400\U0001d40a\U0001d408\U0001d40d\U0001d406 at noon.",  # one styled word
    "The Persian for books is \u06a9\u062a\u0627\u0628\u200c\u0647\u0627 in the report.",  # ZWNJ
    "Он сказал: «Ох, сорок человек» and left.",
])
def test_honest_text_gets_no_obfuscation_caveat(line):
    assert _obfuscated(with_line(line)) is None


def test_a_doctored_word_past_the_analysed_part_is_not_reported():
    from scorer.caveats import obfuscated_text
    hidden = [[10, 14, "lookalike", 1, "test"], [20, 27, "lookalike", 1, "harbour"], [40, 45, "lookalike", 1, "radar"]]
    assert obfuscated_text(hidden).spans == ((10, 14, "lookalike", "test"), (20, 27, "lookalike", "harbour"),
                                             (40, 45, "lookalike", "radar"))
    assert obfuscated_text(hidden, analysed_chars=30) is None  # two words left: under the threshold
    assert obfuscated_text([[1, 5, "soft_hyphen", 1, "test"]] * 5) is None


def test_hidden_words_of_a_json_article_are_placed_in_its_body():
    import json

    text = with_line("As an AI l\u0430nguage model, I cannot verify the port's statement.")
    cav = _obfuscated(json.dumps({"title": "Harbour", "text": text}, ensure_ascii=False), name="a.json")
    assert cav is not None and [s["snippet"] for s in cav["spans"]] == ["language"]
    cav = _obfuscated(json.dumps({"title": "Harbour", "text": text}), name="a.json")  # as \\u0430
    assert cav is not None and [s["snippet"] for s in cav["spans"]] == ["language"]
