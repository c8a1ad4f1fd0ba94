"""Hardening of batch runs (issue 10): per-file timeouts, workers that die, hostile file systems,
unusable outputs, and tampered model files. Each failure is one clear row or one clear message
(exit 2), never a traceback, and never costs another file its row.

Workers are made to hang or die with the test-only hook ``SPINSCORE_TEST_FAULTS`` (read by
worker subprocesses only; see scorer/batch.py), so no extractor code is touched.
"""
from __future__ import annotations

import errno
import io
import json
import math
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import scorer.batch as batch
import scorer.ingest as ingest
from scorer.cli import main
from scorer.errors import ModelError
from scorer.model import check_models_dir, default_models_dir
from scorer.scoring import Scorer, ScorerSettings

GOOD = ("The harbour board approved a new ferry timetable on {day}, its chair said.\n\n"
        "Captain Ines Moreau said the change would add two evening crossings.\n")
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "today"]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _folder(root: Path, n: int = 6) -> Path:
    d = root / "in"
    d.mkdir()
    for i in range(n):
        (d / f"f{i}.txt").write_text(GOOD.format(day=DAYS[i % len(DAYS)]) + f"Item {i}.\n")
    return d


def _without_clusters(row: dict) -> dict:
    from scorer.batch_clusters import FIELDS

    return {k: v for k, v in row.items() if k not in FIELDS}


def _rows(path: Path) -> list[dict]:
    # Strict UTF-8: a row that is not valid Unicode text fails here.
    return [json.loads(line) for line in path.read_bytes().decode("utf-8").splitlines()]


def _by_name(rows: list[dict]) -> dict[str, dict]:
    return {os.path.basename(r["path"]): r for r in rows}


def _faults(monkeypatch, spec: str) -> None:
    monkeypatch.setenv(batch.FAULTS_ENV, spec)


# ---- timeouts ------------------------------------------------------------------------------
def test_a_hanging_file_gets_a_timeout_row_and_the_batch_goes_on(tmp_path, monkeypatch, capsys):
    d = _folder(tmp_path)
    _faults(monkeypatch, "hang=f2.txt")
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--jobs", "2", "--timeout", "1"]) == 1
    rows = _rows(out)
    assert [os.path.basename(r["path"]) for r in rows] == [f"f{i}.txt" for i in range(6)]
    hung = _by_name(rows)["f2.txt"]
    assert (hung["status"], hung["error_code"]) == ("error", "timeout")
    assert "per-file timeout of 1 s" in hung["error"] and "--timeout" in hung["error"]
    assert hung["sha256"] and len(hung["sha256"]) == 64  # --resume can key on it
    assert [r["status"] for r in rows if r is not hung] == ["ok"] * 5
    assert "6 row(s): 5 ok, 1 error(s)" in capsys.readouterr().err


def test_timeout_stops_time_spent_in_c_code_with_one_job(tmp_path, monkeypatch):
    """``spin`` runs a catastrophic regex inside the C regex engine, where a SIGALRM handler
    would never run: only killing the worker process ends it. ``--jobs 1`` uses a worker too."""
    d = _folder(tmp_path, 3)
    _faults(monkeypatch, "spin=f1.txt")
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--jobs", "1", "--timeout", "1"]) == 1
    codes = [r["error_code"] for r in _rows(out)]
    assert codes == [None, "timeout", None]


def test_timeout_zero_with_one_job_scores_in_process(tmp_path, monkeypatch):
    """--jobs 1 --timeout 0 is the documented in-process mode: no worker, so the test hook
    (worker-only) cannot fire and no pool is built."""
    d = _folder(tmp_path, 3)
    _faults(monkeypatch, "die=f0.txt;hang=f1.txt")

    def no_pool(*a, **k):
        raise AssertionError("a worker pool was started")

    monkeypatch.setattr(batch, "WorkerPool", no_pool)
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--jobs", "1", "--timeout", "0"]) == 0
    assert [r["status"] for r in _rows(out)] == ["ok"] * 3


