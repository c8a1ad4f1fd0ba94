"""Human vs LLM-written news from ``<data>/ai/``: XSum pairs, llmfake rewrites, SheepDog restylings.

Every loader yields :class:`~scorer.corpora.base.Doc` records, human and LLM sides alike, with
``kind`` "human" or "llm", ``source`` naming corpus and generator (``xsum_gpt-4``,
``llmfake_politifact_paraphrase``, ``sheepdog_sensational``; human docs get the bare corpus name)
and a ``story`` id shared by every version of one story. Story ids are hashes of the normalised
human text, so a PolitiFact original that appears in both llmfake and SheepDog gets one id and
lands on one side of any split.

The text is cleaned here, once, so no consumer trains on the corpora's formatting leaks (see
the data README): XSum human texts run sentences together ("word.The") and use curly quotes,
SheepDog marks paragraph breaks with double spaces, spacing before punctuation differs by side.
``clean()`` undoes all of that; it never changes words.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .base import Doc, data_dir, require

XSUM_GENERATORS = ("gpt-4", "gpt-3.5-turbo", "davinci")
LLMFAKE_FILES = {
    "politifact_rewrite": "llmfake_synthetic-gpt-3.5-turbo_politifact_rewrite_generation_processed.csv",
    "politifact_paraphrase": "llmfake_synthetic-gpt-3.5-turbo_politifact_paraphrase_generation_processed.csv",
    "gossipcop_rewrite": "llmfake_synthetic-gpt-3.5-turbo_gossipcop_rewrite_generation_processed.csv",
}
SHEEPDOG_FILES = ("sheepdog_politifact_train_part1.jsonl", "sheepdog_politifact_train_part2.jsonl")
SHEEPDOG_STYLES = ("objective", "neutral", "emotionally_triggering", "sensational")
# Corpus names (Doc.meta["corpus"]); politifact stories are shared between llmfake and SheepDog.
CORPORA = ("xsum", "llmfake", "sheepdog")

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "\u00a0": " "})
# "said.The" / "2016.But" / "him.\"The": a sentence end glued to the next capitalised word.
_GLUED_RE = re.compile(r"([a-z0-9%)\"'])([.!?])([A-Z][a-z])")
_SPACE_BEFORE_PUNCT_RE = re.compile(r"[ \t]+([,.;:!?])(?=\s|$)")
_MULTISPACE_RE = re.compile(r"[ \t]{2,}")
_BLANKLINES_RE = re.compile(r"\s*\n\s*")


def clean(text: str) -> str:
    """Normalise formatting that differs between the human and LLM sides (never words).

    NFC; curly quotes to straight; glued sentences split; no space before , . ; : ! ?;
    runs of spaces to one; any line break run to one blank line (paragraphs kept as "\\n\\n").
    A run of two or more spaces *is* SheepDog's paragraph break, so it becomes one too.
    """
    t = unicodedata.normalize("NFC", text or "").translate(_QUOTES)
    t = t.replace("\r\n", "\n").replace("\r", "\n")
    t = re.sub(r"(?<=[.!?\"'])[ \t]{2,}(?=[A-Z\"'])", "\n\n", t)
    t = _GLUED_RE.sub(r"\1\2 \3", t)
    t = _SPACE_BEFORE_PUNCT_RE.sub(r"\1", t)
    t = _MULTISPACE_RE.sub(" ", t)
    t = _BLANKLINES_RE.sub("\n\n", t.strip())
    return t


def flatten(text: str) -> str:
    """One paragraph: the human sides of all three corpora have no line breaks, so paragraphing
    would leak the label. Training and evaluation use this; the shipped extractor does not."""
    return re.sub(r"\s*\n\s*", " ", text).strip()


def story_id(prefix: str, human_text: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "", human_text.lower())[:400]
    return f"{prefix}:{hashlib.sha1(key.encode()).hexdigest()[:12]}"


def _root(data: Optional[Path]) -> Path:
    return Path(data) if data else data_dir()


def load_xsum(data: Optional[Path] = None, generators: Iterable[str] = XSUM_GENERATORS) -> Iterator[Doc]:
    """BBC XSum articles (human) and LLM continuations of their first ~30 tokens.

    The three generator files hold mostly different articles (a handful repeat): each human
    article is yielded once.
    """
    seen: set[str] = set()
    for gen in generators:
        path = require(_root(data) / "ai" / f"fastdetectgpt_xsum_{gen}.raw_data.json")
        d = json.loads(path.read_text(encoding="utf-8"))
        for orig, sampled in zip(d["original"], d["sampled"]):
            h, s = clean(orig), clean(sampled)
            if not h or not s or h == s:
                continue
            sid = story_id("xsum", h)
            if sid not in seen:
                seen.add(sid)
                yield Doc(h, "human", "xsum", sid, meta={"corpus": "xsum", "generator": "human"})
            yield Doc(s, "llm", f"xsum_{gen}", sid, meta={"corpus": "xsum", "generator": gen})


# An "LLM" text with more than half of its word 5-grams verbatim in its human original is
# mostly human writing with an LLM label: about 17 % of the LLMFake rewrites (the shares have a
# natural gap between 0.4 and 0.6). Training leaves them out; evaluations report both ways.
NEAR_COPY_SHARE = 0.5


def _shingles(text: str, k: int = 5) -> set[tuple[str, ...]]:
    w = re.findall(r"\w+", text.lower())
    return {tuple(w[i:i + k]) for i in range(len(w) - k + 1)}


def copied_share(llm_text: str, human_text: str) -> float:
    """Share of the LLM text's word 5-grams found verbatim in the human original."""
    a = _shingles(llm_text)
    return len(a & _shingles(human_text)) / len(a) if a else 0.0


