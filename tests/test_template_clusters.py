"""Copy clusters and reports written from one template: stories that share a template's
sentences and names but not their figures are no copies of one another (the number check,
``scorer.clusters._is_edge``), while a copy of one such report, which keeps its figures, still
joins it.

The families here are written for this test and were not used to choose the check's thresholds
(those were chosen on the train side of the story split, with other template families: stock
closes, weather forecasts, match reports, obituaries, earnings notes). All names are invented.
"""
from __future__ import annotations

import dataclasses
import json
import random
from collections import Counter

import numpy as np
import pytest

from scorer import clusters as cl
from scorer.clusters import ClusterIndex, Fingerprint, fingerprint, pair_similarity

_STREETS = ["Alder Lane", "Birchwood Drive", "Cobble Hill Road", "Dunmore Avenue", "Elmstead Court",
            "Foxglove Way", "Greystone Terrace", "Hollis Street"]
_SURNAMES = ["Abernathy", "Brankovic", "Carvalho", "Delacroix", "Eriksen", "Fairweather", "Gunasekara",
             "Hollander", "Ishikawa", "Jablonski", "Kettering", "Lamarque"]
_WARDS = ["Northgate", "Eastbrook", "Millford", "Southvale", "Westerly", "Kingsmere"]
_CANDIDATES = ["Rosa Imbert", "Daniel Okoro", "Fiona Marsh", "Tomasz Wierzba", "Leila Haddadi", "Owen Pryor"]
_TOWNS = ["Harrowgate", "Pinecrest", "Saltmarsh", "Thornbury"]


def _property_sales(r: random.Random) -> str:
    town = r.choice(_TOWNS)
    lines = [f"Property transfers recorded in {town} for the week ending {r.choice(['March', 'April', 'May'])} "
             f"{r.randint(1, 28)}, according to the {town} County Registry of Deeds."]
    for _ in range(5):
        a, b = r.sample(_SURNAMES, 2)
        lines.append(f"{r.randint(10, 480)} {r.choice(_STREETS)}: {a} to {b}, ${r.randint(180, 990) * 1000:,}; "
                     f"{r.randint(2, 5)} bedrooms, {r.randint(900, 3800):,} square feet, built in {r.randint(1920, 2015)}.")
    lines.append(f"The median sale price in {town} this week was ${r.randint(250, 650) * 1000:,}.")
    return "\n\n".join(lines)


def _election(r: random.Random) -> str:
    ward = r.choice(_WARDS)
    a, b, c = r.sample(_CANDIDATES, 3)
    va, vb, vc = sorted((r.randint(300, 9000) for _ in range(3)), reverse=True)
    turnout = r.randint(18, 71)
    return (f"{ward} ward council results\n\n"
            f"{a} won the {ward} ward seat on the city council with {va:,} votes, the city's election office "
            f"said on Thursday. {b} received {vb:,} votes and {c} {vc:,}.\n\n"
            f"Turnout in the ward was {turnout} percent of {r.randint(12000, 30000):,} registered voters, "
            f"{'up' if r.random() < 0.5 else 'down'} from {r.randint(18, 71)} percent at the last election. "
            f"{r.randint(120, 900)} ballots were rejected.\n\n"
            f"The new council meets for the first time on {r.choice(['June', 'July'])} {r.randint(1, 28)}. "
            f"Results are unofficial until certified by the election office.")


def _fuel_prices(r: random.Random) -> str:
    town = r.choice(_TOWNS)
    return (f"Fuel prices in {town}\n\n"
            f"The average price of a litre of unleaded petrol in {town} was {r.uniform(1.40, 1.95):.3f} on "
            f"{r.choice(['Monday', 'Tuesday', 'Wednesday'])}, the Motorists' Association of {town} said, and "
            f"diesel averaged {r.uniform(1.45, 2.05):.3f}. A week earlier the figures were {r.uniform(1.40, 1.95):.3f} "
            f"and {r.uniform(1.45, 2.05):.3f}.\n\n"
            f"The cheapest unleaded in the area was {r.uniform(1.35, 1.60):.3f} at a station on "
            f"{r.choice(_STREETS)}; the dearest {r.uniform(1.80, 2.10):.3f}. Brent crude traded at "
            f"{r.uniform(60, 95):.2f} dollars a barrel.\n\n"
            f"The association surveyed {r.randint(40, 160)} stations across {r.randint(8, 30)} postcodes.")


