"""Command line: a thin layer over the library. Exit codes: 0 all ok, 1 some input failed,
2 usage error (bad arguments, unusable model file)."""
from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

from . import __version__
from .errors import SpinscoreError
from .scoring import MAX_ANALYSED_CHARS

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a Ctrl-C
TRAINABLE = ("boilerplate", "mt", "citations", "ai_style", "reliability")


def whole_number(least: int, refusal: str):
    """An argparse type: a whole number of at least ``least``; ``refusal`` (with ``{n}``) says
    why a smaller one is refused, before any work."""
    def parse(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if n < least:
            raise argparse.ArgumentTypeError(refusal.format(n=n))
        return n
    return parse


# A limit where 0 means none (--max-chars; also the Spark job's).
non_negative_int = whole_number(0, "must be 0 (no limit) or more, not {n}")
# How many things to show (score --top). Not a plain int: a negative N reached a slice, so -1
# silently dropped the last reason (from the JSON and CSV rows too) and -3 all of them.
_count = whole_number(0, "must be 0 or more, not {n}")
# --max-bytes: 0 is refused, not read as "no limit" as --max-chars 0 and --timeout 0 are: it made
# every file a too_large row, and a negative limit read stdin to its end before refusing it.
_byte_limit = whole_number(1, "must be a size of at least 1 byte (there is no 'no limit'), not {n}")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--models", type=Path, default=None, metavar="DIR",
                   help="folder with reliability.json and facet_*.json (default: the shipped models)")
    p.add_argument("--max-bytes", type=_byte_limit, default=5_000_000, metavar="N",
                   help="refuse input files larger than N bytes (default 5,000,000)")
    p.add_argument("--fast-html", action="store_true",
                   help="extract HTML pages in trafilatura's fast mode: no fallback extractors, no extensive "
                        "date search (~35 %% less extraction time on real pages; reports carry a fast_html caveat)")
    p.add_argument("--max-chars", type=non_negative_int, default=MAX_ANALYSED_CHARS, metavar="N",
                   help="analyse a longer text only up to a paragraph break before N characters; its report "
                        "carries a truncated caveat (default 500,000; memory grows ~100 bytes a character; "
                        "0: no limit)")


