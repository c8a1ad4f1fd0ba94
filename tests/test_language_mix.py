"""Texts in more than one language: the language of most of the text, and what is said about the rest.

langdetect reads a text's start, so a foreign paragraph put first switched off every English-only
check of the English article under it (a machine-translated article went from "likely unreliable"
to "likely reliable"). The language is now the language of most of the text's characters; the
stretches in another language are named in a mixed_language caveat and left out of what the
English-only checks read. The texts are ours: a Spanish and a French news paragraph, a long
Spanish quote, and the English stories of tests/test_languages.py.
"""
from __future__ import annotations

import pytest

from scorer import language
from scorer.caveats import Caveat, CaveatRules
from scorer.ingest import parse_text
from scorer.scoring import Scorer
from test_languages import ENGLISH, GERMAN_QUOTE, LLM_REWRITE, NEWS, quoting

ES = ("El gobierno regional presentó el lunes un plan para renovar las escuelas rurales antes del "
      "próximo curso. Según la consejera de Educación, las obras costarán unos cuarenta millones de "
      "euros y se harán durante el verano para no interrumpir las clases. Los sindicatos de docentes "
      "pidieron que el dinero llegue también a los comedores, y la oposición dijo que el anuncio llega "
      "tarde para los pueblos que ya han perdido a sus familias jóvenes. ")
FR = ("Le conseil régional a présenté lundi un plan de rénovation des écoles rurales avant la "
      "prochaine rentrée. Selon la vice-présidente chargée de l'éducation, les travaux coûteront "
      "environ quarante millions d'euros et auront lieu pendant l'été pour ne pas perturber les cours. "
      "Les syndicats d'enseignants ont demandé que les cantines en profitent aussi, et l'opposition a "
      "jugé que l'annonce arrivait trop tard pour les villages qui ont déjà perdu leurs jeunes familles. ")
# A long quote in Spanish at the top of an English report (four paragraphs, ~1,700 characters).
QUOTE_ES = [
    '"Llevamos años pidiendo este servicio. Muchas de nosotras terminamos el turno a las dos de la '
    'madrugada y sin taxi no hay forma de volver a casa. Un taxi cuesta la mitad de lo que ganamos en '
    'una noche, y la mayoría de las familias del barrio no se lo puede permitir.',
    'Hemos escrito cartas, hemos ido a los plenos y hemos hablado con todos los concejales, uno por uno. '
    'Nadie nos escuchaba, hasta ahora. Estamos contentas, pero vamos a seguir vigilando que los autobuses '
    'pasen a la hora prometida y que no recorten el servicio dentro de un año.',
    'Lo que pedimos no es un favor: es poder ir a trabajar y volver a casa sin jugarnos el sueldo de una '
    'noche en cada viaje. Las enfermeras del hospital, las limpiadoras de las oficinas y los camareros del '
    'centro hacemos el mismo camino a las mismas horas, y hasta hoy lo hacíamos a pie.',
    'Por eso hoy damos las gracias, pero no nos vamos a callar si el plan se queda en el papel", dijo '
    'Lucía Romero, limpiadora en el hospital central, que habló con este diario en español al salir '
    'del pleno municipal.',
]


def prefixed(paragraph: str, text: str, times: int = 4) -> str:
    """``times`` copies of a foreign ``paragraph`` on one line, then ``text``."""
    return paragraph * times + "\n\n" + text


@pytest.fixture(scope="module")
def scorer():
    return Scorer()


def mix_of(text: str) -> dict:
    return parse_text(text).meta.get("language_mix") or {}


# --- the foreign-prefix evasion -----------------------------------------------------------------
@pytest.mark.parametrize("foreign", [ES, FR], ids=["es", "fr"])
def test_a_foreign_paragraph_put_first_does_not_switch_off_the_english_checks(scorer, foreign):
    """~2,000 characters of Spanish or French news before an LLM rewrite with chatbot residue:
    read as Spanish, its mt and ai_style facets did not apply and it scored "likely reliable".
    The English part is most of the text, so it is English; the English checks read the English
    part, so the score is the article's own."""
    article = "\n\n".join(LLM_REWRITE + ENGLISH)
    text = prefixed(foreign, article)
    assert language.detect_language(text)[0] != "en"  # langdetect's answer on the start alone
    alone, row = scorer.score_text(article).to_dict(), scorer.score_text(text).to_dict()
    assert (row["language"], row["language_confidence"]) == ("en", 1.0)
    assert row["facets"]["mt"] is not None and row["facets"]["ai_style"] is not None
    assert "not_english" not in [c["code"] for c in row["caveats"]]
    assert row["verdict"] == alone["verdict"] and row["score"] == pytest.approx(alone["score"], abs=0.5)


