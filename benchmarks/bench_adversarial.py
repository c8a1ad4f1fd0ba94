"""Time ingestion and every extractor on adversarial 1 MB inputs (issue 10, catastrophic regexes).

    python benchmarks/bench_adversarial.py              # every case, in a worker subprocess
    python benchmarks/bench_adversarial.py --case dots  # one case
    python benchmarks/bench_adversarial.py --list

Each case is a single ~1 MB line (or page) of repeated characters or of near-matches of the
extractors' own patterns. The cases run in a worker subprocess (``--worker``; a new one after a
case that hangs or crashes: :func:`run_cases`) through the whole pipeline (``Scorer.score_bytes``:
ingestion, every extractor, the models) with each extractor timed on its own.
``tests/test_regex_safety.py`` runs the same cases with a generous timeout per case; the numbers
below set that bound (120 s: the worst case x ~10, so a loaded CI machine does not flake).

Timings on this 2-core machine (seconds; total = whole pipeline, worst extractor named), after
the fixes of issue 10:

    a_run                0.90  ok  (worst: boilerplate 0.54)
    spaces               2.80  ok  (worst: readability 0.87)
    hyphens              3.79  ok  (worst: readability 1.14)
    dollar_space         3.56  ok  (worst: mt 1.13)
    markers              7.04  ok  (worst: readability 1.97)
    long_url             5.51  ok  (worst: readability 3.57)
    dots                 6.23  ok  (worst: mt 3.50)
    emoji                3.34  ok  (worst: readability 0.89)
    open_parens          5.15  ok  (worst: mt 2.34)
    open_brackets        4.25  ok  (worst: mt 1.46)
    angle_p              7.16  ok  (worst: mt 2.65)
    html_comments        5.76  ok  (worst: mt 3.11)
    camel                6.13  ok  (worst: readability 3.55)
    name_said            4.47  ok  (worst: mt 1.42)
    dotted_words        10.64  ok  (worst: mt 4.16)
    apostrophes          7.46  ok  (worst: readability 2.55)
    currency_near        6.39  ok  (worst: mt 2.37)
    brand_near           4.67  ok  (worst: mt 1.59)
    md_link_near         6.26  ok  (worst: mt 2.35)
    md_bold_near         6.58  ok  (worst: mt 2.40)
    source_paren         5.05  ok  (worst: mt 1.77)
    ref_lines            6.81  ok  (worst: mt 1.91)
    dateline_near        4.69  ok  (worst: mt 1.53)
    bullets_trim         3.98  ok  (worst: mt 1.20)
    residue_near         5.47  ok  (worst: mt 1.67)
    tortured_near        6.20  ok  (worst: mt 1.84)
    boilerplate_near     3.21  ok  (worst: readability 0.99)
    sentences_short      1.79  ok  (worst: boilerplate 0.88)
    mixed_scripts        5.27  ok  (worst: mt 1.76)
    no_prose_a_run       0.94  ok  (worst: boilerplate 0.54)
    no_prose_dots        1.41  ok  (worst: ai_style 0.58)
    no_prose_comments    1.45  ok  (worst: ai_style 0.59)
    html_deep            0.30  error no_text  (worst: - 0.00)
    html_wide           12.78  ok  (worst: boilerplate 1.68)
    json_text            0.93  ok  (worst: boilerplate 0.54)
    json_wordpress       5.43  ok  (worst: mt 1.31)

Before the fixes: ``dots``, ``hyphens``, ``markers``, ``open_parens``, ``open_brackets``, ``camel``,
``dotted_words``, ``apostrophes`` and ``html_wide``/``json_wordpress`` did not finish in 60 s
(mt ``_URLISH_RE``, text ``_SENT_END_RE``, citations ``_NAME``, htmltext offsets),
``html_comments`` took 34 s (mt n-gram per-sentence masks; without the prose lead the ingest
``_HTML_START_RE`` never ended: exponential) and ``ref_lines`` 67 s (citations_parse span scans).
"""
from __future__ import annotations

import argparse
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Iterable, Iterator

MB = 1_000_000


