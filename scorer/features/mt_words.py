"""Word lists this family writes itself, and cached access to wordfreq.

Nothing here is taken from a corpus. The casing table lists names whose owners use a casing
that a word-by-word translator cannot guess (inner capitals, initialisms). Acronyms that
British style guides write as words ("Nato", "Unicef", "Nasa") are deliberately absent: that
casing is a house style, not an error.
"""
from __future__ import annotations

from typing import NamedTuple, Sequence

from ..memo import BoundedCache
from . import word_freq

_CANON = (
    # AI and tech companies / products with inner capitals
    "OpenAI", "ChatGPT", "DeepSeek", "DeepMind", "PlayAI", "xAI", "GitHub", "LinkedIn", "YouTube",
    "TikTok", "WhatsApp", "PayPal", "iPhone", "iPad", "iPod", "iOS", "macOS", "MacBook", "iCloud",
    "eBay", "FedEx", "PlayStation", "SpaceX", "SoftBank", "BlackRock", "JPMorgan", "HarperCollins",
    "PricewaterhouseCoopers", "McDonald's", "AstraZeneca", "GlaxoSmithKline", "BioNTech",
    "ExxonMobil", "ByteDance", "WeChat", "AliExpress", "PowerPoint", "OnlyFans", "DoorDash",
    "CrowdStrike", "HuggingFace", "StarCraft", "WordPress", "JavaScript", "QAnon", "SmackDown",
    "MasterCard", "FaceTime", "AirPods", "HarmonyOS", "MediaTek", "CoinDesk", "CoinBase",
    # initialisms spelled letter by letter: never written as words by any publisher
    "AI", "CEO", "CFO", "CTO", "FBI", "CIA", "GPT", "IBM", "BBC", "CNN", "NBA", "NFL", "GDP", "IMF",
    "USA", "LGBTQ", "SUV", "PhD", "FIFA", "UEFA", "NHS", "BMW", "HSBC", "KPMG", "EY", "AMD",
    "LLM", "API", "GPU", "CPU", "VPN",
)
CANONICAL = {w.lower(): w for w in _CANON}


def canonical_casing(lower: str) -> str | None:
    return CANONICAL.get(lower)


# English function words and cohesive markers (closed classes): the translationese profile.
FUNCTION_WORDS = frozenset("""
a an the this that these those some any each every no all both either neither such other another
i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
who whom whose which what whoever whatever one ones myself yourself himself herself itself ourselves themselves
be am is are was were been being have has had having do does did doing will would shall should can could may might must
not n't 's 're 've 'll 'd 'm
of in on at by for with about against between into through during before after above below to from up down out off over under
again further then once here there when where why how than too very just also only even still already yet so
and but or nor if because as until while although though whether since unless whereas however therefore thus hence
moreover furthermore besides meanwhile nevertheless nonetheless instead otherwise accordingly consequently indeed namely
according regarding concerning despite towards toward within without upon among amongst across along around behind beyond
like near per via versus throughout
said says say told according
more most less least much many few several
""".split())

COHESIVE_MARKERS = ("however", "therefore", "thus", "moreover", "furthermore", "besides", "meanwhile",
                    "nevertheless", "nonetheless", "hence", "accordingly", "consequently", "indeed",
                    "namely", "also", "in addition", "at the same time", "in particular", "in this regard",
                    "at present", "currently", "at the moment", "as well as", "in order to", "due to",
                    "according to", "it is noted that", "it should be noted", "in turn")

