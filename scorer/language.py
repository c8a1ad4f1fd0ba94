"""Language identification: langdetect, seeded so the same text always gets the same answer."""
from __future__ import annotations

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

# langdetect samples n-grams at random; without a fixed seed two runs can disagree.
DetectorFactory.seed = 0

_MAX_CHARS = 1500  # plenty for a stable guess on news prose; langdetect cost grows with length


def detect_language(text: str) -> tuple[str | None, float]:
    """Return (ISO 639-1 code, probability), or (None, 0.0) when nothing can be said.

    langdetect raises on text without letters; that is "undetermined", not an error.
    """
    sample = text[:_MAX_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None, 0.0
    try:
        # Re-seed per call: the factory's RNG is shared, so results would otherwise depend on
        # how many texts were detected before this one in the same process.
        DetectorFactory.seed = 0
        langs = detect_langs(sample)
    except LangDetectException:
        return None, 0.0
    if not langs:
        return None, 0.0
    best = langs[0]
    lang = best.lang.split("-")[0]  # zh-cn -> zh
    return lang, round(float(best.prob), 4)
