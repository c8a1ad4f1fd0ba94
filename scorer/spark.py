"""Score articles on a Spark cluster: a DataFrame column of texts, a set of WARC files, or JSON
Lines dumps.

The pattern is Common Crawl's own PySpark jobs (cc-pyspark): ``mapPartitions`` over the input,
one :class:`~scorer.scoring.Scorer` per executor Python process (built on the first partition it
sees and reused: loading the models and tables costs far more than scoring one article), rows
out as plain tuples into ``createDataFrame`` with an explicit schema (no pyarrow needed), and
Parquet written by Spark.

Columns are the CSV writer's (:func:`scorer.batch.csv_columns`, imported, not copied: one
contract) plus ``reasons_json`` (the top reasons with their evidence spans, as JSON) and
``fingerprint`` (the copy-cluster fingerprint of :mod:`scorer.clusters`, as JSON; null for
error rows), and with ``--clusters`` (:func:`add_clusters`) the batch's five cluster columns.
Column names keep the CSV's dots (``facet.mt``): in Spark SQL quote them with backticks
(``df.select("`facet.mt`")``); pandas, DuckDB and pyarrow read them as they are.

A bad row never fails the job: a missing or empty text, undecodable bytes, a corrupt archive
or a crash in an extractor becomes an ``error`` row with its ``error_code``, as in
``spinscore batch``, and so does a record whose scoring runs over ``--timeout`` (``timeout``;
default 60 s, the batch's): such a record had hung its task, and the job with it. Records are
scored in a worker process of the Python worker (the batch's pool, one worker: :func:`_isolated`),
so a record that crashes it (C code, the out-of-memory killer) gets a ``worker_died`` row where
it had failed the task on every retry and so the job; ``--in-process`` scores in the Python
worker itself (the time limit then by SIGALRM, :func:`within`).

Recipe (a cluster whose Python has spinscore installed, e.g. a packed virtualenv)::

    python -m venv env && env/bin/pip install "spinscore[spark]" venv-pack
    env/bin/venv-pack -o env.tar.gz
    export PYSPARK_PYTHON=./env/bin/python
    spark-submit --master yarn --archives env.tar.gz#env \\
        $(env/bin/python -c 'import scorer.spark as m; print(m.__file__)') \\
        --input-list warc.paths.gz --input-prefix https://data.commoncrawl.org/ \\
        --partitions 400 --output s3a://bucket/scores.parquet

(``warc.paths.gz``: a crawl's listing, as Common Crawl publishes it; ``--input-prefix
s3://commoncrawl/`` reads the same archives from S3 when boto3 is installed on the executors.)
On one machine: ``python -m scorer.spark --master 'local[2]' --input warcs/ --output out.parquet``.
Inputs: ``*.warc`` / ``*.warc.gz`` files (and Common Crawl's ``*.warc.wet.gz`` text archives:
:mod:`scorer.warc`) or folders of them (read by the executors with plain
``open``: paths must be visible to every node, e.g. a shared mount); archive URLs (``https://``,
``s3://``, ``s3a://``; others through fsspec), named one by one or listed in a file
(``--input-list``), each streamed by the executor that scores it (:mod:`scorer.remote`; a remote
glob cannot be expanded and is refused); ``*.parquet`` or ``*.json``/``*.jsonl`` tables with a
text column (``--text-col``, ``--id-col``). A table's title, date and URL columns are read too
(:func:`metadata_columns`: by default the columns named as a JSON article's fields, e.g. ``url``,
``date_publish``, ``title``; ``--url-col`` / ``--date-col`` / ``--title-col`` name others, ''
turns one off), so that the date and citation checks and ``spinscore sites`` have them.

JSON Lines files are tables by default (Spark's JSON reader; the row's ``path`` is its
``--id-col``), as they were before dumps could be read. With ``--dumps`` they are read as
``spinscore batch`` reads them (:mod:`scorer.dumps`): each line one article, read as a ``.json``
file of that object would be, so WordPress posts are read as posts (a table has their
``content`` as a struct), and rows are keyed ``FILE#LINE``, the same rows the batch
gives; named, in folders, or listed with ``--input-list`` (a listed dump is always read this way:
a listing names files to stream, not tables). Why a flag and not the default: a pipeline that
joins the Parquet on its own ids would silently lose them.
"""
from __future__ import annotations

import json
import os
import signal
import sys
import threading
from typing import Callable, Iterable, Iterator, Optional, TypeVar

if __name__ == "__main__" and not __package__:
    # Run as a file (spark-submit ships the file): do not let this folder's modules shadow
    # top-level ones, and use the installed package so executors unpickle the same functions.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]