def _sentencing(r: random.Random) -> str:
    lines = [f"Sentences handed down at {r.choice(_TOWNS)} Crown Court this week"]
    for _ in range(4):
        first = r.choice(["Liam", "Aisha", "Connor", "Megan", "Ravi", "Chloe"])
        lines.append(f"{first} {r.choice(_SURNAMES)}, {r.randint(19, 64)}, of {r.choice(_STREETS)}, was jailed for "
                     f"{r.randint(6, 96)} months for {r.choice(['burglary', 'fraud', 'assault', 'dangerous driving'])} "
                     f"and ordered to pay {r.randint(2, 40) * 50:,} pounds in costs.")
    return "\n\n".join(lines)


FAMILIES = {"property": _property_sales, "election": _election, "fuel": _fuel_prices, "sentencing": _sentencing}
PER_FAMILY = 20


def _cluster_sizes(texts: list[str], **thresholds) -> list[int]:
    index = ClusterIndex(**thresholds)
    for k, t in enumerate(texts):
        index.add(k, fingerprint(t))
    labels = index.components()
    return sorted(Counter(labels.tolist()).values(), reverse=True)


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_reports_from_one_template_are_not_one_cluster(family):
    r = random.Random(f"template-{family}")
    texts = [FAMILIES[family](r) for _ in range(PER_FAMILY)]
    sizes = _cluster_sizes(texts)
    # No report has a copy here, so every cluster is a mistake; a few coincidental pairs are
    # tolerated, one "original" with the family as its copies is not.
    assert sizes[0] <= 3, sizes
    assert sizes.count(1) >= PER_FAMILY * 3 // 4, sizes
    # What the number check changed: without it (and the names check, which parts some of
    # these too) the template's sentences and names link them.
    assert _cluster_sizes(texts, min_containment=-1.0, min_anchor_containment=-1.0)[0] >= PER_FAMILY // 2


def _copy(text: str) -> str:
    """A farm's copy of a report: spun words and machine-translation spacing, the figures kept."""
    swaps = {"according to": "as indicated by", "received": "got", "was jailed": "was imprisoned",
             "the city's": "the town's", "Results are": "The results are", "surveyed": "studied"}
    for a, b in swaps.items():
        text = text.replace(a, b)
    return text.replace("$", "$ ").replace(" percent", "%")


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_a_copy_of_one_templated_report_still_joins_it(family):
    r = random.Random(f"copy-{family}")
    texts = [FAMILIES[family](r) for _ in range(8)]
    texts.append(_copy(texts[3]))
    index = ClusterIndex()
    for k, t in enumerate(texts):
        index.add(k, fingerprint(t))
    labels = index.components().tolist()
    assert labels[8] == labels[3]
    assert Counter(labels)[labels[3]] == 2


def test_a_rewrite_that_keeps_some_of_the_figures_is_still_a_copy():
    """The check asks how many of the *smaller* side's figures the other has: a summary that keeps
    five of the original's twenty figures is a copy (Jaccard of the figures would be 0.25)."""
    r = random.Random(5)
    figures = [f"{r.randint(1000, 999999):,}" for _ in range(20)]
    names = ["Imogen Vasquez", "Bertram Oyelaran", "Hedda Lindqvist", "Caspar Nwosu", "Marisol Ferreira"]
    original = " ".join(f"The ministry of {names[k % 5].split()[1]} counted {f} cases on Tuesday, said "
                        f"{names[k % 5]}." for k, f in enumerate(figures))
    summary = ("In short: " + "; ".join(f"{names[k]} reported {figures[k]} cases" for k in range(5))
               + ". " + " ".join(f"{n} spoke to reporters." for n in names))
    a, b = fingerprint(original), fingerprint(summary)
    sim = pair_similarity(a, b)
    assert a.n_numbers == 20 and b.n_numbers == 5
    assert sim.numbers == pytest.approx(1.0) and sim.same_story
    # Different figures with the same names: the check vetoes the anchor link.
    other = ("In short: " + "; ".join(f"{names[k]} reported {r.randint(1000, 999999):,} cases" for k in range(5))
             + ". " + " ".join(f"{n} spoke to reporters." for n in names))
    sim_other = pair_similarity(a, fingerprint(other))
    assert sim_other.numbers == 0.0 and not sim_other.same_story
    assert sim_other.entities >= cl.ENTITY_THRESHOLD  # the names alone would have linked them


def test_too_few_figures_leave_the_check_silent():
    text = ("Officials of the Harrowgate council met residents of Pinecrest on Tuesday to discuss the "
            "new bypass, which Mayor Rosa Imbert called overdue. The 2024 plan was approved in 2023.")
    other = text.replace("2024", "2026").replace("2023", "2025")
    a, b = fingerprint(text), fingerprint(other)
    assert a.n_numbers == 2 and pair_similarity(a, b).numbers is None and pair_similarity(a, b).same_story