def _rep(unit: str, size: int | None = None) -> str:
    size = MB if size is None else size
    return unit * max(1, size // len(unit))


# English prose first, so language identification says "en" and the English-only features run.
PROSE = (
    "Council votes to raise water tariffs\n"
    "The regional water board voted on Wednesday to raise tariffs by 4% from January, saying the "
    "money would pay for repairs to ageing pipes across the city. Board chair Amina Odhiambo told "
    "reporters that the increase was the first in six years. Critics said the plan came too late "
    "and would not help families already struggling with the cost of living. The opposition "
    "called for an independent review of the board's spending, and residents who spoke at the "
    "meeting asked why leaks reported last year had still not been fixed. Officials did not say "
    "how the project would be funded beyond the current budget year, but they promised a public "
    "consultation in the spring and a report on the state of the network before the summer.\n"
)


def _en(make):
    return lambda: PROSE + make()


# name -> text (built lazily: each is about 1 MB)
PLAIN: dict[str, callable] = {
    "a_run": lambda: "a" * MB,
    "spaces": lambda: "Title\n" + " " * MB + "word",
    "hyphens": lambda: "-" * MB + "x",
    "dollar_space": lambda: "$ " * (MB // 2),
    "markers": lambda: "[1]" * (MB // 3),
    "long_url": lambda: "http://" + "a" * MB,
    "dots": lambda: "." * MB + "a",
    "emoji": lambda: _rep("🙂"),
    "open_parens": lambda: "(" * MB + "a",
    "open_brackets": lambda: "[" * MB + "a",
    "angle_p": lambda: _rep("<p ") + "a",
    "html_comments": lambda: _rep("<!-- -->") + "a",
    "camel": lambda: _rep("Ab"),
    "name_said": lambda: _rep("Amina Odhiambo Kim, ") + " said",
    "dotted_words": lambda: _rep("a.") + "a",
    "apostrophes": lambda: _rep("a'") + "a",
    "currency_near": lambda: _rep("$ 1 € 2 % -a a- ,"),
    "brand_near": lambda: _rep("Openai Open-ai OpenAI "),
    "md_link_near": lambda: _rep("[a](http://x ") + "a",
    "md_bold_near": lambda: _rep("**a ") + "a",
    "source_paren": lambda: _rep("(source: ") + "a",
    "ref_lines": lambda: _rep("[1] https://example.org/2020/01/01/a-b-c "),
    "dateline_near": lambda: _rep("NAIROBI, Kenya, Jan ") + "a",
    "bullets_trim": lambda: _rep("- * • | : ") + "a",
    "residue_near": lambda: _rep("As an AI language model In conclusion it is important to note "),
    "tortured_near": lambda: _rep("eye-water last pit wind his "),
    "boilerplate_near": lambda: _rep("Source link Leave a Reply Accept cookies Share "),
    "sentences_short": lambda: _rep("A. "),
    "mixed_scripts": lambda: _rep("Совет 理事会 صوت परिषद e\u0301 "),
}
CASES: dict[str, callable] = {name: _en(make) for name, make in PLAIN.items()}
CASES.update({
    "no_prose_a_run": lambda: "a" * MB,
    "no_prose_dots": lambda: "." * MB + "a",
    "no_prose_comments": lambda: _rep("<!-- -->") + "a",
    "html_deep": lambda: "<html><body>" + "<div>" * (MB // 5) + "Deep text." ,
    "html_wide": lambda: "<html><body><p>" + PROSE + "</p>" + _rep("<p>a</p>"),
    "json_text": lambda: json.dumps({"title": "x", "text": PROSE + "a" * MB}),
    "json_wordpress": lambda: json.dumps({"title": {"rendered": "x"},
                                          "content": {"rendered": "<p>" + PROSE + "</p>" + _rep("<p>Ab, </p>")}}),
})


class _Timed:
    """An extractor proxy that records how long its ``extract`` took."""

    def __init__(self, ex, log: dict):
        self._ex, self._log = ex, log

    def __getattr__(self, name):
        return getattr(self._ex, name)

    def extract(self, article):
        t = time.perf_counter()
        try:
            return self._ex.extract(article)
        finally:
            self._log[self._ex.name] = round(time.perf_counter() - t, 3)


def _crash() -> None:
    print("deliberate crash", file=sys.stderr, flush=True)
    os._exit(3)


# Faults for the harness's own test (tests/test_regex_safety.py), honoured only with
# $SPINSCORE_ADVERSARIAL_FAULTS set: a case that hangs and one whose interpreter dies.
_FAULTS = {"_hang": lambda: time.sleep(3600), "_crash": _crash}


def run_worker(name: str) -> dict:
    """Score one case in this process; return its outcome and timings."""
    from scorer.features.base import registered
    from scorer.scoring import Scorer

    log: dict[str, float] = {}
    scorer = Scorer(extractors=[_Timed(ex, log) for ex in registered()])
    data = CASES[name]().encode("utf-8")
    t = time.perf_counter()
    report = scorer.score_bytes(data)
    total = time.perf_counter() - t
    json.dumps(report.to_dict())
    return {"case": name, "bytes": len(data), "status": report.status,
            "error_code": report.error_code, "error": report.error,
            "total": round(total, 3), "extractors": log}


def run_cases(names: Iterable[str], timeout: float) -> Iterator[tuple[str, dict]]:
    """Score the cases ``names`` one after another in a fresh interpreter and yield
    ``(name, outcome)`` in their order. The interpreter and the scorer's import (~2 s) serve every
    case, as a batch worker serves many files; the caches a case fills are bounded (an
    ``lru_cache`` of a few articles), so a case's outcome does not depend on the one before.

    A case with no outcome within ``timeout`` seconds yields ``{"timeout": True}`` and one whose
    interpreter dies ``{"crash": reason}``; the interpreter is killed and the cases after it go on
    in a new one, so one hang or crash costs no other case its outcome."""
    todo = list(names)
    while todo:
        with tempfile.TemporaryFile() as err:  # a file, not a pipe: a chatty stderr cannot block the worker
            proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--worker", *todo],
                                    stdout=subprocess.PIPE, stderr=err, text=True,
                                    cwd=Path(__file__).resolve().parent.parent)
            lines: queue.Queue = queue.Queue()
            threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True).start()
            try:
                while todo:
                    name = todo[0]
                    try:
                        line = lines.get(timeout=timeout)
                    except queue.Empty:
                        todo.pop(0)
                        yield name, {"timeout": True}
                        break
                    if line is None:  # the interpreter ended without this case's outcome
                        proc.wait()
                        err.seek(0)
                        todo.pop(0)
                        yield name, {"crash": f"case {name} exited {proc.returncode}:\n"
                                              + err.read()[-3000:].decode("utf-8", "replace")}
                        break
                    todo.pop(0)
                    yield name, json.loads(line)
            finally:
                proc.kill()
                proc.wait()


def _pump(stream, lines: queue.Queue) -> None:
    """Put the worker's outcome lines on ``lines`` (other output is skipped), then None at its end."""
    for line in stream:
        if line.startswith('{"case"'):
            lines.put(line)
    lines.put(None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--case", action="append", help="run only these cases")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        for name in args.worker:
            if name in _FAULTS and os.environ.get("SPINSCORE_ADVERSARIAL_FAULTS"):
                _FAULTS[name]()
            print(json.dumps(run_worker(name)), flush=True)
        return
    if args.list:
        print("\n".join(CASES))
        return
    for name, r in run_cases(args.case or CASES, args.timeout):
        if r.get("timeout"):
            print(f"{name:18s} TIMEOUT after {args.timeout:g} s", flush=True)
            continue
        if "crash" in r:
            print(f"{name:18s} CRASH {r['crash']}", flush=True)
            continue
        worst = max(r["extractors"].items(), key=lambda kv: kv[1], default=("-", 0.0))
        print(f"{name:18s} {r['total']:7.2f} s  {r['status']:5s} {r['error_code'] or '':10s} "
              f"worst {worst[0]} {worst[1]:.2f} s  {r['extractors']}", flush=True)

if __name__ == "__main__":
    main()