from scorer.batch import DEFAULT_TIMEOUT, csv_columns, flatten, unread_file_report  # noqa: E402
from scorer.cli import non_negative_int, whole_number  # noqa: E402
from scorer.dumps import DUMP_SUFFIXES  # noqa: E402
from scorer.ingest import scrub_surrogates  # noqa: E402
from scorer.report import Report  # noqa: E402
from scorer.scoring import MAX_ANALYSED_CHARS, ScorerSettings  # noqa: E402

EXTRA_COLUMNS = ["reasons_json", "fingerprint"]
INT_COLUMNS = {"word_count"}
STR_COLUMNS = {"schema_version", "path", "status", "error", "error_code", "title", "date", "url",
               "date_modified", "language", "source_format", "encoding", "sha256", "verdict", "reasons", "caveats"}



def feature_names() -> list[str]:
    from scorer.features.base import feature_names as names

    return names()


def columns(features: Optional[list[str]] = None) -> list[str]:
    """Every output column, in order: the CSV columns, then :data:`EXTRA_COLUMNS`."""
    return csv_columns(feature_names() if features is None else features) + EXTRA_COLUMNS


def schema(features: Optional[list[str]] = None):
    """The Spark schema of the output (strings, a long for ``word_count``, doubles else)."""
    from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType

    def typ(name: str):
        if name in STR_COLUMNS or name in EXTRA_COLUMNS:
            return StringType()
        if name in INT_COLUMNS:
            return LongType()
        return DoubleType()

    return StructType([StructField(c, typ(c), True) for c in columns(features)])


def to_record(row: dict, features: list[str], fp: Optional[dict] = None) -> tuple:
    """A report row (``Report.to_dict()``) as one flat tuple in :func:`columns` order."""
    flat = flatten(row, features)
    flat["reasons_json"] = json.dumps(row.get("reasons") or [], ensure_ascii=False)
    flat["fingerprint"] = json.dumps(fp, separators=(",", ":")) if fp is not None else None
    out = []
    for c in columns(features):
        v = flat.get(c)
        if v is not None and c not in STR_COLUMNS and c not in EXTRA_COLUMNS:
            try:
                v = int(v) if c in INT_COLUMNS else float(v)
            except (TypeError, ValueError):
                v = None
        elif v is not None and c in STR_COLUMNS:
            v = str(v)
        out.append(v)
    return tuple(out)


# ---- executor side ----------------------------------------------------------------------------
_SCORERS: dict = {}
_WARM: set = set()  # the settings whose scorer has loaded its lazy tables


def _scorer(settings: ScorerSettings, warm: bool = False):
    """One Scorer per executor process and settings (Python workers are reused across tasks).
    ``warm``: its lazy tables loaded first (:func:`scorer.batch.warm_up`, ~4 s), so that the
    first record an executor scores is not charged that time against ``--timeout``."""
    if settings not in _SCORERS:
        _SCORERS[settings] = settings.build()
    if warm and settings not in _WARM:
        from scorer.batch import warm_up

        warm_up(_SCORERS[settings])
        _WARM.add(settings)
    return _SCORERS[settings]


class RecordTimeout(BaseException):
    """Raised by SIGALRM in the Python worker when scoring one record runs over ``--timeout``.
    A BaseException, as KeyboardInterrupt is: the ``except Exception`` of the scorer and of the
    libraries it calls (trafilatura has many) would otherwise swallow it and go on."""


_T = TypeVar("_T")
_AGAIN = 0.05  # s: SIGALRM again at this interval after the limit, until the record gives up


def within(seconds: float, fn: Callable[[], _T]) -> _T:
    """``fn()``, stopped by :class:`RecordTimeout` once it has run ``seconds`` (0: no limit).

    Why a signal here when the batch kills a worker process instead: a Spark task is one
    process scoring record after record, and a record that never ends hung the task and the job
    (every other record of the partition waiting behind it); a worker process per record
    is what the batch needs for a crash in C code, not what a timeout needs. The batch's reason
    not to use SIGALRM holds here too, though: the handler runs between Python bytecodes, so a
    record stuck inside one C call (an lxml parse, one regex match) is stopped only when that
    call returns. Scoring is Python calling C in short steps, so that is rare. The handler
    raises again every :data:`_AGAIN` s in case code under ``fn`` swallowed it. Outside the
    main thread (where Python takes no signals) nothing is limited."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        return fn()
    armed = True

    def alarm(signum, frame):
        if armed:  # a signal already on its way when the limit was lifted is dropped
            raise RecordTimeout

    previous = signal.signal(signal.SIGALRM, alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds, _AGAIN)
        return fn()
    finally:
        armed = False  # first: CPython runs a handler only at a call or a backward jump, none before
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _timed_out(path: Optional[str], seconds: float, sha256: Optional[str], features: list[str]) -> tuple:
    """The row of a record that ran over the limit: ``timeout``, as the batch's."""
    from scorer.errors import ScoringTimeout

    return to_record(Report.failed(path, ScoringTimeout.code,
                                   f"scoring took longer than the per-record timeout of {seconds:g} s; this "
                                   "record was skipped (raise it with --timeout, 0 = no limit)",
                                   sha256=sha256).to_dict(), features)