def usable_cpus() -> int:
    """CPUs this process may run on: its affinity mask where the OS has one (a container or
    ``taskset`` limits it), else the machine's count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # macOS and Windows have no affinity call
        return max(1, os.cpu_count() or 1)


def _jobs(value: str) -> int:
    """``--jobs``: a whole number >= 1 or 'auto'. 0 and negatives are refused rather than read
    as 1: a user who typed 0 meant something (all cores? none?) and should hear which it is."""
    if value.strip().lower() == "auto":
        return usable_cpus()
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1 or 'auto', not {value!r}")
    return n


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="spinscore",
        description="Score news articles for source quality and AI-spin, with the evidence behind each verdict.",
    )
    ap.add_argument("--version", action="version", version=f"spinscore {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sc = sub.add_parser("score", help="score files and print score, verdict, facets and top reasons")
    sc.add_argument("files", nargs="+", metavar="FILE", help="article files (text, Markdown, HTML, JSON); - for stdin")
    sc.add_argument("--format", choices=("table", "json", "csv"), default="table")
    sc.add_argument("--top", type=_count, default=5, metavar="N",
                    help="reasons to show per article (default 5)")
    _common(sc)

    ba = sub.add_parser("batch", help="score every file under a folder into JSONL or CSV",
                        description="Score every file under DIR (and the archives --input-list names), one row "
                                    "per file; a web archive (.warc, .warc.gz) gives one row per HTML response "
                                    "record, a Common Crawl WET file (.warc.wet.gz) one per text record, a JSON "
                                    "Lines dump (.jsonl, .ndjson, gzipped or not) one per line.")
    ba.add_argument("dir", metavar="DIR", nargs="?", default=None,
                    help="folder to score (optional with --input-list)")
    ba.add_argument("--input-list", default=None, metavar="FILE",
                    help="also score the web archives (and JSON Lines dumps) this file lists, one path or "
                         "URL (https://, s3://) "
                         "per line, gzip or plain text (Common Crawl's warc.paths.gz); remote archives "
                         "are streamed, never stored")
    ba.add_argument("--input-prefix", default="", metavar="URL",
                    help="put before each relative line of --input-list, e.g. https://data.commoncrawl.org/")
    ba.add_argument("--out", required=True, metavar="FILE", help="output: .jsonl (default) or .csv by extension")
    ba.add_argument("--jobs", type=_jobs, default=1, metavar="N",
                    help="parallel worker processes: a number, or 'auto' for one per CPU this process "
                         "may use (default 1)")
    ba.add_argument("--include", action="append", default=[], metavar="GLOB", help="only files matching (repeatable)")
    ba.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip files matching (repeatable)")
    ba.add_argument("--hidden", action="store_true", help="include hidden files and folders")
    ba.add_argument("--follow-symlinks", action="store_true",
                    help="follow symbolic links (a file reached by two names is scored once)")
    ba.add_argument("--no-progress", action="store_true", help="no progress line on the terminal")
    ba.add_argument("--html", type=Path, default=None, metavar="FILE",
                    help="also write a self-contained HTML report of the batch")
    ba.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                    help="per-file time limit: a file that takes longer gets an error row (timeout) and "
                         "its worker process is replaced (default 60; 0 = no limit; with --jobs 1 "
                         "--timeout 0 files are scored in this process)")
    ba.add_argument("--no-clusters", action="store_true",
                    help="do not group rewrites of one story into copy clusters (no fingerprint or cluster "
                         "fields; memory stays flat however many files)")
    ba.add_argument("--resume", action="store_true",
                    help="continue an interrupted run: keep the rows already in --out (JSONL only), "
                         "skip inputs whose path and SHA-256 they hold, append the rest")
    ba.add_argument("--retry-failed", action="store_true",
                    help="with --resume: score again the inputs whose row failed for a reason of the run, "
                         "not of the input (timeout, worker_died, internal, unreadable); their old rows are "
                         "replaced")
    _common(ba)

    rp = sub.add_parser("report", help="write a self-contained HTML report from a batch's JSONL rows")
    rp.add_argument("rows", type=Path, metavar="ROWS.jsonl", help="rows written by `spinscore batch`")
    rp.add_argument("--html", type=Path, required=True, metavar="FILE", help="the HTML file to write")
    rp.add_argument("--title", default="spinscore report", help="the page title")

    si = sub.add_parser("sites", help="roll a batch's rows up by site: unreliable share, cluster originals "
                                      "elsewhere, worst articles",
                        description="Group the rows of `spinscore batch` (JSONL or CSV) or of the Spark job "
                                    "(python -m scorer.spark: Parquet) by the site of their URL (registrable "
                                    "domain): articles, median score, the share in the 'likely unreliable' band "
                                    "with its 95% Wilson interval, mean facet risks, articles whose copy-cluster "
                                    "original is on another site (a cluster also holds independent reports of one "
                                    "event: not proof of copying) and the worst articles with their top reason. "
                                    "No site verdict: see scorer/sites.py for why.")
    si.add_argument("rows", type=Path, metavar="ROWS", nargs="+",
                    help="rows written by `spinscore batch` (JSONL or CSV) or by the Spark job (Parquet: a "
                         ".parquet file or the output folder of part files; needs pyarrow); several are "
                         "rolled up together (the batches of a crawl run day by day)")
    si.add_argument("--out", type=Path, default=None, metavar="FILE",
                    help="write every site: .jsonl (one per line) or .csv; without it, print a table")
    si.add_argument("--worst", type=non_negative_int, default=3, metavar="K",
                    help="lowest-scored articles listed per site (default 3)")
    si.add_argument("--min-articles", type=non_negative_int, default=1, metavar="N",
                    help="leave out sites with fewer rows (default 1)")
    si.add_argument("--top", type=non_negative_int, default=20, metavar="N", help="sites in the printed table")

    fe = sub.add_parser("features", help="list every feature with its description")
    fe.add_argument("--format", choices=("table", "json"), default="table")

    tr = sub.add_parser("train", help="retrain the facet models and the reliability model from the corpora")
    tr.add_argument("--data", type=Path, default=None, metavar="DIR", help="corpora folder (default ../shared/data)")
    tr.add_argument("--out", type=Path, default=Path("models"), metavar="DIR",
                    help="where to write the models, and the derived tables in DIR/data (score with --models DIR)")
    tr.add_argument("--only", choices=TRAINABLE, action="append", help="train only these (repeatable)")

    ev = sub.add_parser("evaluate", help="print held-out evaluation of a facet or of the reliability score")
    ev.add_argument("what", nargs="?", choices=TRAINABLE, default="reliability")
    ev.add_argument("--data", type=Path, default=None, metavar="DIR")
    ev.add_argument("--json", type=Path, default=None, metavar="FILE", help="also write the metrics as JSON")
    return ap


def _cmd_score(args) -> int:
    from .model import check_models_dir
    from .render_text import format_report, iter_csv
    from .scoring import Scorer

    if args.files.count("-") > 1:  # the second read found stdin spent: an "empty file" error row
        raise SpinscoreError("- (stdin) is named more than once; it can be read only once")
    check_models_dir(args.models)
    scorer = Scorer(models_dir=args.models, max_bytes=args.max_bytes, top_reasons=args.top, fast_html=args.fast_html,
                    max_chars=args.max_chars)
    failed = []

    def reports():
        """Each file's report as it is scored: printed, then dropped. Held in a list until the
        last was scored, `spinscore score *.html` printed nothing for minutes, lost it all to a
        Ctrl-C, and kept every article's text in memory."""
        from .batch import display_path

        for f in args.files:
            r = scorer.score_file(f)
            r.path = display_path(r.path) if r.path else r.path  # a file name that is not UTF-8
            r.error = display_path(r.error) if r.error else r.error  # cannot be printed as UTF-8
            if not r.ok:
                failed.append(r.path)
            yield r

    out = sys.stdout
    utf8 = _writes_utf8(out)
    if args.format == "json":
        # One file: its object; several: a list, written an item at a time, each as it stands
        # in json.dumps(rows, indent=2): json.dumps(row, indent=2) indented by two spaces.
        # \uXXXX escapes where stdout cannot encode the article's text: the same JSON value.
        for i, r in enumerate(reports()):
            item = json.dumps(r.to_dict(), ensure_ascii=not utf8, indent=2)
            if len(args.files) == 1:
                out.write(item + "\n")
            else:
                # Split on "\n" alone: str.splitlines (textwrap.indent) also breaks at the
                # U+2028 or U+0085 a title may hold, unescaped, and would indent inside it.
                out.write(("[\n" if i == 0 else ",\n") + "\n".join("  " + ln for ln in item.split("\n")))
                out.flush()
        if len(args.files) > 1:
            out.write("\n]\n")
    elif args.format == "csv":
        if not utf8:  # the bytes of the batch's CSV, which is UTF-8
            out.reconfigure(encoding="utf-8")
        for chunk in iter_csv(reports(), [n for n in scorer.specs]):
            out.write(chunk)
            out.flush()
    else:
        if not utf8:  # a character the terminal cannot show is written as its escape
            out.reconfigure(errors="backslashreplace")
        for i, r in enumerate(reports()):
            out.write(("\n" if i else "") + format_report(r, args.top) + "\n")
            out.flush()
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _writes_utf8(stream) -> bool:
    """Whether ``stream`` encodes any text. Not so on Windows when the output is redirected (the
    ANSI code page, cp1252) or under a Latin-1 locale: an article in Arabic, or with an emoji,
    ended `spinscore score` with a UnicodeEncodeError traceback after scoring it."""
    enc = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
    return enc in ("utf8", "utf8sig") or not hasattr(stream, "reconfigure")


