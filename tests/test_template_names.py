"""Copy clusters and templates of words alone (the names check, ``scorer.clusters._is_edge``):
reports that share a template's sentences but not its slots' names (people, places, teams) are
no copies, even with no figures for the number check; a copy of one keeps its names and joins it;
independent translations, which share less text and spell names their own way, are left alone.

The families here are written for this test and were not used to choose the check's thresholds
(those were chosen on the train side of the story split, with three other word-only families:
weather forecasts, match reports, obituaries). All names are invented. The court family shows
the check's limit (see its test).
"""
from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from scorer import clusters as cl
from scorer.clusters import ClusterIndex, fingerprint, pair_similarity

_FIRST = ["Rosalind", "Tobias", "Imelda", "Caspian", "Wilhelmina", "Ambrose", "Philippa", "Lucian", "Henrietta",
          "Barnaby", "Ottoline", "Jasper", "Cordelia", "Montague"]
_LAST = ["Fairclough", "Penhaligon", "Ashcombe", "Trevelyan", "Winterbourne", "Cavendish", "Lockhart",
         "Bellamy", "Hargreaves", "Montrose", "Pettigrew", "Radcliffe", "Stirling", "Whitlock"]
_CHURCHES = ["St Aldhelm's Church", "St Brannock's Church", "Holy Trinity Church", "St Cuthbert's Chapel",
             "St Petroc's Church", "All Saints' Church"]
_VILLAGES = ["Ottery Vale", "Brackenridge", "Coldharbour", "Dunstanburgh", "Eastwold", "Fenny Compton",
             "Grimsworth", "Hallowmere", "Inglestone", "Kingsbarrow"]
_CHARITIES = ["the Lifeboat Fund", "the Hospice at Home", "the Air Ambulance", "the Hedgehog Rescue"]
_OFFENCES = ["theft from a shop", "criminal damage", "drink driving", "a public order offence",
             "failing to stop after an accident", "possession of a bladed article"]
_COURTS = ["Penhallow Magistrates' Court", "Brackenridge Magistrates' Court", "Eastwold Magistrates' Court"]


def _person(r: random.Random) -> str:
    return f"{r.choice(_FIRST)} {r.choice(_LAST)}"


def _wedding(r: random.Random) -> str:
    bride, groom = _person(r), _person(r)
    church, village = r.choice(_CHURCHES), r.choice(_VILLAGES)
    return (f"Wedding of {bride} and {groom}\n\n"
            f"The marriage took place at {church}, {village}, between {bride}, daughter of {_person(r)} of "
            f"{r.choice(_VILLAGES)}, and {groom}, son of {_person(r)} of {r.choice(_VILLAGES)}. The service was "
            f"conducted by the Reverend {_person(r)}.\n\n"
            f"The bride, given away by her father, wore her grandmother's lace veil and was attended by "
            f"{_person(r)}. The best man was {_person(r)}.\n\n"
            f"A reception was held at the village hall in {village}, and the couple will make their home in "
            f"{r.choice(_VILLAGES)}. Guests were asked to give to {r.choice(_CHARITIES)} in place of presents.")


def _court(r: random.Random) -> str:
    court = r.choice(_COURTS)
    parts = [f"Cases heard at {court}"]
    for _ in range(3):
        who, where = _person(r), r.choice(_VILLAGES)
        parts.append(f"{who}, of {where}, admitted {r.choice(_OFFENCES)} and was fined and ordered to pay "
                     f"costs. Magistrates heard that {who.split()[0]} had no previous convictions and had "
                     f"apologised to the people of {where}.")
    return "\n\n".join(parts)


FAMILIES = {"wedding": _wedding, "court": _court}
PER_FAMILY = 20
BATCHES = ("names-wedding", "a", "b", "c")


def _labels(texts: list[str], **thresholds) -> list[int]:
    index = ClusterIndex(**thresholds)
    for k, t in enumerate(texts):
        index.add(k, fingerprint(t))
    return index.components().tolist()


def test_reports_of_one_word_template_are_mostly_apart():
    """Wedding reports share whole sentences (text Jaccard 0.26–0.5) around other names: the
    names check parts them, though chance pairs (a church, a village, a guest in common) still
    chain some (README: largest cluster 3–10 of 20 in these four batches)."""
    largest = []
    for seed in BATCHES:
        r = random.Random(seed)
        texts = [_wedding(r) for _ in range(PER_FAMILY)]
        assert max(fingerprint(t).n_numbers for t in texts) < cl.MIN_NUMBERS  # the number check cannot speak
        sizes = sorted(Counter(_labels(texts)).values(), reverse=True)
        largest.append(sizes[0])
        assert sizes[0] <= PER_FAMILY // 2, sizes
        # What the names check changed: without it the template's sentences link them all.
        assert max(Counter(_labels(texts, min_anchor_containment=-1.0)).values()) == PER_FAMILY
    assert sum(largest) / len(largest) <= 6, largest


def test_a_template_sharing_less_text_is_the_documented_limit():
    """Court lists carry more names than template (text Jaccard mostly under ``NAMES_CHECK_TEXT``):
    the check leaves most of their pairs alone, and they still form one cluster (README, limits).
    If this starts to fail, the limit moved: update the README."""
    r = random.Random("names-court")
    texts = [_court(r) for _ in range(PER_FAMILY)]
    fps = [fingerprint(t) for t in texts]
    a, b = np.triu_indices(PER_FAMILY, 1)
    index = ClusterIndex()
    for k, fp in enumerate(fps):
        index.add(k, fp)
    tj = index.similarities(a, b)[0]
    assert np.median(tj) < cl.NAMES_CHECK_TEXT
    assert max(Counter(_labels(texts)).values()) == PER_FAMILY


def _copy(text: str) -> str:
    """A farm's copy: spun words, the names kept."""
    for a, b in {"took place": "happened", "was held": "was organised", "admitted": "confessed to",
                 "heard that": "were told that", "make their home": "settle", "was fined": "got a fine"}.items():
        text = text.replace(a, b)
    return text


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_a_copy_of_one_word_templated_report_still_joins_it(family):
    r = random.Random(f"names-copy-{family}")
    texts = [FAMILIES[family](r) for _ in range(8)]
    texts.append(_copy(texts[2]))
    labels = _labels(texts)
    assert labels[8] == labels[2]
    sim = pair_similarity(fingerprint(texts[2]), fingerprint(texts[8]))
    assert sim.same_story and sim.anchors is not None and sim.anchors >= cl.MIN_ANCHOR_CONTAINMENT


def test_the_check_speaks_only_where_much_text_is_shared():
    """Two translations of one story share less text and spell its names their own way: below
    ``NAMES_CHECK_TEXT`` the names check has no say, above it the same names veto."""
    tj = np.array([0.20, 0.20, 0.40, 0.40])
    anchors = np.array([0.30, np.nan, 0.30, 0.60])
    zeros = np.zeros(4)
    got = cl._is_edge(tj, zeros, zeros, np.full(4, np.nan), anchors)
    assert got.tolist() == [True, True, False, True]
    # The anchor rules need no names check: their anchors agree by definition.
    assert cl._is_edge(np.array([0.4]), np.array([0.5]), np.array([9.0]), np.array([np.nan]), np.array([0.3]))[0]


def test_anchor_containment_needs_enough_anchors_on_both_sides():
    got = cl._anchor_containment(np.array([3.0, 3.0, 6.0]), np.array([5.0, 6.0, 12.0]), np.array([9.0, 9.0, 6.0]))
    assert np.isnan(got[0]) and got[1] == pytest.approx(0.5) and got[2] == pytest.approx(1.0)