def test_fingerprint_round_trip_and_an_older_fingerprint_without_figures():
    r = random.Random(9)
    texts = [_election(r) for _ in range(2)]
    a, b = (fingerprint(t) for t in texts)
    assert a.n_numbers >= cl.MIN_NUMBERS
    assert Fingerprint.from_dict(json.loads(json.dumps(a.to_dict()))) == a
    assert not pair_similarity(a, b).same_story
    # A fingerprint written before the check (no "nums"): loads, and the check says nothing.
    old = {k: v for k, v in b.to_dict().items() if k not in ("nums", "nn")}
    b_old = Fingerprint.from_dict(old)
    assert b_old.n_numbers == 0 and pair_similarity(a, b_old).numbers is None
    # As the release that wrote it would have said (that release had no names check either).
    assert dataclasses.replace(pair_similarity(a, b_old), anchors=None).same_story


def _b64(values: list[int]) -> str:
    import base64

    return base64.b64encode(np.array(values, dtype="<u4").tobytes()).decode("ascii")


@pytest.mark.parametrize("damage", [
    {"nums": "%%"},  # not base64
    {"nn": "many"}, {"nn": -1},  # not a count
    {"nums": _b64([7, 9, 11]), "nn": 2},  # more values than figures
    {"nums": _b64([9, 7]), "nn": 2},  # not ascending
    {"nums": _b64([7, 0xFFFFFFFF]), "nn": 2},  # "no value" as a value
    {"nums": "AAAAAAA=", "nn": 2},  # 5 bytes: not whole values
    {"nums": _b64(list(range(cl.NUMBER_SKETCH + 1))), "nn": 99},  # longer than the sketch
    {"nn": None},
])
def test_a_damaged_number_sketch_is_refused(damage):
    d = fingerprint(_election(random.Random(3))).to_dict()
    d.update(damage)
    with pytest.raises(ValueError):
        Fingerprint.from_dict(d)


def test_containment_is_exact_up_to_the_sketch_and_estimated_beyond():
    def sketch(values):
        return cl._number_sketch([f"d:{v}" for v in values])

    def containment(xs, ys):
        return float(cl._number_containment(sketch(xs)[None], sketch(ys)[None], np.array([float(len(xs))]),
                                            np.array([float(len(ys))]))[0])

    assert containment(range(10, 30), range(20, 40)) == pytest.approx(0.5)  # 10 of 20, exact
    assert np.isnan(containment(range(10, 30), range(10, 13)))  # 3 figures: no say
    big_a, big_b = range(1000, 1400), range(1100, 1500)  # 400 each, 300 shared: 0.75
    assert abs(containment(big_a, big_b) - 0.75) < 0.2
    assert containment(range(1000, 1400), range(5000, 5400)) < 0.1
    # A 10-figure summary of a long article (60–200 figures): the article's sketch holds 32 of
    # them, so only the summary's figures below its largest can be compared. All of those are in
    # it, or fewer than MIN_NUMBERS can be compared: no say. Never a veto (estimating the share
    # from the sketches' Jaccard instead vetoed 7 of these 90).
    for n in (60, 100, 200):
        for seed in range(30):
            r = random.Random(seed)
            article = [r.randint(1000, 10**7) for _ in range(n)]
            got = containment(article, r.sample(article, 10))
            assert np.isnan(got) or got == 1.0


def test_figures_with_a_scale_word_are_compared_at_their_value():
    """A translation writes "20 thousand" and "14,3 billion" where the original wrote "20,000" and
    "$14.3 billion": the same figures, so the number check does not part them."""
    original = ("The Harrowgate council said on Tuesday that 20,000 residents had signed the petition, "
                "that the bypass would cost $14.3 billion and that 1,250 homes lie on its route. Mayor "
                "Rosa Imbert said 380 of them would be bought by 2027.")
    translated = ("According to the Harrowgate council on Tuesday, 20 thousand residents signed the petition; "
                  "the bypass will cost 14,3 billion dollars and 1.25 thousand homes are on its route. Mayor "
                  "Rosa Imbert stated 380 of them are to be purchased by 2027.")
    a, b = fingerprint(original), fingerprint(translated)
    assert a.n_numbers == b.n_numbers == 5
    assert pair_similarity(a, b).numbers == 1.0
    assert cl._figures("20 thousand, 14,3 billion, 3.5bn, 2 million") == [
        "d:20000", "d:14300000000", "d:3500000000", "d:2000000"]
    # Other figures behind the same words are other figures.
    other = translated.replace("20 thousand", "35 thousand").replace("14,3", "9,8").replace("1.25", "2.5")
    assert pair_similarity(a, fingerprint(other)).numbers == pytest.approx(2 / 5)