# Calques and spinner substitutions seen in content-farm news, written by us: the literal
# rendering of an idiom, and the idiom. Matched case-insensitively on word boundaries.
NEWS_CALQUES = {
    # idioms rendered word by word (the three marked * are the examples named in issue 3)
    "eye-water sums": "eye-watering sums",  # *
    "eye-water sum": "eye-watering sum", "eye-water prices": "eye-watering prices",
    "last pit effort": "last-ditch effort",  # *
    "last pit attempt": "last-ditch attempt", "last pit bid": "last-ditch bid",
    "wind his fingers": "snap his fingers",  # *
    "wind her fingers": "snap her fingers", "wind their fingers": "snap their fingers",
    "weapon race": "arms race", "arm race": "arms race",
    "shot himself in the leg": "shot himself in the foot", "shot itself in the leg": "shot itself in the foot",
    "in the same boat with": None, "the tip of the iceberg": None,
    "pour oil on the fire": "add fuel to the fire", "poured oil on the fire": "added fuel to the fire",
    "cost an arm and a foot": "cost an arm and a leg", "hit the nail on the hat": "hit the nail on the head",
    "from the scratch": "from scratch", "at the end of the ends": "in the end",
    # synonym-spinner renderings of common news terms
    "counterfeit consciousness": "artificial intelligence", "man-made consciousness": "artificial intelligence",
    "computerized reasoning": "artificial intelligence", "profound learning": "deep learning",
    "colossal information": "big data", "enormous information": "big data", "huge information": "big data",
    "web based life": "social media", "web-based life": "social media", "internet based life": "social media",
    "online networking life": "social media", "savvy phone": "smartphone", "savvy telephone": "smartphone",
    "cell telephone": "cell phone", "worldwide temperature alteration": "global warming",
    "an unnatural weather change": "global warming", "boss leader": "chief executive",
    "official political decision": "presidential election", "political decision": None,
    "lion's portion": "lion's share", "bosom malignant growth": "breast cancer",
    "coronary failure": "heart attack", "circulatory strain": "blood pressure",
    "cell reinforcement": "antioxidant", "fluid cash": "liquid cash", "huge increment": "big increase",
    "securities exchange crash": "stock market crash",
    "national bank": None, "swelling rate": "inflation rate",
    "joblessness rate": "unemployment rate", "gross household item": "gross domestic product",
    "head administrator": "prime minister", "unfamiliar clergyman": "foreign minister",
    "unfamiliar pastor": "foreign minister", "protection serve": "defence minister",
    "equity service": "justice ministry", "law implementation": "law enforcement",
    "police power": None, "preeminent court": "supreme court", "incomparable court": "supreme court",
    "house of delegates": None, "common freedoms": "civil liberties", "basic freedoms": None,
    "common liberties": "civil rights", "social equality": None,
    # phrases a human translator or non-native reporter writes too: kept to say why they are NOT used
    "take measures": None, "in the framework of": None, "political race": None, "online life": None,
    "home lawn": None, "game book": None, "fake intelligence": None, "malignant growth": None,
}
# Entries mapped to None are human-normal phrases kept here to document why they are NOT
# flagged; only entries with a replacement are used.
CALQUES = {k.lower(): v for k, v in NEWS_CALQUES.items() if v}


# Memoised: an article asks for the same few hundred words again and again (~1,000 lookups per
# 3 KB article across the mt helpers). A BoundedCache, not an lru_cache: looked up in C by
# ``map(ZIPF.__getitem__, words)``, and a hit does not move an entry of a linked list (memory
# that is cold between articles): the extractor's lookups ~0.05 ms an article cheaper on real
# news. Bounded: cleared at 2^16 words; words of over 32 characters are read each time.
ZIPF = BoundedCache(word_freq.zipf, 1 << 16, 32)


def zipf(word: str) -> float:
    """wordfreq Zipf value, ``math.log10(f) + 9.0`` (0 when unknown); lower-case input expected.

    Read from :mod:`.word_freq`'s compact tables (not ``wordfreq.get_frequency_dict``, which
    would keep ~36 MB of Python objects cached forever), through :data:`ZIPF`."""
    return ZIPF[word]


class WordColumns(NamedTuple):
    """What the mt helpers read of each word of ``word_index(text).words`` (as written), one
    tuple per fact, in word order (see :func:`word_columns`)."""

    folded: tuple[str, ...]  # lower case, straight apostrophe
    zipfs: tuple[float, ...]  # zipf(folded)
    function_word: tuple[bool, ...]  # folded in FUNCTION_WORDS
    upper: tuple[bool, ...]  # first character upper case
    lower: tuple[bool, ...]  # the word as written is lower case
    content: tuple[bool, ...]  # lower case, letters only, not a function word (as written)


def _word_facts(word: str) -> tuple:
    """One row of :class:`WordColumns`: everything the mt extractor works out per word, which
    depends on the word alone."""
    folded = word.lower().replace("’", "'")
    lower = word.islower()
    return (folded, ZIPF[folded], folded in FUNCTION_WORDS, word[0].isupper(), lower,
            lower and word.isalpha() and word not in FUNCTION_WORDS)


# Each distinct word's facts, worked out once: one C-level map over an article's words then
# gives all of them (a listcomp and five maps over every word cost ~4x as much). Bounded as
# every per-word memo: cleared at 2^16 words; words of over 32 characters are made each time.
WORD_FACTS = BoundedCache(_word_facts, 1 << 16, 32)
_EMPTY_COLUMNS = WordColumns((), (), (), (), (), ())


def word_columns(words: Sequence[str]) -> WordColumns:
    """The facts of every word of ``words`` (non-empty strings, as written), by column:
    transposed in C by ``zip``."""
    if not words:
        return _EMPTY_COLUMNS
    return WordColumns(*zip(*map(WORD_FACTS.__getitem__, words)))
