"""The terminal table of `spinscore score` (scorer.render_text); control characters: test_cli.py."""
from __future__ import annotations

import json

from scorer.cli import main
from scorer.features.base import Evidence
from scorer.render_text import format_report
from scorer.report import Reason, Report

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
GOOD = ("The council approved the budget on Tuesday, the mayor said in a statement to reporters. "
        "Openai staff attended the meeting, according to the minutes published later that week. ") * 4


def test_table_escapes_bidi_overrides(tmp_path, capsys):
    """A terminal that lays out right-to-left text applies an override to the rest of its line:
    a file "invoice<U+202E>fdp.exe" showed as "invoiceexe.pdf", a title's override reversed
    what followed it, and a snippet's the reason printed after it."""
    f = tmp_path / "invoice\u202efdp.exe"
    f.write_text(json.dumps({"title": "Mayor \u202eelbaileR\u202c resigns", "text": GOOD}), encoding="utf-8")
    assert main(["score", str(f)]) == 0
    out = capsys.readouterr().out
    # The title's controls sit between Latin letters and spaces: ingestion folds them away
    # (scorer.text.fold_evasions); a Report that still holds one shows it escaped (below).
    assert "invoice\\u202efdp.exe" in out and "title:    Mayor elbaileR resigns" in out
    assert not set(BIDI) & set(out)
    titled = format_report(Report(path="a.txt", status="ok", title="Mayor \u202eelbaileR\u202c resigns"))
    assert "title:    Mayor \\u202eelbaileR\\u202c resigns" in titled

    ev = Evidence("mt.x", 0, 9, "\u2067bad\u202espan", "why\u2069")
    r = Report(path="p\u202d", status="ok", reasons=[Reason("mt.x", "mt", 1.0, 1.0, "msg\u202b", (ev,))])
    text = format_report(r)
    assert "“\\u2067bad\\u202espan” — why\\u2069" in text and "msg\\u202b" in text and "p\\u202d" in text
    assert not set(BIDI) & set(text)


def test_table_keeps_right_to_left_text_and_its_marks():
    """Arabic and Hebrew text, and the marks (RLM, LRM, ALM) that belong to it, are printed as they are."""
    title = "\u0627\u0644\u0645\u062c\u0644\u0633 \u200f\u05e9\u05dc\u05d5\u05dd\u200e \u061c(2024)"
    r = Report(path="a.txt", status="ok", title=title)
    assert f"title:    {title}" in format_report(r)
