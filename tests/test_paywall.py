"""A story cut by a paywall carries the ``paywalled`` caveat with the prompt lines as spans.

The prompts are written for these tests from those of common paywall vendors and news sites.
"""
from __future__ import annotations

import pytest

from scorer import paywall
from scorer.ingest import parse_text
from scorer.scoring import Scorer

LEDE = ("The city council on Tuesday approved a $4.2 billion budget that raises spending on transit and housing, "
        "after a debate that ran past midnight. Council member Ana Ruiz said the plan would add 40 bus routes by "
        "2027, and opponents said the tax rise would hurt small businesses.")

PROMPTS = [
    "Subscribe to continue reading. Get unlimited digital access for just $1 a week. Cancel anytime.",
    "Already a subscriber? Log in",
    "This article is only available to subscribers.",
    "You have reached your limit of free articles this month.",
    "You've read all your free articles. Subscribe for unlimited access.",
    "To continue reading, please log in or create a free account.",
    "Unlock this article and every story on our site for 99p.",
    "The rest of this article is for subscribers only.",
]


@pytest.fixture(scope="module")
def scorer():
    return Scorer(use_model=False)


def _caveat(rep: dict):
    return next((c for c in rep["caveats"] if c["code"] == "paywalled"), None)


@pytest.mark.parametrize("prompt", PROMPTS)
def test_a_prompt_after_the_lede_is_named_with_its_span(scorer, prompt):
    text = f"Council approves budget\n\n{LEDE}\n\n{prompt}\n"
    rep = scorer.score_text(text, name="a.txt").to_dict()
    cav = _caveat(rep)
    assert cav is not None and cav["message"].startswith("Paywalled: ")
    body = parse_text(text, name="a.txt").body
    (span,) = cav["spans"]
    assert body[span["start"]:span["end"]] == prompt == span["snippet"]


def test_a_paywalled_html_page(scorer):
    html = (f"<html><head><title>Council approves budget</title></head><body><article><h1>Council approves budget</h1>"
            f"<p>{LEDE}</p><div class='paywall'><p>{PROMPTS[0]}</p><p>{PROMPTS[1]}</p></div></article></body></html>")
    cav = _caveat(scorer.score_text(html, name="a.html").to_dict())
    assert cav is not None and len(cav["spans"]) >= 1


def test_a_story_about_paywalls_is_not_cut():
    """The phrase inside the story's prose, far from its end, is quoted news."""
    story = ("Publishers have tried many ways to make readers pay. " + LEDE + "\n\n"
             "Readers who hit the message 'subscribe to continue reading' often leave the site, the study found, "
             "but those who stay are worth more to the paper. " + LEDE + "\n\n" + ("\n\n".join([LEDE] * 7)))
    assert paywall.find(story) == []


def test_a_long_line_is_prose_not_a_prompt():
    line = "Already a subscriber? " + " ".join(["word"] * paywall.MAX_LINE_WORDS)
    assert paywall.find(LEDE + "\n\n" + line) == []


@pytest.mark.parametrize("text", [LEDE, LEDE + "\n\nSubscribe to our newsletter for the week's top stories."])
def test_no_prompt_no_caveat(scorer, text):
    assert _caveat(scorer.score_text(text, name="a.txt").to_dict()) is None


def test_the_caveat_is_no_score_input(monkeypatch):
    sc = Scorer()
    text = f"Council approves budget\n\n{LEDE}\n\n{PROMPTS[0]}\n"
    with_caveat = sc.score_text(text, name="a.txt").to_dict()
    monkeypatch.setattr(paywall, "find", lambda body: [])
    without = sc.score_text(text, name="a.txt").to_dict()
    assert _caveat(with_caveat) is not None and _caveat(without) is None
    assert with_caveat["score"] == without["score"] and with_caveat["facets"] == without["facets"]


# On the corpora (no text ends in a prompt) and the 181 real pages: checked in the page-stub
# tests' single passes over them (tests/test_page_stub.py: the corpus texts and the real pages).


# A lede and its paywall prompt in the languages scorer.paywall reads (written for these tests).
FOREIGN = {
    "fr": ("Le conseil municipal a approuvé mardi un budget de 4,2 milliards de dollars qui augmente les dépenses "
           "de transport et de logement, après un débat qui s'est prolongé jusqu'à minuit.",
           "Il vous reste 62 % de cet article à lire. La suite est réservée aux abonnés.\nDéjà abonné ? Se connecter"),
    "de": ("Der Stadtrat hat am Dienstag einen Haushalt von 4,2 Milliarden Dollar beschlossen, der mehr Geld für den "
           "Nahverkehr und den Wohnungsbau vorsieht, nach einer Debatte, die bis nach Mitternacht dauerte.",
           "Jetzt weiterlesen mit SZ Plus\nBereits Abonnent? Hier anmelden"),
    "es": ("El ayuntamiento aprobó el martes un presupuesto de 4.200 millones de dólares que aumenta el gasto en "
           "transporte y vivienda, tras un debate que se prolongó hasta la medianoche.",
           "Suscríbete para seguir leyendo\n¿Ya eres suscriptor? Inicia sesión"),
    "it": ("Il consiglio comunale ha approvato martedì un bilancio di 4,2 miliardi di dollari che aumenta la spesa "
           "per i trasporti e la casa, dopo un dibattito durato fino a mezzanotte.",
           "Questo articolo è riservato agli abbonati. Abbonati per continuare a leggere."),
}


@pytest.mark.parametrize("lang", sorted(FOREIGN))
def test_a_prompt_in_another_language_is_named(scorer, lang):
    """The caveat is given whatever the page's language: the score of a French page cut by its
    paywall describes the part shown, as an English one's does."""
    lede, prompt = FOREIGN[lang]
    text = f"Budget\n\n{lede} {lede}\n\n{prompt}\n"
    rep = scorer.score_text(text, name="a.txt").to_dict()
    assert rep["language"] == lang
    cav = _caveat(rep)
    assert cav is not None and cav["spans"]
    body = parse_text(text, name="a.txt").body
    assert all(body[s["start"]:s["end"]] in prompt.split("\n") for s in cav["spans"])


def test_a_foreign_story_without_a_prompt_has_no_caveat(scorer):
    lede = FOREIGN["fr"][0]
    rep = scorer.score_text(f"Budget\n\n{lede}\n\n{lede}\n\nLe maire a salué un vote historique.\n", name="a.txt")
    assert _caveat(rep.to_dict()) is None