def _cmd_batch(args) -> int:
    from .batch import (RETRYABLE, OutputError, Progress, drop_stale, load_scorer, named_once, open_output,
                        run_batch, run_outputs, walk, without_outputs)
    from .features.base import feature_names
    from .scoring import ScorerSettings

    if args.dir is None and args.input_list is None:
        raise SpinscoreError("give a folder (DIR), --input-list FILE, or both")
    src = Path(args.dir) if args.dir is not None else None
    if src is not None and not src.exists():
        raise SpinscoreError(f"no such folder: {src}")
    listed: list[str] = []
    if args.input_list is not None:
        from .remote import read_listing

        try:
            listed = read_listing(args.input_list, args.input_prefix)
        except ValueError as exc:
            raise SpinscoreError(str(exc)) from None
    if not args.timeout >= 0 or args.timeout == float("inf"):  # NaN, negative, inf
        raise SpinscoreError(f"--timeout must be 0 (no limit) or a number of seconds, not {args.timeout:g}")
    out = Path(args.out)
    # Everything that can be refused is refused before the output is touched or any file is
    # scored: the models (a bad file is named), then the outputs.
    settings = ScorerSettings(args.models, args.max_bytes, args.fast_html, args.max_chars)
    load_scorer(settings)
    if args.html:
        _refuse_overwriting(args.html, [out], "--html", "the --out")
        _check_writable(args.html)
    clusters = not args.no_clusters
    if args.retry_failed and not args.resume:
        raise SpinscoreError("--retry-failed works with --resume (it retries rows of an existing output)")
    fh, writer, state = open_output(out, feature_names(), resume=args.resume, clusters=clusters,
                                    retry=RETRYABLE if args.retry_failed else frozenset())
    walked: Iterable[str] = ()
    if src is not None:
        walked = without_outputs(walk(src, args.include, args.exclude, args.hidden, args.follow_symlinks),
                                 run_outputs(out) + ([args.html] if args.html else []), src)
    repeats: list[str] = []
    paths = named_once(walked, listed, repeats)
    name = str(src) if src is not None else args.input_list
    if state is not None and len(state):
        cut = f"; cut off a partial last line ({state.dropped_bytes} bytes)" if state.dropped_bytes else ""
        retry = f"; retrying {state.retried} failed row(s)" if state.retried else ""
        print(f"resuming: {len(state)} row(s) already in {out}{cut}{retry}", file=sys.stderr)
    try:
        page = None
        # With clusters a JSONL batch's page is written from the finished output (it shows
        # the cluster ids); the page of a CSV batch is built as rows stream, without them.
        if args.html and state is None and (not clusters or out.suffix.lower() == ".csv"):
            from .render_html import PageBuilder

            page = PageBuilder(title=f"spinscore report: {name}")
            writer = page.tee(writer)
        progress = Progress(sys.stderr.isatty() and not args.no_progress)
        summary = run_batch(paths, writer, jobs=args.jobs, settings=settings, progress=progress, resume=state,
                            timeout=args.timeout, clusters=clusters, listed=listed)
    except OutputError as exc:
        raise SpinscoreError(f"cannot write {out}: {exc.reason}; the rows before it are complete") from None
    finally:
        try:
            fh.close()
        except OSError:  # the same write error again (disk full): already reported
            pass
    if state is not None and not summary.interrupted:
        dropped = drop_stale(out, state)
        if dropped:
            print(f"replaced {dropped} earlier row(s) (files changed since they were scored, or failed rows "
                  "scored again)", file=sys.stderr)
    if clusters and not summary.interrupted:
        from .batch_clusters import annotate_batch

        with _writing(out):
            c = annotate_batch(out, summary.total + summary.skipped)
        print(f"copy clusters: {c['in_copy_clusters']} article(s) in clusters of two or more; "
              f"{c['clusters']} cluster(s) in {c['rows']} row(s)", file=sys.stderr)
        if c["unclustered"]:
            print(f"copy clusters: {c['unclustered']} ok row(s) have no fingerprint (scored with --no-clusters "
                  "or by an older release) and each stands alone, whatever it copies; run without --resume "
                  "to cluster them", file=sys.stderr)
    if page is not None:
        _write_html(page.write, args.html)
    elif args.html and not summary.interrupted:  # resumed or clustered: the page covers the whole output
        from .render_html import write_report

        _write_html(lambda p: write_report(out, p, title=f"spinscore report: {name}"), args.html)
    print(summary.line(), file=sys.stderr)
    if repeats:
        print(f"{len(repeats)} input(s) named again (by the listing, or found by the walk too) were scored once, "
              f"e.g. {repeats[0]}", file=sys.stderr)
    if summary.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


