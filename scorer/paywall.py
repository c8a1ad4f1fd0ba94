"""A page that shows the start of a story and asks the reader to subscribe for the rest.

Quality newspapers put most stories behind a paywall, and a crawl gets their first paragraph
and a prompt: "Subscribe to continue reading", "Already a subscriber? Log in", "You have
reached your limit of free articles". Such a page is an article, cut: its score describes the
few paragraphs shown (the ``short_text`` caveat often says as much), and the prompt itself was
read as part of the story. :func:`find` names the prompt lines; the report's ``paywalled``
caveat (schema 1.12) says the story is cut and gives them as spans. No score input: a paywall
says nothing about the story's reliability, and a farm page with a copied prompt gains nothing.

Where: a prompt is a short line (at most :data:`MAX_LINE_WORDS` words) among the body's last
:data:`TAIL_LINES` non-blank lines, or a sentence of one; an article about paywalls that quotes
"subscribe to continue reading" in its prose runs past it. The phrases are ours, written from
the prompts of common paywall vendors and news sites, in English and in French, German, Spanish,
Portuguese, Italian and Dutch ("Abonnez-vous pour lire la suite", "Il vous reste 62 % de cet
article à lire", "Jetzt weiterlesen", "Suscríbete para seguir leyendo"); the caveat is given in
any language. No corpus text has one (the corpora are whole articles) and none of the 181 real
news pages (``tests/test_paywall.py``).
"""
from __future__ import annotations

import re

from .text import lines

TAIL_LINES = 6  # a prompt closes what the page shows
MAX_LINE_WORDS = 60  # a prompt block: a few short sentences
_TAIL_CHARS = 6000

_PROMPT_RE = re.compile(
    r"\b(?:subscribe|sign\s+up|log\s*in|sign\s+in|register)\s+(?:now\s+)?to\s+(?:continue|keep)\s+reading"
    r"|\bto\s+(?:continue|keep)\s+reading,?\s+(?:please\s+)?(?:subscribe|log\s*in|sign\s+in|register|create)"
    r"|\balready\s+a\s+(?:subscriber|member)\s*\?"
    r"|\bthis\s+(?:article|story|content|piece)\s+is\s+(?:only\s+)?(?:available|reserved|exclusive)\s+(?:to|for)\s+"
    r"(?:paying\s+|premium\s+|digital\s+)?(?:subscribers|members)"
    r"|\b(?:you\s+have|you['’]ve)\s+reached\s+(?:your|the)\s+(?:limit|maximum)\s+of\s+free\s+(?:articles|stories)"
    r"|\b(?:you\s+have|you['’]ve)\s+(?:read|used)\s+(?:all\s+)?(?:your\s+)?\d*\s*free\s+(?:articles|stories)"
    r"|\bget\s+unlimited\s+(?:digital\s+)?access\b"
    r"|\bunlock\s+(?:this|the\s+full)\s+(?:article|story)"
    r"|\bread\s+the\s+(?:full|rest\s+of\s+the)\s+(?:article|story)\s+(?:with|by\s+subscribing|for\s+just)"
    r"|\b(?:the\s+rest\s+of\s+)?this\s+(?:article|story)\s+is\s+for\s+subscribers"
    # French, German, Spanish, Portuguese, Italian, Dutch: the same prompts on those papers' pages
    r"|\babonnez-vous\s+pour\s+(?:lire\s+la\s+suite|continuer)|\bd[ée]j[àa]\s+abonn[ée]\s*\?"
    r"|\b(?:la\s+suite\s+de\s+)?cet\s+article\s+est\s+r[ée]serv[ée]\s+aux\s+abonn[ée]s"
    r"|\bil\s+vous\s+reste\s+\d+\s*%\s+de\s+cet\s+article\s+[àa]\s+lire"
    r"|\bjetzt\s+(?:weiterlesen|abonnieren\s+und\s+weiterlesen)\b|\bbereits\s+abonnent(?:in)?\s*\?"
    r"|\b(?:dieser\s+(?:artikel|beitrag|inhalt))\s+ist\s+(?:nur\s+)?(?:f[üu]r\s+)?(?:abonnenten|abonnentinnen|abonnierende)"
    r"|\bweiterlesen\s+mit\s+(?:\w+\s*\+|\w+\s+plus|abo\b)"
    r"|\bsusc[rí]+bete\s+para\s+(?:seguir|continuar)\s+leyendo|\b[¿]?ya\s+eres\s+suscriptor\s*\?"
    r"|\beste\s+(?:contenido|art[íi]culo)\s+es\s+exclusivo\s+para\s+(?:suscriptores|abonados)"
    r"|\bhas\s+alcanzado\s+el\s+l[íi]mite\s+de\s+art[íi]culos\s+gratuitos"
    r"|\bassine\s+para\s+continuar\s+lendo|\bj[áa]\s+[ée]\s+assinante\s*\?"
    r"|\beste\s+conte[úu]do\s+[ée]\s+exclusivo\s+para\s+assinantes"
    r"|\babbonati\s+per\s+continuare\s+a\s+leggere|\bsei\s+gi[àa]\s+abbonato\s*\?"
    r"|\bquesto\s+articolo\s+[èe]\s+riservato\s+agli\s+abbonati"
    r"|\blees\s+verder\s+met\s+(?:een\s+)?abonnement|\bal\s+abonnee\s*\?"
    r"|\bdit\s+artikel\s+is\s+(?:alleen\s+)?voor\s+abonnees", re.I)


def find(body: str) -> list[tuple[int, int, str]]:
    """The paywall prompts of ``body``: ``(start, end, line)`` of each prompt line among its last
    :data:`TAIL_LINES` non-blank lines, in text order; [] when there is none."""
    if not body:
        return []
    at = max(0, len(body) - _TAIL_CHARS)  # the end is read, not the whole body
    tail = [(at + s, at + e) for s, e in lines(body[at:])][-TAIL_LINES:]
    out = []
    for s, e in tail:
        line = body[s:e]
        if len(line.split()) <= MAX_LINE_WORDS and _PROMPT_RE.search(line):
            out.append((s, e, line.strip()))
    return out
