"""Problematic Paper Screener tortured phrases, and a synonym spinner built from them.

The PPS lists pair a "tortured" phrase (what a synonym spinner wrote: "counterfeit
consciousness") with the expected one ("artificial intelligence"). We use them two ways:
statistics for the detector (derived in :mod:`scorer.training.mt`, never copied), and
:func:`spin_text`, which makes spun versions of human news for training and evaluation.
"""
from __future__ import annotations

import csv
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .base import Doc, data_dir, require

SPIN_DIR = "spin"
CSV_FILE = "pps_tortured_phrases_hahuyhoang411.csv"
JSON_FILE = "pps_tortured_phrases_torturedcheck.json"
_QUOTED_RE = re.compile(r'"([^"]+)"')
_STOP = frozenset("""about above after again against also among another because been before being
below between both could does doing down during each either from further have having here into
itself just more most much must only other over same should some such than that their them then
there these they this those through under until very were what when where which while whom whose
will with within without would your""".split())
_WORD_RE = re.compile(r"[A-Za-z]+(?:['’\-][A-Za-z]+)*")


@dataclass(frozen=True)
class Pair:
    tortured: str  # lower case, single spaces
    expected: str
    papers: int = 0
    source: str = ""

    def to_dict(self) -> dict:
        return {"tortured": self.tortured, "expected": self.expected, "papers": self.papers,
                "source": self.source}


def _clean(phrase: str) -> str:
    phrase = re.sub(r"\([^)]*\)", " ", phrase)  # "(?)", "(in HMM)", "(dl)" annotations
    return " ".join(phrase.lower().split())


def _usable(t: str, e: str) -> bool:
    return bool(t and e and t != e and "?" not in e and len(t.split()) <= 6 and len(e.split()) <= 6)


def load_pairs(data: Path | None = None) -> list[Pair]:
    """Both PPS exports, de-duplicated on (tortured, expected); unusable rows dropped.

    The CSV keeps the screener's query syntax: the first quoted phrase is the tortured one
    (``"a" AND "b"`` lists a context word after AND). The JSON has AND clauses split already.
    """
    base = data_dir(data) / SPIN_DIR
    seen: dict[tuple[str, str], Pair] = {}
    with open(require(base / CSV_FILE), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            q = _QUOTED_RE.findall(row.get("tortured_phrase") or "")
            if not q:
                continue
            t, e = _clean(q[0]), _clean(row.get("expected_phrase") or "")
            if _usable(t, e):
                n = int(re.sub(r"\D", "", row.get("num_papers") or "0") or 0)
                seen.setdefault((t, e), Pair(t, e, n, "csv"))
    obj = json.loads(require(base / JSON_FILE).read_text(encoding="utf-8"))
    for item in obj.get("phrases", []):
        t, e = _clean(item.get("tortured", "")), _clean(item.get("correct", ""))
        if _usable(t, e):
            seen.setdefault((t, e), Pair(t, e, 0, "json"))
    return sorted(seen.values(), key=lambda p: (p.expected, p.tortured))


def word_substitutions(pairs: Iterable[Pair]) -> dict[str, dict[str, int]]:
    """Word-level spinner substitutions from equal-length pairs: expected word -> {tortured: n}.

    "face recognition" -> "face acknowledgment" yields recognition -> acknowledgment.
    """
    subs: dict[str, dict[str, int]] = {}
    for p in pairs:
        tw, ew = p.tortured.split(), p.expected.split()
        if len(tw) != len(ew):
            continue
        for a, b in zip(ew, tw):
            # Content words only: spinners swap nouns/verbs/adjectives, and the few pairs that
            # align a function word ("the" -> "whatever") are noise in the exports.
            if (a != b and a.isalpha() and len(a) >= 4 and a not in _STOP
                    and b.replace("-", "").isalpha() and b not in _STOP):
                subs.setdefault(a, {}).setdefault(b, 0)
                subs[a][b] += 1
    return subs


def spin_text(text: str, pairs: Iterable[Pair], *, seed: int = 0, word_rate: float = 0.5,
              min_count: int = 2) -> tuple[str, int]:
    """Spin ``text``: replace expected phrases by tortured ones, then single words.

    Deterministic for a given seed. Phrase substitutions are always applied; each eligible word
    (one with a known spinner substitute seen ``min_count`` times) is replaced with
    probability ``word_rate``, keeping its initial capital. Returns (spun text, substitutions).
    """
    rng = random.Random(seed)
    phrase_map, rx, subs = _tables(tuple(pairs), min_count)
    n_subs = 0
    if rx is not None:

        def _phrase(m: re.Match) -> str:
            nonlocal n_subs
            n_subs += 1
            return rng.choice(sorted(phrase_map[m.group().lower()]))

        text = rx.sub(_phrase, text)
    out, last = [], 0
    for m in _WORD_RE.finditer(text):
        w = m.group()
        cands = subs.get(w.lower())
        if not cands or rng.random() >= word_rate:
            continue
        rep = rng.choice(cands)
        if w[0].isupper():
            rep = rep[0].upper() + rep[1:]
        out.append(text[last:m.start()])
        out.append(rep)
        last = m.end()
        n_subs += 1
    out.append(text[last:])
    return "".join(out), n_subs


_TABLES: dict = {}


def _tables(pairs: tuple[Pair, ...], min_count: int):
    """Phrase map, its regex and the word map for one pair list (cached: compiling is slow)."""
    key = (hash(pairs), min_count)
    if key not in _TABLES:
        phrase_map: dict[str, list[str]] = {}
        for p in pairs:
            if len(p.expected.split()) >= 2:
                phrase_map.setdefault(p.expected, []).append(p.tortured)
        rx = None
        if phrase_map:
            # Longest first so "deep neural network" wins over "neural network".
            keys = sorted(phrase_map, key=len, reverse=True)
            rx = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keys) + r")\b", re.I)
        subs = {e: sorted(t for t, n in ts.items() if n >= min_count)
                for e, ts in word_substitutions(pairs).items()}
        _TABLES[key] = (phrase_map, rx, {e: ts for e, ts in subs.items() if ts})
    return _TABLES[key]


def spun_docs(docs: Iterable[Doc], pairs: list[Pair], *, seed: int = 0, word_rate: float = 0.5,
              min_subs: int = 3) -> Iterator[Doc]:
    """Spun versions of human documents (kind ``"spun"``, same story id as the original)."""
    for i, d in enumerate(docs):
        if d.kind != "human":
            continue
        text, n = spin_text(d.text, pairs, seed=seed + i, word_rate=word_rate)
        if n >= min_subs:
            yield Doc(text, "spun", d.source + "+spin", d.story,
                      meta={**d.meta, "substitutions": n, "spun_from": d.source})


def split_pairs(pairs: list[Pair], holdout: float = 0.5, key: Optional[str] = None) -> tuple[list[Pair], list[Pair]]:
    """Deterministic split by expected phrase (a stable hash), for held-out spinner evaluation."""
    import hashlib

    a, b = [], []
    for p in pairs:
        h = int(hashlib.blake2b((key or "") .encode() + p.expected.encode(), digest_size=4).hexdigest(), 16)
        (b if (h % 1000) / 1000 < holdout else a).append(p)
    return a, b