@contextmanager
def _writing(path) -> Iterator[None]:
    """An OSError while ``path`` is written (no such folder, no permission, a full disk) as one
    line, exit 2, not a traceback."""
    try:
        yield
    except OSError as exc:
        raise SpinscoreError(f"cannot write {path}: {exc.strerror or exc}") from None


def _check_writable(path: Path) -> None:
    """Refuse an output file that cannot be written, before any work (it is written at the end)."""
    existed = path.exists()
    with _writing(path), open(path, "a", encoding="utf-8"):
        pass
    if not existed:
        path.unlink()


def _refuse_overwriting(out: Path, others, flag: str, what: str = "an input") -> None:
    """Refuse an output that is one of the command's inputs (``spinscore sites rows.jsonl --out
    rows.jsonl``) or another of its outputs: it would be overwritten, the rows in it lost."""
    target = out.resolve()
    for p in others:
        if Path(p).resolve() == target:
            raise SpinscoreError(f"{flag} {out} is also {what} ({p}); it would be overwritten")


def _write_html(write, path: Path) -> None:
    with _writing(path):
        write(path)
    print(f"report: {path}", file=sys.stderr)


def _cmd_report(args) -> int:
    from .render_html import write_report

    if not args.rows.is_file():
        raise SpinscoreError(f"no such file: {args.rows}")
    _refuse_overwriting(args.html, [args.rows], "--html")
    try:
        _write_html(lambda out: write_report(args.rows, out, title=args.title), args.html)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SpinscoreError(f"{args.rows} is not a batch JSONL file: {exc}") from None
    return EXIT_OK


