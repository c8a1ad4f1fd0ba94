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
the prompts of common paywall vendors and news sites; no corpus text has one (the corpora are
whole articles) and none of the 181 real news pages (``tests/test_paywall.py``).
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
    r"|\b(?:the\s+rest\s+of\s+)?this\s+(?:article|story)\s+is\s+for\s+subscribers", re.I)


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