def load_llmfake(data: Optional[Path] = None, subsets: Iterable[str] = tuple(LLMFAKE_FILES)) -> Iterator[Doc]:
    """PolitiFact/GossipCop news and ChatGPT rewrites/paraphrases; identical pairs dropped."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    seen: set[str] = set()
    for sub in subsets:
        path = require(_root(data) / "ai" / LLMFAKE_FILES[sub])
        site = sub.split("_")[0]
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                h, s = clean(row.get("news_text", "")), clean(row.get("synthetic_misinformation", ""))
                if not h or not s or h == s:
                    continue
                sid = story_id(site, h)
                meta = {"corpus": "llmfake", "site": site, "news_id": row.get("news_id")}
                if sid not in seen:
                    seen.add(sid)
                    yield Doc(h, "human", f"llmfake_{site}", sid, meta={**meta, "generator": "human"})
                yield Doc(s, "llm", f"llmfake_{sub}", sid,
                          meta={**meta, "generator": f"gpt-3.5-turbo_{sub.split('_')[1]}"})


def load_sheepdog(data: Optional[Path] = None) -> Iterator[Doc]:
    """SheepDog: PolitiFact originals, each with four LLM restylings (style in meta)."""
    for name in SHEEPDOG_FILES:
        path = require(_root(data) / "ai" / name)
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                h = clean(rec.get("original", ""))
                if not h:
                    continue
                sid = story_id("politifact", h)
                meta = {"corpus": "sheepdog", "idx": rec.get("idx"), "veracity_label": rec.get("veracity_label")}
                yield Doc(h, "human", "sheepdog", sid, meta={**meta, "generator": "human"})
                for style, text in (rec.get("rewrites") or {}).items():
                    s = clean(text)
                    if s and s != h:
                        yield Doc(s, "llm", f"sheepdog_{style}", sid, meta={**meta, "generator": style})


def load_all(data: Optional[Path] = None, corpora: Iterable[str] = CORPORA) -> list[Doc]:
    """Every human and LLM document of the chosen corpora; a human text seen twice is kept once."""
    loaders = {"xsum": load_xsum, "llmfake": load_llmfake, "sheepdog": load_sheepdog}
    out: list[Doc] = []
    seen_human: set[str] = set()
    for name in corpora:
        for doc in loaders[name](data):
            if doc.kind == "human":
                key = hashlib.sha1(doc.text.encode()).hexdigest()
                if key in seen_human:
                    continue
                seen_human.add(key)
            out.append(doc)
    return out
