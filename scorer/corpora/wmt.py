"""WMT news-translation test sets: human references, MT outputs, and native-English sources.

Every document of a WMT test set exists in several versions: the source (in the original
language), one or two independent human translations (``ref``), and the output of 10+ MT
systems (``hyp``; the ``Online-*`` systems are anonymised commercial services). All versions of
one source document share its ``story`` id, so a split by story keeps a document's human and
machine versions on the same side.

Kinds: human references and English-original sources are ``"human"``; every system output is
``"mt"``. ``meta`` says which is which: ``pair`` ("ru-en"), ``role`` ("ref" | "hyp" | "src"),
``system`` (translator id or system name), ``commercial`` (Online-*), ``native`` (English
original), ``domain`` ("news", "social", "ecommerce", ...).

Segments are joined one per line (WMT segments are sentences or headlines), the way scraped
article dumps put one paragraph per line.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .base import Doc, data_dir, require

MT_DIR = "mt"
# (file, pair, source name) of the X->English document-level test sets.
XX_EN_FILES = (
    ("wmt21_newstest_ru-en_all.xml", "ru-en", "wmt21_ru-en"),
    ("wmt22_ru-en.all.xml", "ru-en", "wmt22_ru-en"),
    ("wmt22_uk-en.all.xml", "uk-en", "wmt22_uk-en"),
)
# English-original sources (their translations go into another language; we use the src side).
EN_XX_FILES = (
    ("wmt21_newstest_en-is_all.xml", "en-is", "wmt21_en-is"),
    ("wmt22_en-hr.all.xml", "en-hr", "wmt22_en-hr"),
)
SEGMENT_PAIRS = ("de-en", "zh-en", "cs-en")
SEGMENT_SYSTEMS = ("ref.A", "ref.B", "hyp.Online-A", "hyp.Online-B", "hyp.Online-G",
                   "hyp.Online-W", "hyp.Online-Y")
DEFAULT_CHUNK = 20  # segment lines per pseudo-document (~400 words, a short news article)


def is_commercial(system: str) -> bool:
    return system.startswith("Online-")


def _domain(doc: ET.Element, doc_id: str) -> str:
    dom = doc.get("domain")
    if dom:
        return dom
    m = re.match(r"(social|ecommerce|review|test|talk)", doc_id)
    if m:
        return {"review": "ecommerce", "test": "general", "talk": "speech"}.get(m.group(1), m.group(1))
    return "news"


def _segs(node: ET.Element) -> str:
    return "\n".join((seg.text or "").strip() for seg in node.iter("seg") if (seg.text or "").strip())


def _iter_docs(path: Path) -> Iterator[ET.Element]:
    # The files are a few MB: a full parse is simplest and fast enough.
    root = ET.parse(require(path)).getroot()
    yield from root.iter("doc")


def load_xx_en(data: Path | None = None, files: Iterable[tuple[str, str, str]] = XX_EN_FILES,
               domains: Optional[set[str]] = None, include_src: bool = False) -> Iterator[Doc]:
    """Every human reference and every MT output of the X->English document test sets.

    ``domains`` keeps only documents of those domains (e.g. ``{"news"}``).
    """
    base = data_dir(data) / MT_DIR
    for fname, pair, source in files:
        for doc in _iter_docs(base / fname):
            doc_id = doc.get("id", "")
            domain = _domain(doc, doc_id)
            if domains and domain not in domains:
                continue
            story = f"{source}:{doc_id}"
            common = {"pair": pair, "doc_id": doc_id, "domain": domain}
            for node in doc:
                text = _segs(node)
                if not text:
                    continue
                if node.tag == "ref":
                    who = node.get("translator", "A")
                    yield Doc(text, "human", source, story,
                              meta={**common, "role": "ref", "system": f"ref.{who}",
                                    "commercial": False, "native": False})
                elif node.tag == "hyp":
                    system = node.get("system", "?")
                    yield Doc(text, "mt", source, story,
                              meta={**common, "role": "hyp", "system": system,
                                    "commercial": is_commercial(system), "native": False})
                elif node.tag == "src" and include_src:
                    yield Doc(text, "human", source, story,
                              meta={**common, "role": "src", "system": "src", "lang": node.get("lang"),
                                    "commercial": False, "native": node.get("lang") == "en"})


def load_native_english(data: Path | None = None, domains: Optional[set[str]] = None) -> Iterator[Doc]:
    """English-original news documents (source side of the en->X test sets): native negatives."""
    base = data_dir(data) / MT_DIR
    for fname, pair, source in EN_XX_FILES:
        for doc in _iter_docs(base / fname):
            doc_id = doc.get("id", "")
            domain = _domain(doc, doc_id)
            if domains and domain not in domains:
                continue
            src = doc.find("src")
            if src is None:
                continue
            text = _segs(src)
            if text:
                yield Doc(text, "human", f"{source}_src", f"{source}:{doc_id}",
                          meta={"pair": pair, "doc_id": doc_id, "domain": domain, "role": "src",
                                "system": "src", "commercial": False, "native": True})


def load_segments(data: Path | None = None, pairs: Iterable[str] = SEGMENT_PAIRS,
                  chunk: int = DEFAULT_CHUNK) -> Iterator[Doc]:
    """WMT21 de/zh/cs->English line-aligned outputs grouped into pseudo-documents.

    Consecutive ``chunk`` lines form one pseudo-document; the same line range of every version
    (references and Online-* outputs) shares a story id. Document boundaries are unknown, so
    a pseudo-document may straddle two articles: fine for style statistics.
    """
    base = data_dir(data) / MT_DIR / "wmt21_segments"
    for pair in pairs:
        source = f"wmt21seg_{pair}"
        for sysname in SEGMENT_SYSTEMS:
            path = base / f"newstest2021.{pair}.{sysname}.en"
            if not path.exists():  # zh-en has a single reference
                continue
            lines = path.read_text(encoding="utf-8").split("\n")
            if lines and not lines[-1]:
                lines.pop()
            role, system = sysname.split(".", 1)
            for i in range(0, len(lines), chunk):
                part = [ln.strip() for ln in lines[i:i + chunk] if ln.strip()]
                if len(part) < chunk // 2:
                    continue
                meta = {"pair": pair, "doc_id": f"lines{i}", "domain": "news", "role": role,
                        "system": sysname if role == "ref" else system,
                        "commercial": is_commercial(system), "native": False}
                yield Doc("\n".join(part), "human" if role == "ref" else "mt", source,
                          f"{source}:{i // chunk}", meta=meta)


def load_all(data: Path | None = None, chunk: int = DEFAULT_CHUNK) -> Iterator[Doc]:
    """Everything: document-level X->English sets, segment pseudo-documents, native English."""
    yield from load_xx_en(data)
    yield from load_segments(data, chunk=chunk)
    yield from load_native_english(data)
