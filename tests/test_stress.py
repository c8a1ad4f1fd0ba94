"""THE STRESS TEST (issue 10 acceptance): a generated folder of 2,000 files, 10 % of them broken
in every way the hardening work covers, scored by `spinscore batch --jobs 2` in a subprocess.

Every file must get exactly one row, the batch must finish, exit 1 (some files failed), and
print no traceback. The hang and the worker crash come from the test-only hook
SPINSCORE_TEST_FAULTS (scorer/batch.py); everything else is a real hostile file. Texts are
short so the run stays well under a minute and a half on a 2-core machine; the subprocess
timeout is only a hang guard, not a speed assertion.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from scorer.batch import FAULTS_ENV, display_path, walk

N_FILES = 2000
N_BROKEN = 200
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

SUBJECTS = ["The harbour board", "The county council", "A district court", "The water utility",
            "The teachers' union", "The regional hospital", "The transport agency", "The city library"]
VERBS = ["approved", "delayed", "rejected", "announced", "reviewed", "cut", "doubled", "published"]
OBJECTS = ["a new ferry timetable", "the school budget", "plans for a bridge", "a rent freeze",
           "its annual report", "funding for clinics", "a bus lane", "evening opening hours"]
DAYS = ["on Monday", "on Tuesday", "last week", "on Friday", "this morning", "in March"]
PEOPLE = ["Ines Moreau", "Kwame Mensah", "Rahim Chowdhury", "Kim Ji-woo", "Ana Reyes", "Tom Baker"]


def _good(rng: random.Random, i: int) -> str:
    lines = [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(DAYS)}."]
    for _ in range(rng.randint(2, 4)):
        lines.append(f"{rng.choice(PEOPLE)} said the decision on item {i} {rng.choice(VERBS)} "
                     f"{rng.choice(OBJECTS)}, according to a statement.")
    return "\n\n".join(lines) + "\n"


def _write(path: Path | bytes, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)


def _broken(d: Path, rng: random.Random) -> dict[str, str | None]:
    """Write the broken files; {path as the row will show it: expected error_code or None}.
    None = any one row (ok or error) is right, e.g. a random byte soup may decode as cp1252."""
    expect: dict[str, str | None] = {}
    bdir = d / "broken"
    bdir.mkdir()

    def add(name: str, data: bytes, code: str | None) -> None:
        _write(bdir / name, data)
        expect[str(bdir / name)] = code

    kinds = ["empty", "spaces", "binary", "nul", "soup", "json_cut", "json_no_text", "deep_html",
             "huge_line", "non_utf8_name", "too_deep_json"]
    k = 0
    while len(expect) < N_BROKEN - 9:  # 9 one-off cases below
        kind = kinds[k % len(kinds)]
        n = f"{k:03d}_{kind}"
        if kind == "empty":
            add(n + ".txt", b"", "empty")
        elif kind == "spaces":
            add(n + ".txt", b" \n\t\n" * rng.randint(1, 50), "empty")
        elif kind == "binary":
            add(n + ".bin", bytes(rng.randrange(256) for _ in range(2048)), "binary")
        elif kind == "nul":
            add(n + ".txt", b"Council votes\x00\x00 on budget" * 20, "binary")
        elif kind == "soup":  # invalid UTF-8, few controls: decodes somehow, or is refused
            soup = bytes(rng.choice(b"\xc3\xa9\xe2\x80\x9c\xff\xfeabc de\n") for _ in range(3000))
            add(n + ".txt", soup, None)
        elif kind == "json_cut":
            full = json.dumps({"title": "Budget", "content": _good(rng, k)})
            add(n + ".json", full[: len(full) // 2].encode(), "malformed_json")
        elif kind == "json_no_text":
            add(n + ".json", json.dumps({"title": "Budget", "tags": ["a", "b"]}).encode(), "no_text")
        elif kind == "deep_html":
            depth = rng.randint(5_000, 50_000)
            add(n + ".html", (b"<html><body>" + b"<div>" * depth + b"deep" + b"</div>" * depth
                              + b"</body></html>"), None)
        elif kind == "huge_line":
            words = " ".join(rng.choice(["budget", "council", "ferry", "the", "a"]) for _ in range(15_000))
            add(n + ".txt", words.encode(), None)  # about 90 KB on one line
        elif kind == "non_utf8_name":
            raw = os.fsencode(bdir) + b"/" + n.encode() + b"_caf\xe9\xff.txt"
            _write(raw, _good(rng, k).encode())
            expect[display_path(os.fsdecode(raw))] = None
        elif kind == "too_deep_json":
            add(n + ".json", b'{"text": ' + b"[" * 5000 + b"]" * 5000 + b"}", None)
        k += 1

    add("latin1.txt", "Le maire de Montréal a annoncé la fête.".encode("latin-1"), None)
    add("too_large.txt", b"word " * 1_100_000, "too_large")  # over the 5 MB default
    add("hangs.txt", _good(rng, 1).encode(), "timeout")  # SPINSCORE_TEST_FAULTS
    add("kills_worker.txt", _good(rng, 2).encode(), "worker_died")  # SPINSCORE_TEST_FAULTS
    add("segfaults.txt", _good(rng, 3).encode(), "worker_died")  # SPINSCORE_TEST_FAULTS
    add("unreadable.txt", _good(rng, 4).encode(), None if IS_ROOT else "unreadable")
    (bdir / "unreadable.txt").chmod(0)
    os.mkfifo(bdir / "named_pipe.txt")
    expect[str(bdir / "named_pipe.txt")] = "unreadable"
    (bdir / "loop.txt").symlink_to(bdir / "loop.txt")  # a link to itself
    expect[str(bdir / "loop.txt")] = "unreadable"
    (bdir / "back_up").symlink_to(d)  # a folder link back to the root: walked once, no row
    add("utf16.txt", _good(rng, 5).encode("utf-16"), None)  # with a byte-order mark
    assert len(expect) == N_BROKEN, len(expect)
    return expect


@pytest.fixture(scope="module")
def stress_folder(tmp_path_factory) -> tuple[Path, dict[str, str | None]]:
    rng = random.Random(10)
    root = tmp_path_factory.mktemp("stress")
    d = root / "in"
    d.mkdir()
    expect = _broken(d, rng)
    for i in range(N_FILES - N_BROKEN):
        sub = d / f"part{i % 7}"
        sub.mkdir(exist_ok=True)
        p = sub / f"{i:05d}.txt"
        p.write_text(_good(rng, i))
        expect[str(p)] = "ok"
    assert len(expect) == N_FILES
    yield d, expect
    (d / "broken" / "unreadable.txt").chmod(0o644)  # let pytest clean up


def test_stress_2000_files_10_percent_broken_one_row_each(stress_folder, tmp_path):
    d, expect = stress_folder
    out = tmp_path / "rows.jsonl"
    env = dict(os.environ, **{FAULTS_ENV: "hang=hangs.txt;die=kills_worker.txt;segv=segfaults.txt"})
    proc = subprocess.run(
        [sys.executable, "-m", "scorer", "batch", str(d), "--out", str(out), "--jobs", "2",
         "--timeout", "10", "--follow-symlinks", "--no-progress"],
        env=env, capture_output=True, timeout=600)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 1, stderr[-3000:]
    assert "Traceback" not in stderr

    rows = [json.loads(line) for line in out.read_bytes().decode("utf-8").splitlines()]
    counts = Counter(r["path"] for r in rows)
    assert [p for p, n in counts.items() if n > 1] == []
    assert set(counts) == set(expect), (set(counts) ^ set(expect))
    assert len(rows) == N_FILES
    walked = [display_path(p) for p in walk(d, follow_symlinks=True)]
    assert [r["path"] for r in rows] == walked  # input order, whatever finished first

    wrong = {}
    for r in rows:
        want = expect[r["path"]]
        got = "ok" if r["status"] == "ok" else r["error_code"]
        if want is not None and got != want:
            wrong[r["path"]] = (want, got, r["error"])
        if r["status"] == "error":
            assert r["error"], r
    assert wrong == {}
    n_ok = sum(r["status"] == "ok" for r in rows)
    assert n_ok >= N_FILES - N_BROKEN
    assert f"{N_FILES} row(s): {n_ok} ok, {N_FILES - n_ok} error(s)" in stderr