@pytest.mark.parametrize("bad", ["-1", "nan", "inf"])
def test_bad_timeout_is_a_usage_error(tmp_path, bad, capsys):
    d = _folder(tmp_path, 1)
    assert main(["batch", str(d), "--out", str(tmp_path / "r.jsonl"), "--timeout", bad]) == 2
    assert "--timeout" in capsys.readouterr().err
    assert not (tmp_path / "r.jsonl").exists()


# ---- workers that die ----------------------------------------------------------------------
def test_a_dying_worker_is_replaced_and_only_its_file_is_reported(tmp_path, monkeypatch):
    d = _folder(tmp_path, 8)
    _faults(monkeypatch, "die=f1.txt,f6.txt")
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--jobs", "2"]) == 1
    rows = _rows(out)
    assert len(rows) == 8
    died = {n for n, r in _by_name(rows).items() if r["status"] == "error"}
    assert died == {"f1.txt", "f6.txt"}
    for n in died:
        r = _by_name(rows)[n]
        assert r["error_code"] == "worker_died" and "exit status 70" in r["error"]


@pytest.mark.parametrize("jobs", ["1", "3"])
def test_rows_with_faults_are_byte_identical_for_any_jobs(tmp_path, monkeypatch, jobs):
    d = _folder(tmp_path, 12)
    _faults(monkeypatch, "die=f3.txt;hang=f4.txt;spin=f9.txt")
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert main(["batch", str(d), "--out", str(a), "--jobs", "2", "--timeout", "1"]) == 1
    assert main(["batch", str(d), "--out", str(b), "--jobs", jobs, "--timeout", "1"]) == 1
    assert a.read_bytes() == b.read_bytes()
    codes = {n: r["error_code"] for n, r in _by_name(_rows(a)).items() if r["error_code"]}
    assert codes == {"f3.txt": "worker_died", "f4.txt": "timeout", "f9.txt": "timeout"}


def test_workers_that_die_at_start_stop_the_run_with_a_message(tmp_path, monkeypatch, capsys):
    d = _folder(tmp_path, 2)

    def broken_worker(*args):
        os._exit(3)

    monkeypatch.setattr(batch, "_worker_main", broken_worker)  # forked children run this
    rc = main(["batch", str(d), "--out", str(tmp_path / "r.jsonl"), "--jobs", "2"])
    assert rc == 2
    err = capsys.readouterr().err
    assert "worker processes die as they start" in err and "exit status 3" in err


def test_segfault_hang_and_exit_in_a_real_subprocess(tmp_path):
    """The console entry point end to end: SIGSEGV, os._exit and a hang, no traceback."""
    d = _folder(tmp_path, 10)
    out = tmp_path / "r.jsonl"
    env = dict(os.environ, **{batch.FAULTS_ENV: "segv=f2.txt;die=f5.txt;hang=f7.txt"})
    proc = subprocess.run([sys.executable, "-m", "scorer", "batch", str(d), "--out", str(out),
                           "--jobs", "2", "--timeout", "2", "--no-progress"],
                          env=env, capture_output=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert b"Traceback" not in proc.stderr
    rows = _by_name(_rows(out))
    assert len(rows) == 10
    assert rows["f2.txt"]["error_code"] == "worker_died" and "SIGSEGV" in rows["f2.txt"]["error"]
    assert rows["f5.txt"]["error_code"] == "worker_died"
    assert rows["f7.txt"]["error_code"] == "timeout"
    assert sum(r["status"] == "ok" for r in rows.values()) == 7


def test_fault_hook_ignores_unknown_kinds_and_other_names(monkeypatch):
    monkeypatch.setenv(batch.FAULTS_ENV, "die=a.txt, b.txt;explode=c.txt;hang=")
    assert batch._test_faults() == {"a.txt": "die", "b.txt": "die"}
    monkeypatch.delenv(batch.FAULTS_ENV)
    assert batch._test_faults() == {}


# ---- file system ---------------------------------------------------------------------------
def test_symlink_loops_give_a_row_or_are_walked_once(tmp_path):
    d = _folder(tmp_path, 2)
    (d / "self.txt").symlink_to(d / "self.txt")  # a file link to itself
    (d / "sub").mkdir()
    (d / "sub" / "up").symlink_to(d)  # a folder link back to the root
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out)]) == 0  # links skipped by default
    assert sorted(_by_name(_rows(out))) == ["f0.txt", "f1.txt"]

    assert main(["batch", str(d), "--out", str(out), "--follow-symlinks"]) == 1
    rows = _rows(out)
    assert sorted(os.path.relpath(r["path"], d) for r in rows) == ["f0.txt", "f1.txt", "self.txt"]
    loop = _by_name(rows)["self.txt"]
    assert loop["error_code"] == "unreadable" and "symbolic link loop" in loop["error"]


