"""Citations facet: false alarms on honest human news (hunt s20)."""
from __future__ import annotations

import pytest

from scorer.article import Article, Paragraph
from scorer.features.citations import Citations
from scorer.features.citations_tables import entities_in
from scorer.features.citations_urls import parse_url
from scorer.text import split_paragraphs

EX = Citations()
F = "citations."


def art(text: str, published: str | None = None) -> Article:
    return Article(body=text, published=published, language="en",
                   paragraphs=tuple(Paragraph(s, e) for s, e in split_paragraphs(text)))


def _newer(url: str) -> list[str]:
    info = parse_url(url)
    return [e.name for e in entities_in(list(info.tokens)) if e.did_not_exist(info.date.last_day, frozenset(info.tokens))]


# Real reporting, dated before the thing's release or launch but after its name was public.
@pytest.mark.parametrize("url", [
    "https://www.theverge.com/2023/4/14/23683084/openai-gpt-5-rumors-training-sam-altman",
    "https://www.theverge.com/2023/1/18/23560315/openai-chatgpt-gpt-4-rumors-release-date-sam-altman-interview",
    "https://techcrunch.com/2017/12/12/twitter-officially-launches-threads-a-new-feature-for-posting-tweetstorms/",
    "https://www.theverge.com/2019/10/3/20895877/instagram-threads-app-close-friends-messaging-camera-status",
    "https://www.example-news.com/2019/05/14/xai-explainable-ai-research-darpa/",
    "https://www.example-news.com/2024/12/02/deepseek-r1-lite-preview-reasoning-model/",
    "https://www.example-news.com/2023/02/03/anthropic-claude-ai-chatbot-beta/",
])
def test_a_name_already_public_at_the_url_date_is_no_anachronism(url):
    assert _newer(url) == []
    text = ("OpenAI and its rivals have been racing to build larger models, the report said. "
            f"The story is here: {url}\n")
    v = EX.extract(art(text, published="2025-09-01")).values
    assert v[F + "anachronism_count"] == 0


@pytest.mark.parametrize("url,name", [
    ("https://www.example-news.com/2019/05/14/gpt-4-launch-openai/", "GPT-4"),
    ("https://www.example-news.com/2022/05/14/openai-gpt-5-launch/", "GPT-5"),
    ("https://www.example-news.com/2022/05/14/meta-threads-app-launch/", "Threads (Meta app)"),
    ("https://www.example-news.com/2022/05/14/elon-musk-xai-launch/", "xAI"),
    # rumoured by then, but the words say it is out: what an invented reference looks like
    ("https://www.example-news.com/2021/06/10/gpt-4-transforms-newsrooms-across-europe/", "GPT-4"),
    ("https://www.example-news.com/2024/02/01/deepseek-r1-beats-rivals-on-maths/", "DeepSeek-R1"),
    ("https://www.example-news.com/2024/02/01/openai-gpt-5-writes-reports-for-banks/", "GPT-5"),
    # rumour words before anyone could have rumoured it
    ("https://www.example-news.com/2019/05/14/gpt-4-rumors-openai/", "GPT-4"),
])
def test_a_name_before_it_was_public_is_still_an_anachronism(url, name):
    assert name in _newer(url)


# --- a legal page linked as the story's subject ------------------------------------------------
_POLICY = "https://www.acme-social.com/legal/privacy-policy"


def test_a_privacy_policy_linked_where_the_sentence_names_it_is_the_subject():
    text = ("The data protection authority fined Acme Social 12 million euros on Tuesday. Its privacy "
            f"policy ({_POLICY}) lets it share user data with advertisers, which the regulator said "
            "breached the law.\n")
    v, ev = (lambda r: (r.values, r.evidence))(EX.extract(art(text)))
    assert v[F + "non_source_share"] == 0.0, [e.reason for e in ev]


_ANCHORED = "The regulator said the company's privacy policy was unlawful. Sleep matters, a study found.\n"