def _cmd_sites(args) -> int:
    from . import sites

    seen = set()
    for path in args.rows:
        if not (path.is_file() or path.is_dir()):  # a folder: Spark's Parquet output
            raise SpinscoreError(f"no such file: {path}")
        if path.resolve() in seen:  # its rows would count twice
            raise SpinscoreError(f"{path} is named twice")
        seen.add(path.resolve())
    if args.out is not None:  # checked before the rows are read: they may take long
        _refuse_overwriting(args.out, args.rows, "--out")
        _check_writable(args.out)
    reading = [args.rows[0]]  # the file whose rows are being rolled up, to name it in an error

    def rows(path):
        reading[0] = path
        yield from sites.read_rows(path)

    try:
        stats = [s for s in sites.rollup_outputs(map(rows, args.rows), worst=args.worst)
                 if s.articles >= args.min_articles]
    except (ValueError, UnicodeDecodeError, AttributeError) as exc:
        raise SpinscoreError(f"{reading[0]} is not a batch output (JSONL, CSV or Parquet): {exc}") from None
    except ImportError as exc:
        if exc.name != "pyarrow":  # only a missing pyarrow is the user's to fix; anything else is a bug
            raise
        raise SpinscoreError(str(exc)) from None
    if args.out:
        with _writing(args.out):  # the disk may have filled up since the check
            sites.write(stats, args.out)
        print(f"{len(stats)} site(s) written to {args.out}", file=sys.stderr)
    else:
        print(sites.table(stats, args.top))
    return EXIT_OK


def _cmd_features(args) -> int:
    from .features.base import registered

    rows = [{"name": s.name, "description": s.description, "english_only": s.english_only,
             "risk_direction": s.risk_direction} for e in registered() for s in e.specs]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    else:
        for r in rows:
            print(f"{r['name']:<45} {'[en] ' if r['english_only'] else ''}{r['description']}")
    return EXIT_OK