def test_an_english_report_under_a_long_spanish_quote_scores_as_without_it(scorer):
    """Bilingual reporting is not penalised: read whole, the quote made the mt facet see odd
    English (84.6 instead of 90.8 for the same report without it)."""
    report = "\n\n".join(ENGLISH)
    text = "\n\n".join(QUOTE_ES) + "\n\n" + report
    assert language.detect_language(text[:language._MAX_CHARS])[0] == "es"
    row = scorer.score_text(text).to_dict()
    assert row["language"] == "en"
    alone = scorer.score_text(report).to_dict()
    assert row["score"] == alone["score"] and row["facets"] == alone["facets"]
    assert row["word_count"] == alone["word_count"]  # the count of the part the checks read


def test_the_foreign_stretches_are_left_out_of_the_content_only(scorer):
    text = "\n\n".join(QUOTE_ES) + "\n\n" + "\n\n".join(ENGLISH)
    article = parse_text(text)
    quote_end = text.index("\n\n" + ENGLISH[0])
    assert article.body == text and len(article.content) == len(text)
    assert article.content[:quote_end].split() == [] and article.content[quote_end:] == text[quote_end:]


# --- what is said about the mix -------------------------------------------------------------------
def test_the_mix_names_the_languages_their_shares_and_the_foreign_stretches():
    text = "\n\n".join(QUOTE_ES) + "\n\n" + "\n\n".join(ENGLISH)
    mix = mix_of(text)
    assert [lang for lang, _ in mix["shares"]] == ["en", "es"]
    assert 0.35 < dict(mix["shares"])["es"] < 0.45 and sum(s for _, s in mix["shares"]) == pytest.approx(1)
    (start, end, lang), = mix["foreign"]
    assert lang == "es" and text[start:end] == "\n\n".join(QUOTE_ES)


def test_the_mixed_language_caveat_says_what_was_read_and_where_the_rest_is():
    text = "\n\n".join(QUOTE_ES) + "\n\n" + "\n\n".join(ENGLISH)
    article = parse_text(text)
    facets = {"mt": 0.1, "ai_style": 0.1, "citations": 0.2, "boilerplate": 0.1, "readability": 0.3}
    caveats = CaveatRules(None).for_article(400, article.language, facets,
                                            language_mix=article.meta["language_mix"])
    (caveat,) = [c.to_dict() for c in caveats]
    assert caveat["code"] == "mixed_language"
    assert caveat["message"] == (
        "Mixed languages (60.3 % en and 39.7 % es of the text): read as English, the language of most of "
        "it; the English-only features and the mt and ai_style facets read its English part only, and the "
        "word count counts that part.")
    (span,) = caveat["spans"]
    assert span["language"] == "es" and text[span["start"]:span["end"]].startswith('"Llevamos')
    # A text cut at --max-chars lists only the stretches in the part analysed, clipped to it.
    cut = CaveatRules(None).for_article(400, "en", facets, analysed_chars=100,
                                        language_mix=article.meta["language_mix"])
    assert cut[0].to_dict()["spans"] == [{"start": 0, "end": 100, "language": "es"}] and hash(cut[0])


def test_other_caveats_keep_their_two_keys():
    """The contract is extended, not changed: only a caveat with spans has the key."""
    assert Caveat("short_text", "m").to_dict() == {"code": "short_text", "message": "m"}


def test_a_text_mostly_in_another_language_is_read_as_that_language():
    """Most of it Spanish, an English tail of ~40 %: Spanish, and the English part is named."""
    text = "\n\n".join([NEWS["es"]] * 4) + "\n\n" + "\n\n".join(ENGLISH)
    article = parse_text(text)
    assert article.language == "es"
    mix = article.meta["language_mix"]
    assert mix["shares"][0][0] == "es" and dict(mix["shares"])["en"] >= 0.2
    (start, end, lang), = mix["foreign"]
    assert lang == "en" and text[start:end] == "\n\n".join(ENGLISH)
    caveats = CaveatRules(None).for_article(400, "es", {"mt": None, "ai_style": None, "citations": 0.1},
                                            language_mix=mix)
    assert [c.code for c in caveats] == ["not_english", "mixed_language"]
    assert "read as es, the language of most of it" in caveats[1].message


