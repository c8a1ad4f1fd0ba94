"""Texts over ``max_chars`` are analysed up to a paragraph break before the limit (caveat
``truncated``): a worker's memory grows with the text, so the limit is what bounds it."""
from __future__ import annotations

import json

import pytest

from scorer.article import Article, Paragraph
from scorer.cli import main
from scorer.ingest import parse_text
from scorer.scoring import MAX_ANALYSED_CHARS, Scorer, ScorerSettings, truncated

PARA = ("The city council voted on Tuesday to extend the night bus service to the airport from next "
        "month, the mayor's office said. Council member Rosa Lindqvist said the change would cost about "
        "2 million dollars a year and would be reviewed after twelve months.")


def _long_text(n_paras: int) -> str:
    return "\n\n".join(f"{PARA} Item {i}." for i in range(n_paras))


@pytest.fixture(scope="module")
def scorer():
    return Scorer(max_chars=3_000)


def test_cut_at_the_last_paragraph_break_before_the_limit():
    body = _long_text(40)
    paras = tuple(Paragraph(i, i + 10) for i in range(0, len(body) - 10, 500))
    links = [{"href": "https://a.example/", "text": "x", "start": 100, "end": 110},
             {"href": "https://b.example/", "text": "y", "start": 2_990, "end": 3_010}]
    art = Article(body=body, paragraphs=paras, meta={"links": links})
    cut = truncated(art, 3_000)
    end = body.rfind("\n\n", 0, 3_000)
    assert cut.body == body[:end] == cut.content and len(cut.body) <= 3_000
    assert cut.meta["truncated_from"] == len(body) and art.meta.get("truncated_from") is None
    assert [ln["href"] for ln in cut.meta["links"]] == ["https://a.example/"]  # the one past the cut is gone
    assert all(p.end <= end for p in cut.paragraphs) and cut.paragraphs[0] == paras[0]
    assert len(cut.paragraphs) == sum(1 for p in paras if p.start < end)


def test_other_breaks_and_no_break():
    lines = "\n".join(["word " * 20] * 100)  # no blank line: the last line break
    assert truncated(Article(body=lines), 1_000).body == lines[:lines.rfind("\n", 0, 1_000)]
    run = "x" * 5_000  # no break at all: the limit itself
    assert truncated(Article(body=run), 1_000).body == run[:1_000]
    # A break in the first half only would throw most of the allowance away: cut at a space instead.
    early = "a" * 100 + "\n\n" + "word " * 1_000
    assert truncated(Article(body=early), 1_000).body == early[:early.rfind(" ", 0, 1_000)]


def test_short_or_unlimited_articles_are_untouched():
    art = Article(body=_long_text(5))
    assert truncated(art, 3_000) is art and truncated(Article(body=_long_text(40)), 0).meta == {}
    assert Scorer().max_chars == MAX_ANALYSED_CHARS == ScorerSettings().max_chars == ScorerSettings().build().max_chars


def test_a_long_text_is_scored_as_its_kept_part_and_says_so(scorer):
    text = _long_text(40)
    rep = scorer.score_text(text)
    kept = text[:text.rfind("\n\n", 0, 3_000)]
    alone = scorer.score_text(kept)  # under the limit: scored whole
    assert [c["code"] for c in rep.to_dict()["caveats"]] == ["truncated"]
    msg = rep.to_dict()["caveats"][0]["message"]
    assert f"{len(kept):,} of {len(text):,} characters" in msg
    assert alone.to_dict()["caveats"] == [] and rep.features == alone.features and rep.score == alone.score
    assert rep.word_count == alone.word_count and rep.body == kept
    assert all(e.end <= len(kept) for e in rep.evidence)


def test_max_chars_reaches_score_and_batch_workers(tmp_path, capsys):
    from scorer.batch import load_scorer

    d = tmp_path / "in"
    d.mkdir()
    (d / "long.txt").write_text(_long_text(40))
    (d / "short.txt").write_text(_long_text(5))
    capsys.readouterr()
    assert main(["score", str(d / "long.txt"), "--format", "json", "--max-chars", "3000"]) == 0
    assert [c["code"] for c in json.loads(capsys.readouterr().out)["caveats"]] == ["truncated"]
    try:
        for extra, want in ((["--max-chars", "3000"], [["truncated"], []]), ([], [[], []])):
            out = tmp_path / f"rows{len(extra)}.jsonl"
            assert main(["batch", str(d), "--out", str(out), "--no-progress", "--jobs", "2", *extra]) == 0
            rows = [json.loads(line) for line in out.read_text().splitlines()]
            assert [[c["code"] for c in r["caveats"]] for r in rows] == want
    finally:
        load_scorer(ScorerSettings())


@pytest.mark.parametrize("bad", ["-1", "ten"])
def test_a_bad_max_chars_is_refused(bad, tmp_path, capsys):
    (tmp_path / "a.txt").write_text(PARA)
    with pytest.raises(SystemExit) as exc:
        main(["score", str(tmp_path / "a.txt"), "--max-chars", bad])
    assert exc.value.code == 2 and "--max-chars" in capsys.readouterr().err


def test_wordpress_anchors_past_the_cut_are_dropped(scorer):
    """A WordPress article's anchors carry offsets into the body: those past the cut go."""
    paras = "".join(f"<p>{PARA} Item {i}.</p>" for i in range(40))
    content = (f'<p>As <a href="https://early.example/a">the early report</a> said.</p>{paras}'
               f'<p>As <a href="https://late.example/b">the late report</a> said.</p>')
    doc = json.dumps({"title": {"rendered": "Night buses"}, "date": "2024-05-01T10:00:00",
                      "content": {"rendered": content}})
    art = parse_text(doc, name="a.json")
    assert {ln["href"] for ln in art.meta["links"]} == {"https://early.example/a", "https://late.example/b"}
    cut = truncated(art, 3_000)
    assert [ln["href"] for ln in cut.meta["links"]] == ["https://early.example/a"]
    rep = scorer.score_article(art)
    assert [c["code"] for c in rep.to_dict()["caveats"]] == ["truncated"]
    assert all(e.end <= len(cut.body) for e in rep.evidence)


def test_a_negative_limit_is_refused_by_the_scorer_and_the_spark_job(capsys):
    """0 is "no limit"; a negative limit would cut at nonsense offsets: the Scorer refuses it
    (whatever builds it: API, settings, a worker) and the Spark job's argument parser too."""
    from scorer import spark as sp

    with pytest.raises(ValueError, match="max_chars"):
        Scorer(max_chars=-1)
    with pytest.raises(ValueError, match="max_chars"):
        ScorerSettings(max_chars=-5).build()
    with pytest.raises(SystemExit) as exc:
        sp.main(["--input", "x.warc.gz", "--output", "out", "--max-chars", "-1"])
    assert exc.value.code == 2 and "--max-chars" in capsys.readouterr().err