def _finish(report: Report, features: list[str], with_fingerprint: bool) -> tuple:
    from scorer.batch_clusters import report_row

    return _record(report_row(report, with_fingerprint), features)


def _crash(path: Optional[str], exc: BaseException, sha256: Optional[str], features: list[str]) -> tuple:
    return to_record(Report.crashed(path, exc, sha256=sha256).to_dict(), features)


def _known(d: dict, meta_cols: dict[str, str]) -> dict:
    """The row's title/date/url from its metadata columns (``field -> column``), as strings."""
    from scorer.ingest import iso_date

    known = {}
    for key, col in meta_cols.items():
        value = d.get(col)
        if key == "date":
            value = iso_date(value)  # a string in any common spelling, a date or a timestamp
        elif isinstance(value, str):  # not a struct (a WordPress title is {"rendered": ...})
            value = value.strip()
        else:
            continue
        if value:
            known[key] = value
    return known


def _utf8(text, max_bytes: int) -> Optional[bytes]:
    """A table cell's bytes (a string as UTF-8, as ``Scorer.score_text`` encodes it), or None
    when they are over ``max_bytes``: the limit counts bytes, as the batch's does, and a
    character is up to four of them (counting the characters let a text of up to four times
    the limit through)."""
    if isinstance(text, (bytes, bytearray)):
        data = bytes(text)
    else:
        text = str(text)
        if len(text) > max_bytes:  # over in characters is over in bytes: not worth encoding
            return None
        data = scrub_surrogates(text).encode("utf-8")
    return data if len(data) <= max_bytes else None


def _isolated(tasks: Iterable[tuple], settings: ScorerSettings, timeout: float,
              with_fingerprint: bool) -> Iterator[dict]:
    """Row dicts for batch tasks (``("text", TextTask)``, ``("page", WarcPage)``, ``("row", row)``),
    in order, scored in a worker process of this Python worker: the batch's own
    :class:`~scorer.batch.WorkerPool` with one worker, forked from this process with its scorer
    loaded and warm (on Linux; elsewhere the worker builds its own).

    Why: a record that crashes the process scoring it (a segfault in C code, the out-of-memory
    killer) killed the Python worker, so Spark failed the task, retried it on the same record
    and failed the job: one page lost a whole crawl. Here that record gets a ``worker_died``
    row, the worker is replaced and the task goes on, as in ``spinscore batch``; a record over
    ``timeout`` is stopped by killing its worker, which works in C code where SIGALRM
    (:func:`within`) does not."""
    from scorer import batch

    batch._scorer = _scorer(settings, warm=True)  # the fork inherits it, tables loaded
    pool = batch.WorkerPool(1, timeout=timeout, settings=settings, clusters=with_fingerprint,
                            unit="record", run="task")
    try:
        yield from pool.rows(tasks)
    finally:
        pool.close()


def _record(row: dict, features: list[str]) -> tuple:
    """A row dict (``report_row``'s, its fingerprint a dict) as the output tuple."""
    return to_record(row, features, row.pop("fingerprint", None))


def _text_tasks(rows: Iterable, *, text_col: str, id_col: Optional[str], with_fingerprint: bool,
                meta_cols: Optional[dict], corrupt_col: Optional[str], max_bytes: int) -> Iterator[tuple]:
    """A batch task per table row: ``("text", TextTask)`` to score, or ``("row", row)`` when the
    row has nothing to score (null or oversized text, a line Spark's JSON reader could not parse)
    or cannot be read at all."""
    from scorer import errors
    from scorer.batch import TextTask
    from scorer.batch_clusters import report_row

    for rec in rows:
        ident = None
        try:
            d = rec.asDict() if hasattr(rec, "asDict") else dict(rec)
            ident = d.get(id_col) if id_col else None
            ident = str(ident) if ident is not None else None
            known = _known(d, meta_cols) if meta_cols else None
            text = d.get(text_col)
            bad = d.get(corrupt_col) if corrupt_col else None
            if bad is not None:  # every other column is null: "no text" would hide why
                report = Report.failed(ident, errors.MalformedJSON.code, f"unreadable JSON line: {bad[:120]!r}")
            elif text is None:
                report = Report.failed(ident, errors.EmptyInput.code, f"no text (column {text_col!r} is null)")
            else:
                data = _utf8(text, max_bytes)
                if data is None:
                    report = Report.failed(ident, errors.TooLarge.code, f"text over the size limit of {max_bytes:,} bytes")
                else:
                    yield ("text", TextTask(data, ident, known))
                    continue
            yield ("row", report_row(report, with_fingerprint))
        except Exception as exc:  # noqa: BLE001 - one bad row never fails the job
            yield ("row", Report.crashed(ident, exc).to_dict())