def test_a_spanish_article_with_a_few_english_sentences_is_spanish_without_a_mix():
    text = "\n\n".join([NEWS["es"], '"We have been waiting for this for years," said Mary Jones, a British '
                        'nurse who lives in the city, speaking in English to this newspaper.',
                        NEWS["es"].replace("Sevilla", "Málaga"), NEWS["es"].replace("martes", "jueves")])
    article = parse_text(text)
    assert (article.language, article.language_confidence) == ("es", 1.0)
    assert "language_mix" not in article.meta and article.content == article.body


def test_german_quotes_among_english_paragraphs_are_found_line_by_line():
    """Short foreign quotes between English paragraphs: cut where the text switches, not in blocks
    of a fixed length (a block holding a quote and two short English paragraphs read as German)."""
    text = quoting(ENGLISH, GERMAN_QUOTE, 3)
    mix = mix_of(text)
    assert dict(mix["shares"])["en"] > 0.5 and [lang for *_, lang in mix["foreign"]] == ["de"] * 3
    assert all(text[s:e] == GERMAN_QUOTE for s, e, _ in mix["foreign"])


def test_a_script_no_profile_covers_is_not_outvoted_by_its_english_lines():
    """Georgian is undetermined; its lines count in the whole, so a Georgian text with English
    lines is not called English because those are the only lines langdetect can read."""
    from test_languages import GEORGIAN
    text = "\n\n".join([GEORGIAN] * 10) + "\n\n" + "\n\n".join(ENGLISH[:4])
    assert language.language_mix(text).language is None


# --- what did not change ---------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "\n\n".join(ENGLISH), "\n\n".join(ENGLISH * 3), "\n\n".join([NEWS["es"]] * 6), "\n\n".join([NEWS["ru"]] * 6),
    "\n\n".join(ENGLISH) + "\n\n" + "\n\n".join([NEWS["de"]] * 20), "ok", "Москва Moscow 莫斯科",
], ids=["en", "en-long", "es", "ru", "en-then-de", "short", "scripts"])
def test_a_sure_start_or_a_text_without_english_lines_is_answered_as_before(text, monkeypatch):
    """Plainly English text, a sure English start, and a non-English text without an English-like
    line get detect_language's answer, and langdetect is run no more often than it runs."""
    calls = []
    real = language._detect_sample
    monkeypatch.setattr(language, "_detect_sample", lambda s: calls.append(s) or real(s))
    expected = language.detect_language(text)
    before = len(calls)
    assert language.language_mix(text) == language.LanguageMix(*expected)
    assert len(calls) == 2 * before


def test_langdetect_runs_a_bounded_number_of_times_on_a_text_that_switches_often(monkeypatch):
    """A page alternating Spanish and English paragraph by paragraph (80 runs) is read in ~16
    blocks; one call per run would grow with the page."""
    text = "\n\n".join(p for pair in zip([NEWS["es"]] * 40, ENGLISH * 5) for p in pair)
    calls = []
    real = language._detect_sample
    monkeypatch.setattr(language, "_detect_sample", lambda s: calls.append(s) or real(s))
    mix = language.language_mix(text)
    assert len(calls) <= 2 + 2 * (language._MIX_MAX_RUNS // 2 + 1) + 2
    assert {lang for lang, _ in mix.shares} <= {"en", "es"}


def test_the_answer_does_not_depend_on_what_was_detected_before():
    texts = [prefixed(ES, "\n\n".join(LLM_REWRITE + ENGLISH)), "\n\n".join(QUOTE_ES + ENGLISH),
             quoting(ENGLISH, GERMAN_QUOTE, 3)]
    first = [language.language_mix(t) for t in texts]
    assert [language.language_mix(t) for t in reversed(texts)] == first[::-1]


def test_the_report_carries_the_mixed_language_caveat(scorer):
    row = scorer.score_text("\n\n".join(QUOTE_ES) + "\n\n" + "\n\n".join(ENGLISH)).to_dict()
    assert [c["code"] for c in row["caveats"]] == ["mixed_language"]
