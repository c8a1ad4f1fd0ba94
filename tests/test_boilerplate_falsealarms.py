"""Boilerplate facet: false alarms on honest human news (hunt s20)."""
from __future__ import annotations

import pytest

from scorer.features.boilerplate import Boilerplate
from scorer.features.boilerplate_lines import is_consent_sentence
from scorer.ingest import parse_text

PROSE = ("The harbour board approved a new ferry timetable on Wednesday after months of complaints from "
         "island commuters. Dock workers said the later sailings would add two hours to their shifts.")


@pytest.mark.parametrize("sentence", [
    "Facebook changed its privacy policy last week, and the regulator has opened an inquiry.",
    "The company's privacy policy (https://www.acme.com/privacy-policy) says user data may be shared "
    "with advertisers, which the regulator said breached the law.",
    "Patients may withdraw their consent at the end of the trial, the hospital said.",
])
def test_news_naming_a_privacy_policy_or_consent_once_is_not_a_banner(sentence):
    assert not is_consent_sentence(sentence)
    res = Boilerplate().extract(parse_text(PROSE + " " + sentence + " " + PROSE + "\n"))
    assert res.values["boilerplate.consent"] == 0.0


@pytest.mark.parametrize("sentence", [
    "We use cookies to improve your experience.",
    "Read our privacy policy to learn how we process your personal data.",
    "By signing up you agree to receive newsletters from us and you agree to our privacy policy.",
    "This sign-up form is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply.",
    "You can withdraw your consent at any time in the cookie settings.",
])
def test_banner_and_sign_up_wording_is_still_consent(sentence):
    assert is_consent_sentence(sentence)


# --- a farm's "Source link" in odd characters ------------------------------------------------------
_VARIANTS = ["[Source link]", "(Source link)", "Source\u00a0link", "Ｓｏｕｒｃｅ ｌｉｎｋ", "Source link →",
             "Source link \U0001F517", "Source \u200blink"]


@pytest.mark.parametrize("line", _VARIANTS)
def test_source_link_variants_are_bare_source_lines(line):
    res = Boilerplate().extract(parse_text(PROSE + "\n\n" + PROSE + "\n\n" + line + "\n"))
    assert res.values["boilerplate.share_cta"] == 1.0, res.details
    assert not res.details.get("credited_source")


def test_a_bracketed_credit_naming_its_origin_is_still_a_credit():
    res = Boilerplate().extract(parse_text(PROSE + "\n\n(Source: Reuters)\n"))
    assert res.values["boilerplate.share_cta"] == 0.0