def score_text_partition(rows: Iterable, *, text_col: str, id_col: Optional[str], features: list[str],
                         settings: ScorerSettings = ScorerSettings(),
                         with_fingerprint: bool = True, meta_cols: Optional[dict] = None,
                         corrupt_col: Optional[str] = None, timeout: float = 0,
                         isolate: bool = True) -> Iterator[tuple]:
    """``mapPartitions`` body for a table of texts: one output tuple per input row, always.
    ``meta_cols``: field ("title", "date", "url") -> the column that gives it (:func:`scorer.article.with_known`).
    ``corrupt_col``: the column where Spark's JSON reader keeps a line it could not parse.
    ``timeout``: seconds a row may take (0: no limit), else a ``timeout`` row. ``isolate``:
    score in a worker process (:func:`_isolated`: a crash gives a ``worker_died`` row); False
    scores in this process, the time limit by SIGALRM (:func:`within`)."""
    tasks = _text_tasks(rows, text_col=text_col, id_col=id_col, with_fingerprint=with_fingerprint,
                        meta_cols=meta_cols, corrupt_col=corrupt_col, max_bytes=settings.max_bytes)
    yield from _scored(tasks, features=features, settings=settings, timeout=timeout,
                       with_fingerprint=with_fingerprint, isolate=isolate)


def _scored(tasks: Iterable[tuple], *, features: list[str], settings: ScorerSettings, timeout: float,
            with_fingerprint: bool, isolate: bool) -> Iterator[tuple]:
    """The output tuple of each batch task (``("text", TextTask)``, ``("page", WarcPage)``,
    ``("row", row)``), in order: scored in a worker process (:func:`_isolated`), or with
    ``isolate`` False in this process, the time limit by :func:`within`."""
    if isolate:
        yield from (_record(row, features) for row in _isolated(tasks, settings, timeout, with_fingerprint))
        return
    from scorer.warc import score_page

    scorer = _scorer(settings, warm=bool(timeout))
    for kind, item in tasks:
        if kind == "row":
            yield _record(item, features)
            continue
        name, sha = (item.ident, None) if kind == "text" else (item.path, item.sha256)
        try:
            if kind == "text":
                report = within(timeout, lambda: scorer.score_bytes(item.data, path=item.ident, known=item.known))
            else:
                report = within(timeout, lambda: score_page(scorer, item))
            yield _finish(report, features, with_fingerprint)
        except RecordTimeout:
            yield _timed_out(name, timeout, sha, features)
        except Exception as exc:  # noqa: BLE001 - one bad record never fails the job
            yield _crash(name, exc, sha, features)


def _archive_tasks(paths: Iterable[str], *, settings: ScorerSettings, duplicates: Optional[dict]) -> Iterator[tuple]:
    """A batch task per record of each archive or dump (``("page", WarcPage)``), and a
    ``("row", row)`` for an archive that is a duplicate or cannot be read (its whole records
    keep their tasks)."""
    from scorer import errors
    from scorer.dumps import is_dump, iter_records
    from scorer.warc import DuplicateArchive, iter_pages

    for path in paths:
        if duplicates and path in duplicates:
            yield ("row", Report.failed(path, DuplicateArchive.code, duplicates[path]).to_dict())
            continue
        try:
            records = iter_records if is_dump(path) else iter_pages
            for page in records(path, max_bytes=settings.max_bytes):
                yield ("page", page)
        except errors.SpinscoreError as exc:
            yield ("row", unread_file_report(path, exc).to_dict())
        except Exception as exc:  # noqa: BLE001
            yield ("row", Report.crashed(path, exc).to_dict())


def score_warc_partition(paths: Iterable[str], *, features: list[str], settings: ScorerSettings = ScorerSettings(),
                         with_fingerprint: bool = True, duplicates: Optional[dict] = None,
                         timeout: float = 0, isolate: bool = True) -> Iterator[tuple]:
    """``mapPartitions`` body for WARC paths or URLs, and JSON Lines dumps (:mod:`scorer.dumps`):
    a row per article record or line, and one ``error`` row for a file that cannot be read (its
    whole records keep their rows), as in batch. ``duplicates``: path -> message of the WET files
    not to read (:class:`scorer.warc.CaptureSet`). ``timeout``: seconds a record may take (0: no
    limit), else a ``timeout`` row and the next record. ``isolate``: as in
    :func:`score_text_partition`."""
    tasks = _archive_tasks(paths, settings=settings, duplicates=duplicates)
    yield from _scored(tasks, features=features, settings=settings, timeout=timeout,
                       with_fingerprint=with_fingerprint, isolate=isolate)


# ---- driver side ------------------------------------------------------------------------------
# Spark types (DataType.typeName()) a metadata column found by its name must have: a struct
# named "title" (a WordPress post's {"rendered": ...}) is not a title.
META_TYPES = {"title": {"string"}, "url": {"string"}, "date": {"string", "date", "timestamp", "timestamp_ntz"}}