def test_named_pipe_is_a_row_not_a_hang(tmp_path):
    d = _folder(tmp_path, 1)
    os.mkfifo(d / "pipe.txt")
    out = tmp_path / "r.jsonl"
    proc = subprocess.run([sys.executable, "-m", "scorer", "batch", str(d), "--out", str(out), "--timeout", "0"],
                          capture_output=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    pipe = _by_name(_rows(out))["pipe.txt"]
    assert pipe["error_code"] == "unreadable" and "named pipe" in pipe["error"]


@pytest.mark.skipif(IS_ROOT, reason="running as root: chmod 000 does not stop root from reading "
                                    "(the simulated test below covers the row)")
def test_unreadable_file_and_folder_for_real(tmp_path):
    d = _folder(tmp_path, 2)
    (d / "f0.txt").chmod(0)
    (d / "locked").mkdir()
    (d / "locked" / "x.txt").write_text(GOOD)
    (d / "locked").chmod(0)
    out = tmp_path / "r.jsonl"
    try:
        assert main(["batch", str(d), "--out", str(out)]) == 1
    finally:
        (d / "locked").chmod(0o755)
        (d / "f0.txt").chmod(0o644)
    rows = _by_name(_rows(out))
    assert rows["f0.txt"]["error_code"] == "unreadable" and "permission denied" in rows["f0.txt"]["error"]
    assert rows["locked"]["error_code"] == "unreadable" and "cannot list folder" in rows["locked"]["error"]


def test_unreadable_file_and_folder_simulated(tmp_path, monkeypatch):
    """Root reads anything, so the OS's refusal is simulated where it would come from."""
    d = _folder(tmp_path, 2)
    (d / "locked").mkdir()
    (d / "locked" / "x.txt").write_text(GOOD)
    real_open, real_scandir = open, os.scandir

    def deny_open(path, *a, **k):
        if os.path.basename(str(path)) == "f0.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **k)

    def deny_scandir(path="."):
        if os.path.basename(str(path)) == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(ingest, "open", deny_open, raising=False)  # module global shadows the builtin
    monkeypatch.setattr(batch.os, "scandir", deny_scandir)
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--timeout", "0"]) == 1
    rows = _by_name(_rows(out))
    assert sorted(rows) == ["f0.txt", "f1.txt", "locked"]
    assert rows["f0.txt"]["error_code"] == "unreadable" and "permission denied" in rows["f0.txt"]["error"]
    assert rows["locked"]["error"].startswith(f"cannot list folder {d / 'locked'}: Permission denied")
    assert rows["f1.txt"]["status"] == "ok"


class _ListWriter:
    def __init__(self):
        self.rows = []

    def write(self, row):
        self.rows.append(row)


@pytest.mark.parametrize("jobs, timeout", [(1, 0), (2, 60)])
def test_a_file_that_vanishes_between_walk_and_read_gets_a_row(tmp_path, jobs, timeout):
    d = _folder(tmp_path, 4)

    def paths():
        for p in batch.walk(d):
            if p.endswith("f1.txt"):
                os.remove(p)  # gone after the walk saw it
            yield p

    w = _ListWriter()
    summary = batch.run_batch(paths(), w, jobs=jobs, timeout=timeout)
    assert (summary.total, summary.errors) == (4, 1)
    gone = _by_name(w.rows)["f1.txt"]
    assert gone["error_code"] == "unreadable" and "no such file" in gone["error"]


def test_non_utf8_file_names_give_valid_json_rows_and_resume(tmp_path):
    d = _folder(tmp_path, 2)
    raw = os.fsencode(d) + b"/caf\xe9 \xff.txt"
    with open(raw, "wb") as fh:
        fh.write(GOOD.format(day="Monday").encode())
    with open(os.fsencode(d) + b"/\xfe", "wb") as fh:  # not UTF-8 and empty: an error row
        pass
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--jobs", "2"]) == 1
    rows = _rows(out)  # strict UTF-8 decode + JSON parse
    names = sorted(os.path.basename(r["path"]) for r in rows)
    assert names == ["\\xfe", "caf\\xe9 \\xff.txt", "f0.txt", "f1.txt"]
    bad = _by_name(rows)["\\xfe"]
    assert bad["error_code"] == "empty"
    # --resume keys rows by the written path: nothing is scored twice.
    assert main(["batch", str(d), "--out", str(out), "--resume"]) == 1
    assert len(_rows(out)) == 4
    csv_out = tmp_path / "r.csv"
    assert main(["batch", str(d), "--out", str(csv_out)]) == 1
    assert "caf\\xe9 \\xff.txt" in csv_out.read_bytes().decode("utf-8")


def test_display_path_renders_undecodable_bytes_like_backslashreplace():
    name = os.fsdecode(b"a\xe9b\xff.txt")
    assert batch.display_path(name) == b"a\xe9b\xff.txt".decode("utf-8", "backslashreplace")
    assert batch.display_path("x\ud800y") == "x\\ud800y"
    assert batch.display_path("plain/caf\u00e9.txt") == "plain/caf\u00e9.txt"


def test_output_in_the_input_folder_is_not_scored(tmp_path):
    d = _folder(tmp_path, 3)
    out = d / "rows.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--jobs", "2"]) == 0
    assert sorted(_by_name(_rows(out))) == ["f0.txt", "f1.txt", "f2.txt"]


