"""No penalty for being non-native: human news written in the English of Nairobi, Dhaka, Lagos,
Manila, Seoul or by a non-native reporter is human reporting. The whole pipeline — not only one
facet — must not call it machine-made or unreliable.

The texts are ours, written in the style of such newsrooms (article and preposition choices,
"since many years", "crore", "the said suspect", present for past), with the kind of content a
local news story has. They are not tuned to pass: if one fails, the finding is the point.
"""
import pytest

from scorer.scoring import Scorer

NON_NATIVE_NEWS = {
    "nairobi": (
        "Police in Kamburu have arrested three suspects in connection to the theft of 40 heads of cattle "
        "from a farm in the area on Tuesday night. Speaking to journalists at the scene, the area OCPD "
        "Mr Joseph Wanyama said the said suspects were found with some of the animals at a slaughterhouse "
        "in the neighbouring town. \"We are urging members of the public to volunteer information to the "
        "police so that we can curb this menace,\" he said. The owner of the farm, Mrs Grace Atieno, "
        "said she had lost animals worth over Sh2 million and she is appealing to the government to "
        "assist her. Residents said cattle rustling has been a big problem in the area since many years "
        "and they want the security to be beefed up especially during the night. The suspects are "
        "expected to be arraigned in court on Monday."),
    "dhaka": (
        "The newly constructed bridge over the Surma river in Sylhet was opened for traffic on Sunday by "
        "the state minister for road transport. The 400-metre long bridge was built at a cost of Tk 52 "
        "crore. Before the bridge, people had to cross the river by boat which took almost one hour, "
        "locals said. \"Now I can bring goods from the wholesale market more quickly and my cost will be "
        "less,\" said Abdul Karim, a grocery shop owner of the area. The construction work was finished "
        "two months behind schedule due to the flood of last year, the project director told this "
        "correspondent. The minister said another four bridges will be constructed in the district "
        "within next fiscal year."),
    "lagos": (
        "The Lagos State Government has commenced the demolition of illegal structures along the "
        "Ikorodu road corridor, in line with its resolve to restore the master plan of the metropolis. "
        "The Special Adviser to the Governor on Urban Development, Mr Tunde Bakare, who monitored the "
        "exercise on Wednesday, said the owners were served quit notices since three months ago. He "
        "said the government will not fold its arms and watch people to build on drainage channels. "
        "Some of the affected traders however lamented that they were not given enough time to "
        "relocate their goods, adding that the exercise has put them in a difficult situation."),
    "manila": (
        "Classes in all levels in public and private schools in Metro Manila are suspended on Monday "
        "due to the heavy rains brought by the southwest monsoon, the Department of the Interior and "
        "Local Government announced on Sunday night. Residents in low-lying areas of Marikina were "
        "advised to evacuate as the water level of the river reached 16 metres. The city government "
        "said it already prepared the evacuation centers and food packs for the affected families. "
        "Commuters are also advised to bring umbrella and to monitor the updates of the authorities."),
    "seoul": (
        "Seoul city will provide free bus cards to middle and high school students from next month, "
        "the mayor office announced on Thursday. Students can use the card for 60 rides in one month. "
        "Some parents said it is good news because the bus fare was increased two times in this year. "
        "One parent, Mrs Park Ji-young, said her son is going to school by bus every day and she pays "
        "a lot of money for it. The city will spend 30 billion won for this program, and it will "
        "decide whether to continue after checking the result in the end of the year."),
}


# History, kept because it shows what this test is for: the Manila text scored under 40 from
# reliability-5 to reliability-8 (27, 39.5, 36.4, 36.8) and was a strict xfail. Its last top
# reason was mt.spin_word_score (+0.50): one lightly weighted word ("evacuation", 0.035) in 89
# words, a rate of 0.39 per 1,000, over the combiner's splits at 0.26-0.38, with no span shown.
# reliability-9 gives that rate a prior of 150 words at 0 (scorer.features.mt.SPIN_PRIOR_WORDS,
# measured on held-out data, not on this text) and shows light words when they are all there is;
# it scores 41 there (47 before the same release dropped common English pairs from the
# tortured-bigram table, which made the facet weigh spinner words a little more): a thin margin.
# Thinner than one fit shows: refitting reliability-12's own inputs on 8 story subsets
# (python -m scorer.training.refit_compare dump --probes DIR, these texts one per file) scores
# Manila 31.4-46.9, under 40 in three of eight fits. So a retrain can fail here with no change to
# what the model reads; judge an input change by its paired refits (README, "Retraining"), and
# do not loosen this pin to let one retrain through.
CASES = sorted(NON_NATIVE_NEWS)


@pytest.fixture(scope="module")
def scorer():
    return Scorer()


@pytest.mark.parametrize("name", CASES)
def test_non_native_news_is_not_read_as_machine_made(scorer, name):
    rep = scorer.score_text(NON_NATIVE_NEWS[name])
    assert rep.ok and rep.language == "en"
    for facet in ("mt", "ai_style"):
        assert rep.facets[facet] is not None and rep.facets[facet] < 0.5, (facet, rep.facets)


@pytest.mark.parametrize("name", CASES)
def test_non_native_news_is_not_called_unreliable(scorer, name):
    rep = scorer.score_text(NON_NATIVE_NEWS[name])
    if rep.score is None:
        pytest.skip("no reliability model installed")
    assert rep.score >= 40, (rep.score, [(r.feature, round(r.contribution, 2)) for r in rep.reasons[:4]])


def test_the_shipped_score_does_not_read_the_proficiency_profile():
    """How plainly someone writes (vocabulary frequency, readability formulas, sentence rhythm)
    describes the writer, not the reliability of the reporting: the shipped reliability model
    must not read those features (scorer/training/reliability.py, PROFICIENCY_PROFILE)."""
    from scorer.model import load_model, reliability_model_path
    from scorer.training.reliability import PROFICIENCY_PROFILE, scored

    path = reliability_model_path()
    if not path.exists():
        pytest.skip("no reliability model installed")
    used = [f for f in load_model(path).features if not scored(f)]
    assert used == [], used
    # and the rule does catch what it is meant to
    assert PROFICIENCY_PROFILE.match("readability.flesch_reading_ease")
    assert PROFICIENCY_PROFILE.match("ai_style.mean_zipf") and PROFICIENCY_PROFILE.match("facet.readability")
    assert not PROFICIENCY_PROFILE.match("mt.currency_space_per_1000") and not PROFICIENCY_PROFILE.match("facet.mt")