def metadata_columns(columns: list[str], text_col: str, given: Optional[dict] = None,
                     types: Optional[dict] = None) -> dict[str, str]:
    """Which columns give each article's title, date and URL: ``given`` (field -> column; an
    empty column name: none), and for a field not given, the first column named as a JSON
    article's field is (:data:`scorer.ingest.METADATA_KEYS`: url, link, ...; date, published,
    date_publish, ...; title, headline, name) and of a type in :data:`META_TYPES` (``types``:
    column -> Spark type name, when known), never the text column. A given column that is
    missing is a ``ValueError``."""
    from scorer.ingest import METADATA_KEYS

    given = given or {}
    out = {}
    for key, names in METADATA_KEYS.items():
        if key in given:
            col = given[key]
            if col and col not in columns:
                raise ValueError(f"no column {col!r} in the DataFrame (columns: {', '.join(columns)})")
        else:
            col = next((c for c in names if c in columns and c != text_col
                        and (types is None or types.get(c) in META_TYPES[key])), None)
        if col:
            out[key] = col
    return out


def _check_text_type(text_col: str, typ) -> None:
    """A struct, array or map column is not a text: each row would reach the scorer as its
    Python repr ("Row(rendered='<p>...')", tags and all) and get a score. A ``ValueError``
    instead, as for a missing column (a WordPress export's ``content`` is a struct: --dumps)."""
    from pyspark.sql.types import ArrayType, MapType, StructType

    if not isinstance(typ, (StructType, ArrayType, MapType)):
        return
    hint = ""
    if isinstance(typ, StructType) and "rendered" in typ.fieldNames():
        hint = (f" (WordPress posts: read the JSON Lines with --dumps, as spinscore batch does, "
                f"or select {text_col}.rendered)")
    raise ValueError(f"column {text_col!r} is a {typ.simpleString()}, not a text column{hint}")


def _column(name: str):
    """The column named ``name``, taken as it is written: a name with a dot (pandas'
    ``json_normalize`` writes ``content.rendered``) was read as a struct's field, and the job
    failed on a column it had just found in the DataFrame."""
    from pyspark.sql import functions as F

    return F.col("`" + name.replace("`", "``") + "`")


def _utc_day(col: str):
    """A timestamp column as the UTC day of each instant (a date, named as the column). PySpark
    hands a timestamp to Python in the executor's local time zone, so the same row was dated
    2025-03-02 on an executor in UTC and 2025-03-03 on one in Tokyo."""
    from pyspark.sql import functions as F

    days = F.floor(F.unix_seconds(_column(col)) / 86400).cast("int")
    return F.date_from_unix_date(days).alias(col)


def score_texts(df, text_col: str = "text", id_col: Optional[str] = "id", *, models_dir: Optional[str] = None,
                max_bytes: int = 5_000_000, with_fingerprint: bool = True, fast_html: bool = False,
                max_chars: int = MAX_ANALYSED_CHARS, meta_cols: Optional[dict] = None,
                timeout: float = DEFAULT_TIMEOUT, isolate: bool = True):
    """Score a DataFrame column of article texts (str: text/Markdown/HTML/JSON; or bytes).

    One output row per input row, its ``path`` the ``id_col`` value (as a string). The title,
    date and URL come from the columns :func:`metadata_columns` picks (``meta_cols``: field ->
    column, "" for none; by default the columns named as a JSON article's fields are), as a web
    archive's record gives them (:func:`scorer.article.with_known`): the URL feeds the citation
    checks and ``spinscore sites``, the date the date checks (a timestamp column: the instant's
    UTC day, the same on every executor). A row whose scoring takes longer than ``timeout``
    seconds (0: no limit) gets a ``timeout`` row, one that crashes the process scoring it a
    ``worker_died`` row (``isolate``, :func:`_isolated`; False: scored in the Python worker
    itself, no crash isolation, the limit by :func:`within`). Returns a DataFrame with
    :func:`schema`; nothing runs until it is written or collected."""
    from functools import partial

    if text_col not in df.columns:
        raise ValueError(f"no column {text_col!r} in the DataFrame (columns: {', '.join(df.columns)})")
    if id_col is not None and id_col not in df.columns:
        raise ValueError(f"no column {id_col!r} in the DataFrame (columns: {', '.join(df.columns)})")
    types = {f.name: f.dataType.typeName() for f in df.schema.fields}
    _check_text_type(text_col, df.schema[text_col].dataType)
    meta = metadata_columns(list(df.columns), text_col, meta_cols, types)
    features = feature_names()
    # A JSON table's lines Spark could not parse (PERMISSIVE mode, the default) have this column set.
    corrupt = df.sparkSession.conf.get("spark.sql.columnNameOfCorruptRecord", "_corrupt_record")
    corrupt = corrupt if corrupt in df.columns and corrupt not in (text_col, id_col) else None
    keep = list(dict.fromkeys([text_col] + ([id_col] if id_col else []) + list(meta.values())
                              + ([corrupt] if corrupt else [])))
    fn = partial(score_text_partition, text_col=text_col, id_col=id_col, features=features,
                 settings=ScorerSettings(models_dir, max_bytes, fast_html, max_chars), with_fingerprint=with_fingerprint,
                 meta_cols=meta, corrupt_col=corrupt, timeout=timeout, isolate=isolate)
    rdd = df.select(*(_utc_day(c) if c == meta.get("date") and types[c] == "timestamp" and c not in (text_col, id_col)
                      else _column(c) for c in keep)).rdd.mapPartitions(fn)
    return df.sparkSession.createDataFrame(rdd, schema(features))