# ---- unusable outputs: exit 2, before any work --------------------------------------------
def _no_work(err: str) -> None:
    assert "Traceback" not in err and "row(s):" not in err  # no summary: nothing was scored


def test_output_in_a_missing_folder_or_a_folder(tmp_path, capsys):
    d = _folder(tmp_path, 1)
    assert main(["batch", str(d), "--out", str(tmp_path / "nope" / "r.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and "No such file or directory" in err
    _no_work(err)
    assert main(["batch", str(d), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and "directory" in err.lower()
    _no_work(err)


@pytest.mark.skipif(IS_ROOT, reason="running as root: a read-only folder does not stop root "
                                    "(test_read_only_file_system_simulated covers the message)")
def test_read_only_output_folder(tmp_path, capsys):
    d = _folder(tmp_path, 1)
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        assert main(["batch", str(d), "--out", str(ro / "r.jsonl")]) == 2
    finally:
        ro.chmod(0o755)
    err = capsys.readouterr().err
    assert "cannot write" in err and "Permission denied" in err
    _no_work(err)


def test_read_only_file_system_simulated(tmp_path, monkeypatch, capsys):
    """What a read-only mount says (root included), simulated where the output is opened."""
    def read_only(path, *a, **k):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    monkeypatch.setattr(batch, "open", read_only, raising=False)  # module global shadows the builtin
    d = _folder(tmp_path, 1)
    assert main(["batch", str(d), "--out", str(tmp_path / "r.jsonl")]) == 2
    err = capsys.readouterr().err
    assert f"cannot write {tmp_path / 'r.jsonl'}: Read-only file system" in err
    _no_work(err)


def test_unwritable_html_report_is_refused_before_work(tmp_path, capsys):
    d = _folder(tmp_path, 1)
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--html", str(tmp_path / "nope" / "r.html")]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and "r.html" in err
    _no_work(err)
    assert not out.exists()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_disk_full_mid_run_is_a_message_not_a_traceback(tmp_path):
    d = _folder(tmp_path, 2)
    proc = subprocess.run([sys.executable, "-m", "scorer", "batch", str(d), "--out", "/dev/full"],
                          capture_output=True, timeout=120)
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr
    assert b"cannot write /dev/full: No space left on device" in proc.stderr


# ---- model files ---------------------------------------------------------------------------
def _models_copy(tmp_path: Path) -> Path:
    d = tmp_path / "models"
    d.mkdir()
    for p in default_models_dir().glob("*.json"):
        shutil.copy(p, d / p.name)
    return d


def _edit(path: Path, fn) -> None:
    data = json.loads(path.read_text())
    fn(data)
    path.write_text(json.dumps(data))  # allow_nan: NaN/Infinity are written as such


def _truncate(p: Path) -> None:
    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])


def _set(key, value):
    return lambda d: d.__setitem__(key, value)


def _tree_value_nan(d):
    d["trees"][0]["value"][1] = math.nan


def _tree_cycle(d):
    t = d["trees"][0]
    node = next(i for i, leaf in enumerate(t["leaf"]) if not leaf and i > 0)
    t["left"][node] = node  # inside the tree, but a loop


def _rename_feature(d):
    d["features"][0] = "mt.no_such_feature"


TAMPERED = {
    # name: (file, change, words the message must contain)
    "truncated": ("reliability.json", _truncate, "truncated"),
    "empty file": ("facet_mt.json", lambda p: p.write_bytes(b""), "truncated"),
    "bad json": ("facet_mt.json", lambda p: p.write_text('{"format": "spinscore-linear/1",,}'), "truncated"),
    "not utf-8": ("facet_boilerplate.json", lambda p: p.write_bytes(b"\xff\xfe\x00garbage"), "unreadable"),
    "a list": ("facet_citations.json", lambda p: p.write_text("[1, 2]"), "not a spinscore model"),
    "other version": ("reliability.json", lambda p: _edit(p, _set("format", "spinscore-trees/2")),
                      "another version"),
    "no format": ("facet_ai_style.json", lambda p: _edit(p, lambda d: d.pop("format")), "format"),
    "wrong feature list": ("facet_mt.json", lambda p: _edit(p, _rename_feature), "mt.no_such_feature"),
    "short arrays": ("facet_mt.json", lambda p: _edit(p, lambda d: d["coef"].pop()), "do not match"),
    "NaN weight": ("facet_mt.json", lambda p: _edit(p, lambda d: d["coef"].__setitem__(0, math.nan)),
                   "non-finite"),
    "NaN tree value": ("reliability.json", lambda p: _edit(p, _tree_value_nan), "non-finite"),
    "Infinity calibration": ("facet_readability.json",
                             lambda p: _edit(p, _set("calibration", {"method": "platt", "a": math.inf, "b": 0})),
                             "calibration"),
    "unknown calibration": ("facet_citations.json",
                            lambda p: _edit(p, _set("calibration", {"method": "magic"})), "calibration"),
    "tree cycle": ("reliability.json", lambda p: _edit(p, _tree_cycle), "points back up"),
    "string weights": ("facet_mt.json", lambda p: _edit(p, lambda d: d["coef"].__setitem__(0, "x")), "corrupt"),
    "a folder": ("facet_mt.json", lambda p: (p.unlink(), p.mkdir()), "unreadable"),
}


@pytest.mark.parametrize("case", sorted(TAMPERED))
def test_tampered_model_file_is_refused_naming_it(tmp_path, case, capsys):
    models = _models_copy(tmp_path)
    name, change, words = TAMPERED[case]
    change(models / name)
    with pytest.raises(ModelError) as info:
        Scorer(models_dir=models)
    assert name in info.value.message and words in info.value.message

    d = _folder(tmp_path, 1)
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--models", str(models)]) == 2
    err = capsys.readouterr().err
    assert str(models / name) in err
    assert "Traceback" not in err and not out.exists()  # refused before the output was touched


def test_missing_models_folder_and_env_variable(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "no-models"
    with pytest.raises(ModelError, match="models folder not found"):
        Scorer(models_dir=missing)
    d = _folder(tmp_path, 1)
    monkeypatch.setenv("SPINSCORE_MODELS", str(missing))
    assert main(["batch", str(d), "--out", str(tmp_path / "r.jsonl")]) == 2
    assert f"models folder not found: {missing}" in capsys.readouterr().err
    assert main(["score", str(d / "f0.txt")]) == 2
    assert f"models folder not found: {missing}" in capsys.readouterr().err


def test_models_folder_without_models_or_missing_a_facet(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ModelError, match="no model files in"):
        check_models_dir(empty)
    models = _models_copy(tmp_path)
    (models / "facet_mt.json").unlink()
    d = _folder(tmp_path, 1)
    assert main(["batch", str(d), "--out", str(tmp_path / "r.jsonl"), "--models", str(models)]) == 2
    err = capsys.readouterr().err
    assert "uses the mt facet risk" in err and str(models / "facet_mt.json") in err


def test_models_copy_is_accepted(tmp_path):
    """The control for the model tests above: an untouched copy scores like the shipped set."""
    models = _models_copy(tmp_path)
    check_models_dir(models)
    a = Scorer(models_dir=models).score_text(GOOD.format(day="Monday")).to_dict()
    b = Scorer().score_text(GOOD.format(day="Monday")).to_dict()
    assert a == b and a["score"] is not None


# ---- ordering and process hygiene ----------------------------------------------------------
def test_order_kept_with_a_tiny_lookahead_and_faults(tmp_path, monkeypatch):
    """The reorder buffer is bounded (LOOKAHEAD tasks past the oldest unwritten row): with a
    tiny bound, a hang and a death, rows still come out complete and in input order."""
    d = _folder(tmp_path, 15)
    ref = tmp_path / "ref.jsonl"
    assert main(["batch", str(d), "--out", str(ref), "--timeout", "0"]) == 0
    monkeypatch.setattr(batch, "LOOKAHEAD", 3)
    _faults(monkeypatch, "hang=f2.txt;die=f9.txt")
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(d), "--out", str(out), "--jobs", "2", "--timeout", "1"]) == 1
    got, want = _rows(out), _rows(ref)
    assert [r["path"] for r in got] == [r["path"] for r in want]
    for g, w in zip(got, want):
        if os.path.basename(g["path"]) in ("f2.txt", "f9.txt"):
            assert g["status"] == "error"
        else:
            # copy clusters depend on which rows are ok (two fewer here): compare the rest
            assert _without_clusters(g) == _without_clusters(w)


def _processes_mentioning(marker: str) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as fh:
                    if marker.encode() in fh.read():
                        pids.append(int(entry))
            except OSError:
                pass
    return pids


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc to list processes")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_no_worker_outlives_its_parent(tmp_path, sig):
    """Workers ignore Ctrl-C (the parent stops them) and leave on their own when the parent is
    killed outright (their pipe reads end-of-file), so no orphan keeps scoring."""
    import time

    d = _folder(tmp_path, 400)
    out = tmp_path / "r.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "scorer", "batch", str(d), "--out", str(out), "--jobs", "2"],
                            stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 120
    while time.time() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 5):
        time.sleep(0.05)
    assert len(_processes_mentioning(str(out))) == 3  # the parent and two workers
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == (130 if sig == signal.SIGINT else -sig)
    assert b"Traceback" not in err
    deadline = time.time() + 30
    while time.time() < deadline and _processes_mentioning(str(out)):
        time.sleep(0.1)
    assert _processes_mentioning(str(out)) == []


def test_spawned_workers_give_the_rows_forked_workers_give(tmp_path, monkeypatch):
    """The start method of every platform but Linux (spawn: workers build their own scorer),
    run here on Linux: same rows as forked workers, and a dying worker still costs one row."""
    from scorer import batch

    d = tmp_path / "in"
    d.mkdir()
    for i in range(4):
        (d / f"{i}.txt").write_text(f"The council met on day {i} and approved the budget, the mayor said.\n")
    tasks = list(batch.tasks_for(sorted(str(p) for p in d.iterdir()), max_bytes=1_000_000))
    batch.load_scorer(ScorerSettings(max_bytes=1_000_000))
    rows = {}
    for method in ("fork", "spawn"):
        pool = batch.WorkerPool(2, timeout=60, settings=ScorerSettings(max_bytes=1_000_000), start_method=method)
        try:
            rows[method] = list(pool.rows(tasks))
        finally:
            pool.close()
    assert [r["status"] for r in rows["spawn"]] == ["ok"] * 4
    assert rows["spawn"] == rows["fork"]
    monkeypatch.setenv(batch.FAULTS_ENV, "die=2.txt")
    pool = batch.WorkerPool(2, timeout=60, settings=ScorerSettings(max_bytes=1_000_000), start_method="spawn")
    try:
        died = list(pool.rows(tasks))
    finally:
        pool.close()
    assert [r.get("error_code") for r in died] == [None, None, "worker_died", None]
    assert [r for k, r in enumerate(died) if k != 2] == [r for k, r in enumerate(rows["fork"]) if k != 2]


def test_wait_ready_and_has_message_answer_like_multiprocessing_wait():
    """The pool's own poll (one poll call, no selector per row) sees what
    ``multiprocessing.connection.wait`` and ``Connection.poll`` see: a message, the end of a
    pipe, a process that is gone; nothing before that."""
    import multiprocessing as mp
    from multiprocessing.connection import wait

    from scorer.batch import _Worker, wait_ready

    ctx = mp.get_context("fork")
    parent_end, child_end = ctx.Pipe(duplex=True)
    proc = ctx.Process(target=child_end.recv, daemon=True)  # waits for one message, then exits
    proc.start()
    w = _Worker(proc, parent_end)
    objs = [parent_end, proc.sentinel]
    assert wait_ready([w], 0) == set(wait(objs, 0)) == set() and not w.has_message() and not parent_end.poll()
    child_end.send("row")  # a message for the parent
    assert wait_ready([w], 5) == set(wait(objs, 5)) == {parent_end} and w.has_message() == parent_end.poll() is True
    assert parent_end.recv() == "row" and not w.has_message()
    parent_end.send("stop")
    proc.join(5)
    child_end.close()  # the parent's copy: now the pipe's other end is closed everywhere
    assert wait_ready([w], 5) == set(wait(objs, 5)) == {parent_end, proc.sentinel}
    assert w.has_message() == parent_end.poll() is True  # end of file reads as ready, as before
    parent_end.close()


def test_rows_encoded_by_workers_are_the_lines_the_parent_would_write(tmp_path):
    """A pool for a JSONL output sends each row as its line (EncodedRow): the same text as
    finalising the row and encoding it in the parent, with its status; it pickles as itself."""
    import pickle

    from scorer import batch

    d = tmp_path / "in"
    d.mkdir()
    (d / "0.txt").write_text("The council met on Monday and approved the budget, the mayor said.\n")
    (d / "1.txt").write_bytes(b"")  # an error row
    (d / os.fsdecode(b"2 \xe9.txt")).write_text("Short one.\n")  # not UTF-8: its path is escaped
    tasks = list(batch.tasks_for(sorted(str(p) for p in d.iterdir()), max_bytes=1_000_000))
    batch.load_scorer(ScorerSettings(max_bytes=1_000_000))
    got = {}
    for encode in (False, True):
        pool = batch.WorkerPool(2, timeout=60, settings=ScorerSettings(max_bytes=1_000_000), encode=encode)
        try:
            got[encode] = list(pool.rows(tasks))
        finally:
            pool.close()
    assert all(isinstance(r, batch.EncodedRow) for r in got[True])
    assert [str(r) for r in got[True]] == [json.dumps(batch.finalise_row(r), ensure_ascii=False) for r in got[False]]
    assert [r.status for r in got[True]] == [r["status"] for r in got[False]] == ["ok", "error", "ok"]
    assert json.loads(got[True][2])["path"].endswith("2 \\xe9.txt")
    again = pickle.loads(pickle.dumps(got[True][1]))
    assert type(again) is batch.EncodedRow and again == got[True][1] and again.status == "error"
    out = io.StringIO()
    for r in got[True]:
        batch.JsonlWriter(out).write(r)
    assert out.getvalue() == "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in got[False])


def test_warm_up_pauses_the_collector_and_restores_it():
    import gc

    from scorer import batch

    scorer = batch.load_scorer(ScorerSettings(max_bytes=1_000_000))
    seen = []
    real = scorer.score_text

    def spy(*a, **k):
        seen.append(gc.isenabled())
        return real(*a, **k)

    scorer.score_text = spy
    try:
        assert gc.isenabled()
        batch.warm_up(scorer)
        assert gc.isenabled() and seen and not any(seen)  # paused while tables load, back on after
        gc.disable()
        batch.warm_up(scorer)
        assert not gc.isenabled()  # a collector the caller had turned off stays off
    finally:
        gc.enable()
        del scorer.score_text