@contextmanager
def _reading_corpora(data: Path):
    """A corpus file that is there but cannot be parsed (a download cut short, a file saved
    from a browser's error page) as one line naming the folder and the reader, not a
    traceback from the JSON, XML, CSV or tar module, which names neither."""
    import csv
    import tarfile
    import traceback
    import xml.etree.ElementTree as ET
    import zlib

    def where(exc) -> str:
        readers = [f for f in traceback.extract_tb(exc.__traceback__)
                   if Path(f.filename).parent.name in ("corpora", "training")]
        return f" (read by {Path(readers[-1].filename).parent.name}/{Path(readers[-1].filename).name} line " \
               f"{readers[-1].lineno})" if readers else ""

    try:
        yield
    except (json.JSONDecodeError, ET.ParseError, UnicodeDecodeError, csv.Error, tarfile.TarError, EOFError,
            zlib.error) as exc:
        raise SpinscoreError(f"a corpus file under {data} is damaged or incomplete{where(exc)}: "
                             f"{type(exc).__name__}: {exc} (see README, 'Retraining', for where to get it)") from None
    except ValueError as exc:
        # scikit-learn or numpy refusing to fit or score (no documents, one class, fewer stories
        # than folds): corpus files that are there but (nearly) empty. Any other ValueError is a bug.
        frames = traceback.extract_tb(exc.__traceback__)
        if not any({"sklearn", "numpy"} & set(Path(f.filename).parts) for f in frames):
            raise
        raise SpinscoreError(f"the corpora under {data} give too few documents to fit or evaluate on{where(exc)}: "
                             f"{exc} (is a corpus file empty or partly downloaded? see README, 'Retraining')") from None


def _cmd_train(args) -> int:
    import importlib

    from .corpora.base import data_dir

    data = data_dir(args.data)
    if args.out.exists() and not args.out.is_dir():
        raise SpinscoreError(f"--out {args.out} is a file; give the folder to write the models in")
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # --out names a file, or a folder that cannot be made
        raise SpinscoreError(f"cannot write models to {args.out}: {exc.strerror or exc}") from None
    from .training import tables

    for folder in (args.out, tables.tables_dir(args.out)):
        _check_folder_writable(folder)
    # The stages read the tables this output already holds (an earlier run's, kept by --only)
    # and then each new one as it is written; none is written to the package's scorer/data.
    tables.select(args.out)
    # In TRAINABLE's order, each once, whatever the order of --only: `--only reliability --only mt`
    # fitted the reliability model on the facet risks of the mt model this run then replaced.
    for name in [n for n in TRAINABLE if n in (args.only or TRAINABLE)]:
        mod = importlib.import_module(f".training.{name}", __package__)
        print(f"== training {name} from {data}", file=sys.stderr)
        with _reading_corpora(data):
            metrics = mod.train(data, args.out)
        print(mod.format_report(metrics))
    return EXIT_OK


def _check_folder_writable(folder: Path) -> None:
    """Refuse a folder ``train`` cannot write in before training: a read-only --out (or, when
    --out is the package's own models, a read-only install's scorer/data) trained for minutes
    and then ended in a PermissionError traceback at the first model it saved."""
    import tempfile

    if not folder.is_dir():  # made later, inside --out, which is checked
        return
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise SpinscoreError(f"cannot write models to {folder}: {exc.strerror or exc}") from None


def _cmd_evaluate(args) -> int:
    import importlib

    from .corpora.base import data_dir

    if args.json:  # before the evaluation (minutes): it failed with a traceback after it
        _check_writable(args.json)
    mod = importlib.import_module(f".training.{args.what}", __package__)
    data = data_dir(args.data)
    with _reading_corpora(data):
        metrics = mod.evaluate(data)
    print(mod.format_report(metrics))
    if args.json:
        with _writing(args.json):  # the disk may have filled up since the check
            args.json.write_text(json.dumps(metrics, indent=2, default=str) + "\n")
    return EXIT_OK


COMMANDS = {"score": _cmd_score, "batch": _cmd_batch, "report": _cmd_report, "sites": _cmd_sites,
            "features": _cmd_features,
            "train": _cmd_train, "evaluate": _cmd_evaluate}


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except SpinscoreError as exc:
        print(f"spinscore: error: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `spinscore score ... | head`
        return EXIT_OK
    except KeyboardInterrupt:
        # Ctrl-C outside the batch's scoring loop (which stops itself, exit 130): loading the
        # models, or the resume and cluster passes, which replace the output atomically, so
        # it is as the last completed step left it. One line, not a traceback.
        hint = "; run it again with --resume to complete the output" if args.command == "batch" else ""
        print(f"spinscore: interrupted{hint}", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