def score_warcs(spark, paths: Iterable[str], *, models_dir: Optional[str] = None, max_bytes: int = 5_000_000,
                partitions: Optional[int] = None, with_fingerprint: bool = True, fast_html: bool = False,
                max_chars: int = MAX_ANALYSED_CHARS, timeout: float = DEFAULT_TIMEOUT, isolate: bool = True):
    """Score WARC / WARC.gz files (and JSON Lines dumps: a row per line, as ``spinscore batch``
    reads them), one file per task (archives are the unit of work in a crawl: each is read once,
    streaming, by one executor). A record whose scoring takes longer than ``timeout`` seconds
    (0: no limit) gets a ``timeout`` row and the task goes on, and so does one that crashes the
    process scoring it, with a ``worker_died`` row (``isolate``: as in :func:`score_texts`). A WET file whose WARC file is in
    ``paths`` gives one ``duplicate_archive`` row, as in batch (in sorted order the WARC comes
    first: :class:`scorer.warc.CaptureSet`). A file named twice (two spellings of one path, one
    URL) is read once."""
    from functools import partial

    from scorer.batch import input_key
    from scorer.warc import CaptureSet

    # Each input once (a listing may repeat a folder's archive): twice would give its pages two
    # rows each and make every page a copy cluster of itself.
    paths = sorted({input_key(str(p)): str(p) for p in reversed(list(paths))}.values())
    captures = CaptureSet()
    duplicates = {p: dup.message for p in paths if (dup := captures.duplicate(p)) is not None}
    features = feature_names()
    fn = partial(score_warc_partition, features=features,
                 settings=ScorerSettings(models_dir, max_bytes, fast_html, max_chars),
                 with_fingerprint=with_fingerprint, duplicates=duplicates, timeout=timeout, isolate=isolate)
    n = partitions or max(1, len(paths))
    rdd = spark.sparkContext.parallelize(paths, n).mapPartitions(fn)
    return spark.createDataFrame(rdd, schema(features))


CLUSTER_TYPES = {"cluster_id": "string", "cluster_size": "long", "cluster_original": "string",
                 "is_original": "boolean", "cluster_similarity": "double"}


def add_clusters(df):
    """``df`` (rows of :func:`score_texts` / :func:`score_warcs`, with their fingerprints) with the
    copy-cluster columns of ``spinscore batch`` appended (:data:`scorer.batch_clusters.FIELDS`):
    the same clusters, fields and originals as ``batch_clusters.index_rows`` over the rows in
    ``df``'s order (partition by partition; the order only breaks ties between equally dated,
    equally scored originals), computed distributed by :mod:`scorer.spark_clusters`: the
    executors do the work, the driver holds no per-article data, so its memory does not grow
    with the crawl. ``df`` is persisted and scored once. Needs the ``fingerprint`` column."""
    from scorer.spark_clusters import add_clusters as distributed

    return distributed(df)


def expand_warcs(inputs: Iterable[str], *, dumps: bool = False) -> list[str]:
    """The WARC files named by ``inputs``: local files, folders (searched recursively) and globs,
    and remote archives (``https://``, ``s3://``, ...: :mod:`scorer.remote`) as they are; with
    ``dumps``, JSON Lines dumps too (:func:`scorer.dumps.is_dump`), as ``spinscore batch`` finds
    them. A remote glob or folder cannot be listed here: name each archive, or pass a listing
    file (:func:`scorer.remote.read_listing`); a remote item with a glob character is refused
    (``ValueError``) rather than silently matching nothing."""
    import glob

    from scorer.dumps import is_dump
    from scorer.remote import is_remote, local_path
    from scorer.warc import is_warc

    def wanted(name: str) -> bool:
        return is_warc(name) or (dumps and is_dump(name))

    out: list[str] = []
    for item in inputs:
        item = local_path(item)  # file:///crawl/a.warc.gz -> /crawl/a.warc.gz
        if is_remote(item):
            if any(ch in item for ch in "*?["):
                raise ValueError(f"cannot expand a glob over {item.split('://')[0]}:// URLs ({item}): "
                                 "list the archives in a file and pass it with --input-list")
            out.append(item)
        elif os.path.isdir(item):
            for root, dirs, files in os.walk(item):
                dirs.sort()
                out.extend(os.path.join(root, f) for f in sorted(files) if wanted(f))
        elif any(ch in item for ch in "*?["):
            out.extend(p for p in sorted(glob.glob(item, recursive=True)) if wanted(p))
        else:
            out.append(item)
    return out


