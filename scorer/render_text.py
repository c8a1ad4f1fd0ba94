"""Plain-text renderings of reports for the terminal (table) and spreadsheets (CSV)."""
from __future__ import annotations

import csv
import io
from typing import Iterable, Iterator, Optional

from .batch import csv_columns, flatten
from .csv_cells import guarded_row
from .report import FACETS, Report
from .text import BIDI_ESCAPES


# Control characters (C0, DEL, C1) as the terminal would act on them: an article's title or a
# JSON field can carry "\x1b[2J" (clear the screen) or an OSC sequence that retitles the window,
# and the table prints the article's own words. Each is shown escaped, as Python writes it; tab
# and line breaks (a JSON title may hold them) become spaces so a field stays on its line.
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))}
_CONTROLS.update({ord("\t"): " ", ord("\n"): " ", ord("\r"): " "})
# Bidi embeddings, overrides and isolates (U+202A-E, U+2066-9) too: a terminal that lays out
# right-to-left text applies one to the rest of the line, so a file "invoice<U+202E>fdp.exe"
# showed as "invoiceexe.pdf", and a snippet's override reversed the reason after it. The
# marks (LRM, RLM, ALM) stay: they belong to right-to-left text and reach no further.
_CONTROLS.update(BIDI_ESCAPES)


def _printable(line: str) -> str:
    return line.translate(_CONTROLS)


def _fmt(x, nd=2) -> str:
    return "n/a" if x is None else f"{x:.{nd}f}"


def format_report(r: Report, top: Optional[int] = None) -> str:
    """``top``: the --top the reasons were cut to; 0 asked for none, which says nothing of the
    article (the table said "no feature lowered the score" of a "likely unreliable" one)."""
    lines = [f"{r.path}"]
    if not r.ok:
        lines.append(f"  ERROR ({r.error_code}): {r.error}")
        return "\n".join(map(_printable, lines))
    too_short = any(c.code == "too_short" for c in r.caveats)
    score = (f"{r.score:.1f}/100 — {r.verdict}" if r.score is not None
             else "n/a (too short to score)" if too_short else "n/a (no model)")
    lines.append(f"  title:    {r.title or '—'}")
    # The page's declared last update, only where it differs from the first publication.
    updated = f" (updated {r.date_modified})" if r.date_modified and r.date_modified != r.date else ""
    lines.append(f"  date:     {r.date or '—'}{updated}   language: {r.language or '?'} "
                 f"({_fmt(r.language_confidence)})   format: {r.source_format}")
    lines.append(f"  score:    {score}")
    for c in r.caveats:
        lines.append(f"  caveat:   {c.message}")
    lines.append("  facets:   " + "  ".join(f"{f} {_fmt(r.facets.get(f))}" for f in FACETS))
    if r.reasons:
        lines.append("  reasons:")
        for i, reason in enumerate(r.reasons, 1):
            lines.append(f"   {i}. {reason.message}  [{reason.feature}, {reason.contribution:+.2f}]")
            for e in reason.evidence[:3]:
                snip = e.snippet.replace("\n", " ")
                if len(snip) > 90:
                    snip = snip[:89] + "…"
                lines.append(f"      @{e.start}-{e.end} “{snip}” — {e.reason}")
            if len(reason.evidence) > 3:
                lines.append(f"      … and {len(reason.evidence) - 3} more span(s)")
    elif top == 0:
        lines.append("  reasons:  not shown (--top 0)")
    else:
        lines.append("  reasons:  none (no feature lowered the score by more than about a point)")
    return "\n".join(map(_printable, lines))


def format_csv(reports: Iterable[Report], feature_names: list[str]) -> str:
    return "".join(iter_csv(reports, feature_names))


def iter_csv(reports: Iterable[Report], feature_names: list[str]) -> Iterator[str]:
    """The CSV a report at a time (the header with the first), so each can be written and
    dropped as it comes."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=csv_columns(feature_names), extrasaction="ignore")
    w.writeheader()
    for r in reports:
        w.writerow(guarded_row(flatten(r.to_dict(), feature_names)))
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if buf.getvalue():  # no report: the header alone
        yield buf.getvalue()
