"""The README's held-out figures are the shipped model's (models/metrics.json).

Users pick a cut-off from the README's table and quote its accuracy; the evaluation gate checks
that metrics.json describes the shipped model, and this checks that the README says what
metrics.json says. Several figures had gone stale across retrains (the cut-off table still gave an
older model's thresholds, the share of each defect under 50 an older model's shares). Each
figure shown must equal the metric rounded to the digits shown (either way at an exact half).
Needs no corpora: both files ship with the repository.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
METRICS = json.loads((ROOT / "models" / "metrics.json").read_text(encoding="utf-8"))
HELD = METRICS["held_out"]
NUM = r"(\d+(?:\.\d+)?)"


def _shows(shown: str, value: float, scale: float = 1.0) -> bool:
    """``shown`` (as written) is ``value * scale`` rounded to the digits it has."""
    decimals = len(shown.split(".")[1]) if "." in shown else 0
    return abs(float(shown) - value * scale) <= 0.5 * 10 ** -decimals + 1e-9


def _line(prefix: str) -> str:
    lines = [ln for ln in README.splitlines() if ln.startswith(prefix)]
    assert len(lines) == 1, f"expected one README line starting {prefix!r}, found {len(lines)}"
    return lines[0]


def _cells(prefix: str) -> list[str]:
    return [c.strip() for c in _line(prefix).strip("|").split("|")]


def _check(pairs: list[tuple[str, float]], scale: float = 1.0, where: str = "") -> None:
    wrong = [(shown, round(value * scale, 4)) for shown, value in pairs if not _shows(shown, value, scale)]
    assert not wrong, f"{where}: README shows / metrics.json says {wrong}"


def test_the_main_table_names_the_shipped_model():
    meta = json.loads((ROOT / "models" / "reliability.json").read_text(encoding="utf-8"))["meta"]
    assert _cells("| | spinscore (")[1] == f"spinscore ({meta['version']})"


def test_the_main_table_is_the_published_metrics():
    pd, own = HELD["per_defect"], HELD["own_facet_alone"]
    rows = {"| AUROC, all |": (HELD["auroc"], None), "| machine translation |": (pd["mt"]["auroc"], "mt"),
            "| LLM-written / rewritten |": (pd["llm"]["auroc"], "llm"),
            "| spun (tortured phrases) |": (pd["spun"]["auroc"], "spun"),
            "| injected boilerplate |": (pd["boilerplate"]["auroc"], "boilerplate"),
            "| invented references |": (pd["invented_refs"]["auroc"], "invented_refs")}
    for prefix, (value, defect) in rows.items():
        cells = _cells(prefix)
        pairs = [(cells[1].strip("*"), value)]
        if defect:
            pairs.append((re.match(NUM, cells[2]).group(1), own[defect]["auroc"]))
        _check(pairs, where=prefix)
    acc, brier = _cells("| accuracy at score 50 / Brier |")[1].split(" / ")
    _check([(acc, HELD["accuracy_at_0.5"]), (brier, HELD["brier"])], where="accuracy / Brier")
    human = re.match(NUM, _cells('| human articles scored < 40 ("likely unreliable") |')[1]).group(1)
    _check([(human, HELD["human_flagged"]["likely_unreliable(score<40)"])], 100, "human < 40")
    caught = re.findall(r"\d+", _cells("| defective articles caught at 1 % / 2 % / 5 % / 10 % human")[1])
    dfa = HELD["detected_at_human_false_alarm"]
    _check(list(zip(caught, [dfa[k]["detected"] for k in ("0.01", "0.02", "0.05", "0.1")])), 100, "caught at")
    meta = re.findall(NUM + " %", _cells("| **human articles with news-page metadata")[1])
    news = HELD["human_with_news_metadata"]
    _check(list(zip(meta, [news["score_below_40"], news["same_articles_without_below_40"]])), 100, "metadata")
    chrome = re.findall(NUM + " %", _cells("| **human articles with page chrome")[1])
    page = HELD["human_with_page_chrome"]
    _check(list(zip(chrome, [page["score_below_40"], page["same_articles_without_below_40"]])), 100, "chrome")
    top3 = re.match(NUM, _cells("| flagged defective articles (< 40) whose defect is among the top three")[1]).group(1)
    _check([(top3, HELD["reasons"]["defect_in_top3"]["all"]["share"])], 100, "defect in top three")


def test_the_cut_off_table_is_the_published_thresholds():
    dfa = HELD["detected_at_human_false_alarm"]
    for rate in ("0.01", "0.02", "0.05", "0.1"):
        shown = f"{float(rate) * 100:g} %"
        row = [ln for ln in README.splitlines() if re.match(r"\| \d+\.\d \| " + re.escape(shown) + r" \|", ln)]
        assert len(row) == 1, f"no cut-off row for {shown}"
        score, _, caught = [c.strip() for c in row[0].strip("|").split("|")]
        _check([(score, 1 - dfa[rate]["threshold"]), (caught.rstrip(" %"), dfa[rate]["detected"])], 100,
               f"cut-off at {shown}")


def _sentence(pattern: str) -> re.Match:
    m = re.search(pattern, README, flags=re.S)
    assert m, f"README sentence not found: {pattern[:60]}"
    return m


def test_the_reasons_figures_are_the_published_ones():
    r = HELD["reasons"]
    m = _sentence(r"reasons: MT (\S+) %, LLM (\S+) %, spun, boilerplate and invented references 100 % \((\d+) articles\)")
    one = r["defect_in_top3"]
    _check([(m.group(1), one["mt"]["share"]), (m.group(2), one["llm"]["share"])], 100, "defect in top three")
    assert int(m.group(3)) == one["all"]["n"]
    assert all(one[k]["share"] == 1.0 for k in ("spun", "boilerplate", "invented_refs"))
    m = _sentence(r"top three reasons for (\S+) %\*\* of them\s+\(MT (\S+) %, LLM (\S+) %, spun (\S+) %, "
                  r"invented references (\S+) %; (\d+) articles")
    two = r["two_defects_in_top3"]
    _check(list(zip(m.groups()[:5], [two[k]["share"] for k in ("all", "mt", "llm", "spun", "invented_refs")])),
           100, "two defects in top three")
    assert int(m.group(6)) == two["all"]["n"]


def test_per_defect_detection_and_intervals_are_the_published_ones():
    pd = HELD["per_defect"]
    m = _sentence(r"Per defect at 2 % / 5 %:\s+LLM (\d+) % / (\d+) %, spun (\d+) % / (\d+) %, boilerplate (\d+) % / "
                  r"(\d+) %, invented references (\d+) % / (\d+) % \(MT (\d+) % /\s+(\d+) %\)")
    want = [pd[k]["detected_at_human_false_alarm"][r]["detected"]
            for k in ("llm", "spun", "boilerplate", "invented_refs", "mt") for r in ("0.02", "0.05")]
    _check(list(zip(m.groups(), want)), 100, "per defect at 2 % / 5 %")
    version = json.loads((ROOT / "models" / "reliability.json").read_text(encoding="utf-8"))["meta"]["version"]
    m = _sentence(r"95 % intervals \(" + re.escape(version) + r"\): all (\S+)–(\S+), MT (\S+)–(\S+), LLM (\S+)–(\S+),"
                  r"\s+spun\s+(\S+)–(\S+), boilerplate (\S+)–(\S+), invented references (\S+)–([\d.]+)")
    want = [x for ci in [HELD["auroc_ci95"]] + [pd[k]["auroc_ci95"] for k in ("mt", "llm", "spun", "boilerplate",
                                                                               "invented_refs")] for x in ci]
    _check(list(zip(m.groups(), want)), where="95 % intervals")
    m = _sentence(r"scored under 50 \(" + re.escape(version) + r"\): MT (\d+) %, LLM (\d+) %, spun (\d+) %, "
                  r"boilerplate (\d+) %, invented references (\d+) %")
    want = [pd[k]["detected_at_0.5"] for k in ("mt", "llm", "spun", "boilerplate", "invented_refs")]
    _check(list(zip(m.groups(), want)), 100, "share under 50")


def test_short_text_table_is_the_published_one():
    st = HELD["short_texts"]
    cols = [st["whole"], st["words_150"], st["words_90"]]
    articles = _cells("| articles |")[1:]
    assert [int(a) for a in articles] == [c["n"] for c in cols]
    for shown, c in zip(_cells("| AUROC, all / MT / LLM / spun |")[1:], cols):
        want = [c["auroc"]] + [c["per_defect"][k]["auroc"] for k in ("mt", "llm", "spun")]
        _check(list(zip(shown.split(" / "), want)), where="short-text AUROC")
    for shown, c in zip(_cells("| human texts scored < 40 |")[1:], cols):
        _check([(shown.rstrip(" %"), c["human_score_below_40"])], 100, "short-text human < 40")
    for shown, c in zip(_cells("| defects caught at 2 % / 5 % human false alarms |")[1:], cols):
        want = [c["detected_at_human_false_alarm"][r]["detected"] for r in ("0.02", "0.05")]
        _check(list(zip(shown.rstrip(" %").split(" / "), want)), 100, "short-text caught at")


@pytest.mark.parametrize("name, source", [
    ("AEB news pages", "aeb"), ("PolitiFact originals", "llmfake_politifact"), ("GossipCop", "llmfake_gossipcop"),
    ("SheepDog originals", "sheepdog"), ("XSum", "xsum"), ("native English WMT news", "wmt_native"),
    ("human translations\nfrom Czech", "wmt_cs-en"), ("German", "wmt_de-en"), ("Chinese", "wmt_zh-en"),
    ("**Russian", "wmt_ru-en")])
def test_human_false_alarms_by_source_are_the_published_ones(name, source):
    block = _sentence(r"Human articles scored < 40, by source \((reliability-\d+)(.*?)\(14 % with").group(0)
    m = re.search(re.escape(name) + r" (\d+) %", block)
    assert m, name
    _check([(m.group(1), HELD["per_source"][source]["human_score_below_40"])], 100, name)


def test_leave_one_source_out_figures_are_the_published_ones():
    block = _sentence(r"Leave-one-source-out AUROC \(combiner trained without.*?\(TF-IDF baseline").group(0)
    names = {"AEB": "aeb", "GossipCop": "llmfake_gossipcop", "PolitiFact": "llmfake_politifact",
             "SheepDog": "sheepdog", "XSum": "xsum", "cs→en": "wmt_cs-en", "de→en": "wmt_de-en",
             "ru→en": "wmt_ru-en", "zh→en": "wmt_zh-en", "English originals": "wmt_native"}
    loso = METRICS["leave_one_source_out"]
    pairs = []
    for name, source in names.items():
        m = re.search(re.escape(name) + r"\s+(\d\.\d+)", block)
        assert m, name
        pairs.append((m.group(1), loso[source]["auroc"]))
    _check(pairs, where="leave-one-source-out")


def test_the_example_is_what_the_shipped_model_prints(monkeypatch, capsys):
    """The README's example report and the seeds' scores beside it are the shipped model's (they
    still showed an earlier model's 0.2 / 2.2 / 92.1 / 0.6 / 0.4)."""
    from scorer.cli import main

    block = _sentence(r"```\n\$ (spinscore score (seeds/\S+) --top 3)\n(.*?)```")
    monkeypatch.chdir(ROOT)
    main(["score", block.group(2), "--top", "3"])
    printed = capsys.readouterr().out
    if "n/a (no model)" in printed:
        pytest.skip("no reliability model installed")
    assert printed.rstrip("\n") == block.group(3).rstrip("\n")
    shown = _sentence(r"the AP original \(002, WordPress JSON\) \*\*(\S+) — likely reliable\*\*.*?"
                      r"\(000\) (\S+), the LLM rewrite \(001\) (\S+), the AI blog post \(003\) (\S+) and the article "
                      r"with invented\s+references \(004\) (\S+) — all").groups()
    seeds = sorted((ROOT / "seeds").iterdir())
    order = ["002", "000", "001", "003", "004"]
    for prefix, value in zip(order, shown):
        path = next(p for p in seeds if p.name.startswith(prefix))
        main(["score", str(path.relative_to(ROOT)), "--top", "0"])
        score = re.search(r"score:\s+(\S+)/100", capsys.readouterr().out).group(1)
        assert value == score, (prefix, value, score)