# Names only Spark's table readers read, never a web archive or a dump: Parquet, and a .json
# file (gzipped too: Spark's reader undoes it, and read as an archive it was one malformed_warc
# row).
_JSON_TABLE_SUFFIXES = (".json", ".json.gz")
# Read as Spark tables of texts unless --dumps: those, and every JSON Lines name a dump has.
TABLE_SUFFIXES = _JSON_TABLE_SUFFIXES + DUMP_SUFFIXES


def _name(item: str) -> str:
    """An input's name as its suffix is read (a folder may end in "/")."""
    return item.lower().rstrip("/")


def _is_table(item: str) -> bool:
    """A name only Spark's table readers read (never a web archive or a dump)."""
    return _name(item).endswith((".parquet",) + _JSON_TABLE_SUFFIXES)


def _kind(inputs: list[str], dumps: bool = False) -> str:
    """"parquet" or "json" for tables of texts, "archive" for web archives (and, with ``dumps``,
    JSON Lines files read line by line)."""
    names = [_name(i) for i in inputs]
    if all(x.endswith(".parquet") for x in names):
        return "parquet"
    if not dumps and all(x.endswith(TABLE_SUFFIXES) for x in names):
        return "json"
    return "archive"


def _output_exists(spark, path: str) -> bool:
    """Whether ``path`` (local, HDFS, s3a://, ...: Hadoop's file systems, as Spark writes) exists."""
    jvm = spark.sparkContext._jvm
    p = jvm.org.apache.hadoop.fs.Path(path)
    return p.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).exists(p)


def _held_by(output: str, inputs: Iterable[str]) -> Optional[str]:
    """The first local input that is ``output`` or inside it, else None. Spark's overwrite
    deletes the output folder before any task runs, and the executors read archives and dumps
    with plain ``open``: ``--input crawl --output crawl --mode overwrite`` deleted the crawl and
    wrote an ``unreadable`` row for each archive."""
    from scorer.remote import is_remote, local_path

    if is_remote(output):
        return None
    folder = os.path.realpath(local_path(output))
    for item in inputs:
        if is_remote(item):
            continue
        path = os.path.realpath(local_path(item))
        if path == folder or path.startswith(folder.rstrip(os.sep) + os.sep):
            return item
    return None


# --partitions: refused before Spark starts (0 or less failed the job later, with a JVM traceback).
_positive_int = whole_number(1, "must be 1 or more, not {n}")


def _seconds(text: str) -> float:
    """An argparse type: a time limit in seconds, 0 or more and finite (setitimer refuses others,
    on the executors, after Spark has started)."""
    import argparse
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"must be 0 (no limit) or more seconds, not {text}")
    return value


