"""The short-text evaluation (scorer/training/short_eval.py): where texts are cut, which articles
may be cut, and the figures computed from scores."""
import numpy as np
import pytest

from scorer.corpora.base import Doc
from scorer.training import short_eval as S


def _sentences(k: int, words: int = 10) -> list[str]:
    return [" ".join(f"w{i}x{j}" for j in range(words - 1)) + f" end{i}." for i in range(k)]


def test_cut_falls_at_the_first_sentence_end_after_n_words():
    text = " ".join(_sentences(20))  # 200 words, a sentence every 10
    cut = S.truncate(text, 35)
    assert cut is not None and len(cut.split()) == 40 and cut.endswith("end3.")
    assert text.startswith(cut)


def test_cut_keeps_the_layout_and_ends_at_a_line_break_or_closing_quote():
    paras = _sentences(12)
    text = "\n".join(paras)
    cut = S.truncate(text, 25)
    assert cut == "\n".join(paras[:3])
    quoted = 'He said "we will build it." ' + " ".join(_sentences(10))
    cut = S.truncate(quoted, 5)
    assert cut == 'He said "we will build it."'


@pytest.mark.parametrize("text,n", [
    (" ".join(_sentences(5)), 90),  # shorter than n: not shortened
    (" ".join(_sentences(10)), 90),  # would drop only 10 words (< MIN_REST)
    (" ".join(["word"] * 300) + ". Then more words follow here to close it out for sure now.", 90),  # run-on
])
def test_texts_that_cannot_be_cut_to_n_words_are_left_out(text, n):
    assert S.truncate(text, n) is None


def test_only_articles_whose_defect_runs_through_the_text_are_cut():
    body = " ".join(_sentences(30))
    docs = [Doc(body, "human", "xsum", "s1"), Doc(body, "mt", "wmt21_ru-en", "s2"),
            Doc(body, "spun", "xsum+spin", "s3"), Doc(body, "llm", "xsum_gpt-4", "s4"),
            Doc(body, "human", "xsum+cleanrefs", "s5"), Doc(body, "invented_refs", "xsum+refs", "s6"),
            Doc(body, "boilerplate", "aeb+boilerplate", "s7"), Doc(body, "human", "aeb_html", "s8", fmt="html")]
    cut = S.cut_docs(docs, 90)
    assert [d.story for d in cut] == ["s1", "s2", "s3", "s4"]
    assert all(len(d.text.split()) == 90 for d in cut)
    assert [(d.kind, d.source) for d in cut] == [(d.kind, d.source) for d in docs[:4]]


def test_metrics_count_human_texts_under_40_and_rank_each_defect():
    kinds = ["human"] * 4 + ["mt"] * 2 + ["llm"] * 2
    sources = ["a", "a", "b", "b", "m", "m", "l", "l"]
    # P(unreliable): score < 40 <=> p > 0.6; one human of "b" is under 40
    p = [0.1, 0.2, 0.3, 0.7, 0.9, 0.25, 0.8, 0.95]
    m = S.metrics(kinds, sources, p)
    assert m["n"] == 8 and m["n_human"] == 4
    assert m["human_score_below_40"] == 0.25
    assert m["human_score_below_40_by_source"] == {"a": 0.0, "b": 0.5}
    assert m["per_defect"]["llm"]["auroc"] == 1.0
    assert m["per_defect"]["mt"]["auroc"] == pytest.approx((4 + 2) / 8)  # 0.9 beats all four humans, 0.25 two
    assert "spun" not in m["per_defect"]


def test_evaluate_reports_each_length_from_the_predictor():
    body = " ".join(_sentences(30))
    docs = [Doc(body, "human", "xsum", "h"), Doc(body, "llm", "xsum_gpt-4", "l")]
    seen = []

    def predict(ds):
        seen.append(sorted(len(d.text.split()) for d in ds))
        return ds, np.array([0.9 if d.kind == "llm" else 0.1 for d in ds])

    out = S.evaluate(docs, predict, lengths=(90, 150))
    assert seen == [[300, 300], [90, 90], [150, 150]]
    assert set(out) == {"whole", "words_90", "words_150"} and out["words_90"]["auroc"] == 1.0
    assert [ln.split()[0] for ln in S.format_lines(out)[1:]] == ["whole", "~90", "~150"]