def _policy_linked_from(words: str) -> float:
    """non_source_share of :data:`_ANCHORED` with the privacy policy linked from ``words``."""
    k = _ANCHORED.index(words)
    link = {"href": _POLICY, "start": k, "end": k + len(words), "text": words}
    a = Article(body=_ANCHORED, language="en", paragraphs=(Paragraph(0, len(_ANCHORED)),), meta={"links": [link]})
    return EX.extract(a).values[F + "non_source_share"]


def test_an_anchor_naming_the_policy_is_the_subject_too():
    assert _policy_linked_from("privacy policy") == 0.0


@pytest.mark.parametrize("text", [
    f"Sleep matters more than diet, according to a new study ({_POLICY}).\n",
    f"Sleep matters more than diet, a new study found.\n{_POLICY}\n",
    f"Sleep matters more than diet.\n\nSources:\n1. {_POLICY}\n",
])
def test_a_privacy_policy_passed_off_as_evidence_is_still_a_non_source(text):
    assert EX.extract(art(text)).values[F + "non_source_share"] == 1.0


def test_an_anchor_on_a_claim_linking_a_policy_is_still_a_non_source():
    assert _policy_linked_from("study") == 1.0


# --- numbered references without URLs ----------------------------------------------------------
_STORY = ("The ferry was built in 1902.[1] It sank in 1923 off the northern cape.[2][3] Divers found "
          "the wreck in 2019, the survey team said.\n\n")


@pytest.mark.parametrize("refs", [
    "References\n\n1. Smith J, Otieno P. Ferries of the north. Journal of Maritime History. 1990;12:45-67.\n"
    "2. Jones A. Shipwrecks of the coast. Oxford University Press; 2001.\n3. Mwangi K. The lost ferry. 2019.\n",
    "References\n\n1. ^ Smith, John (1990). Ferries of the North. Oxford University Press.\n"
    "2. ^ \"Ferry lost\". The Times. 3 May 1923.\n3. ^ Jones, A. (2001). Shipwrecks. p. 45.\n",
])
def test_markers_citing_a_numbered_reference_list_without_urls_are_not_dangling(refs):
    v = EX.extract(art(_STORY + refs)).values
    assert v[F + "dangling_marker_share"] == 0.0


def test_a_numbered_list_that_is_no_reference_section_leaves_markers_dangling():
    text = _STORY + "What to see:\n1. The lighthouse\n2. The museum\n3. The wreck site\n"
    assert EX.extract(art(text)).values[F + "dangling_marker_share"] == 1.0
    refs = "References\n\n1. Smith J. Ferries. 1990.\n2. Jones A. Wrecks. 2001.\n"
    text = _STORY.replace("[3]", "[5]") + refs
    assert EX.extract(art(text)).values[F + "dangling_marker_share"] == pytest.approx(1 / 3)  # [5] only


@pytest.mark.parametrize("line", ["[Source link]", "Source\u00a0link", "Source link \u2192",
                                  "Source link \U0001F517", "(Source)"])
def test_source_line_variants_count_as_source_lines(line):
    text = ("The harbour board approved a new ferry timetable on Wednesday after months of complaints. "
            "Dock workers said the later sailings would add two hours to their shifts.\n\n" + line + "\n")
    assert EX.extract(art(text)).values[F + "source_line_count"] == 1.0


@pytest.mark.parametrize("label", ["Read more", "Read more \u2192", "(Read more)", "Continue reading",
                                   "Continue reading \u2026", "Read the full story", "Read the full article here.",
                                   "READ MORE:"])
def test_a_link_label_to_the_story_itself_is_no_attribution(label):
    """A feed excerpt or a copied page ends with "Read more" / "Continue reading", its link lost:
    it names no source, so it is no unsupported attribution (one such line took an honest report
    from 71 to 1). In a sentence too: "Read the full report here." linked a report."""
    for text in (_STORY_PLAIN + "\n\n" + label + "\n",
                 _STORY_PLAIN + " The ministry published its review on Monday. Read the full report here.\n"):
        v = EX.extract(art(text)).values
        assert v[F + "source_line_count"] == 0.0
        assert v[F + "unsupported_attribution_per_1000"] == 0.0


_STORY_PLAIN = ("The harbour board approved a new ferry timetable on Wednesday after months of complaints. "
                "Dock workers said the later sailings would add two hours to their shifts.")