def main(argv: Optional[list[str]] = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m scorer.spark",
                                 description="Score articles on Spark and write Parquet with the report columns.")
    ap.add_argument("--input", nargs="+", default=[],
                    help="WARC files/folders/globs or archive URLs (https://, s3://), or *.parquet / "
                         "*.json(l) tables of texts (JSON Lines dumps of articles with --dumps)")
    ap.add_argument("--input-list", default=None, metavar="FILE",
                    help="a file listing WARC archives (or JSON Lines dumps), one path or URL per line "
                         "(gzip or plain text), as Common Crawl's warc.paths.gz")
    ap.add_argument("--input-prefix", default="", metavar="URL",
                    help="put before each relative line of --input-list, e.g. https://data.commoncrawl.org/")
    ap.add_argument("--output", required=True, help="Parquet output (a folder, as Spark writes it)")
    ap.add_argument("--dumps", action="store_true",
                    help="read JSON Lines files (.jsonl, .ndjson, gzipped or not) as spinscore batch does: "
                         "each line one article, read as a .json file of that object (WordPress posts, "
                         "title/date/url fields), rows keyed FILE#LINE; without it they are tables "
                         "read by Spark with --text-col/--id-col")
    ap.add_argument("--text-col", default="text")
    ap.add_argument("--id-col", default="id", help="id column of a table ('' for none)")
    for key, example in (("url", "url, link, ..."), ("date", "date, published, date_publish, ..."),
                         ("title", "title, headline, name")):
        ap.add_argument(f"--{key}-col", default=None, metavar="COL",
                        help=f"the column of each article's {key} in a table ('' for none; by default the "
                             f"first column named as a JSON article's {key} field: {example})")
    ap.add_argument("--models", default=None, help="models folder (must exist on every executor)")
    ap.add_argument("--max-bytes", type=int, default=5_000_000)
    ap.add_argument("--partitions", type=_positive_int, default=None, help="repartition the input to N tasks")
    ap.add_argument("--master", default=None, help="e.g. local[2]; spark-submit sets it otherwise")
    ap.add_argument("--mode", default="errorifexists", choices=["errorifexists", "overwrite"])
    ap.add_argument("--no-fingerprint", action="store_true", help="omit the copy-cluster fingerprint column")
    ap.add_argument("--clusters", action="store_true",
                    help="also group rewrites of one story into copy clusters, as spinscore batch does "
                         "(distributed: driver memory does not grow with the number of articles)")
    ap.add_argument("--fast-html", action="store_true", help="HTML in trafilatura's fast mode (as spinscore --fast-html)")
    ap.add_argument("--max-chars", type=non_negative_int, default=MAX_ANALYSED_CHARS,
                    help="analyse longer texts up to N characters (as spinscore --max-chars; 0: no limit)")
    ap.add_argument("--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                    help=f"per-record time limit: a record (or table row) whose scoring takes longer gets an "
                         f"error row (timeout) and the task goes on (default {DEFAULT_TIMEOUT:g}, as spinscore "
                         "batch; 0 = no limit)")
    ap.add_argument("--in-process", action="store_true",
                    help="score in the Spark Python worker itself instead of a worker process of its own: no "
                         "protection from a record that crashes it (by default such a record gets an error row, "
                         "worker_died, and the task goes on), and the time limit cannot stop time spent in C code")
    args = ap.parse_args(argv)
    if not args.input and not args.input_list:
        ap.error("give --input, --input-list or both")
    if args.clusters and args.no_fingerprint:
        ap.error("--clusters needs the fingerprints: drop --no-fingerprint")
    kind = _kind(args.input, args.dumps) if args.input else "archive"
    if args.input_list and kind != "archive":
        ap.error("--input-list names WARC archives or dumps; it cannot be mixed with table inputs")
    table = next((i for i in args.input if _is_table(i)), None) if kind == "archive" else None
    if table:  # read as a web archive it was one malformed_warc row for the whole table
        ap.error(f"{table} is a table of texts: score tables in a job of their own, without --dumps "
                 "(a job reads tables, or web archives and dumps)")
    paths: list[str] = []
    if kind == "archive":  # checked before Spark starts (which takes seconds)
        from scorer.remote import read_listing

        try:
            paths = expand_warcs(args.input, dumps=args.dumps) + (read_listing(args.input_list, args.input_prefix)
                                                                  if args.input_list else [])
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if not paths:
            print("no WARC files" + (" or JSON Lines dumps" if args.dumps else "") + " found in the input",
                  file=sys.stderr)
            return 2
    if args.mode == "overwrite":
        held = _held_by(args.output, [*args.input, *([args.input_list] if args.input_list else []), *paths])
        if held:
            print(f"error: --mode overwrite deletes {args.output} before the job reads its input, and it holds "
                  f"{held}: write the output elsewhere", file=sys.stderr)
            return 2

    from pyspark.sql import SparkSession

    # Called from a process that runs a session already (a notebook, a test), main() uses that
    # session (--master is then the session's own) and leaves it running; a session of its own
    # it stops.
    running = SparkSession.getActiveSession()
    builder = SparkSession.builder.appName("spinscore")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        if args.mode == "errorifexists" and _output_exists(spark, args.output):
            # Spark checks only when it writes: after the whole scoring and, with --clusters, the clustering.
            print(f"error: the output {args.output} already exists (--mode overwrite replaces it)", file=sys.stderr)
            return 2
        opts = dict(models_dir=args.models, max_bytes=args.max_bytes, with_fingerprint=not args.no_fingerprint,
                    fast_html=args.fast_html, max_chars=args.max_chars, timeout=args.timeout,
                    isolate=not args.in_process)
        if kind == "archive":
            out = score_warcs(spark, paths, partitions=args.partitions, **opts)
        else:
            df = spark.read.parquet(*args.input) if kind == "parquet" else spark.read.json(args.input)
            if args.partitions:
                df = df.repartition(args.partitions)
            given = {k: v for k, v in (("url", args.url_col), ("date", args.date_col), ("title", args.title_col))
                     if v is not None}
            out = score_texts(df, args.text_col, args.id_col or None, meta_cols=given, **opts)
        if args.clusters:
            out = add_clusters(out)
        out.write.mode(args.mode).parquet(args.output)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if running is None:
            spark.stop()
    return 0


if __name__ == "__main__":
    if not __package__:  # run as a file: hand over to the installed module (see the top)
        from scorer.spark import main as _main

        sys.exit(_main())
    sys.exit(main())
