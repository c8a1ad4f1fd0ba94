"""Where a training run's derived tables go, and which tables the extractors read.

``spinscore train --out DIR`` writes its models to ``DIR`` and the derived tables it learns (the
boilerplate line classifier, the mt facet's four tables, the ai_style vocabulary and n-gram
model) to ``DIR/data``, so the output is self-contained and the package's own ``scorer/data`` is
left alone: a retrain into ``/tmp/mymodels`` used to rewrite the shipped tables and silently
change every later score. Only when ``DIR`` is the package's own models folder do the tables go
to ``scorer/data``: new shipped models need their tables where the default scorer reads them.

:func:`select` points the extractors at the tables of a models folder: ``DIR/data/<table>``
where that file exists, else the shipped one (an output trained ``--only mt`` keeps the shipped
boilerplate and ai_style tables). A :class:`~scorer.scoring.Scorer` built with ``models_dir``
selects them, and a training run selects its output's as it writes them, so the stages after
it (the reliability model reads every facet) are fitted on the features the output gives.
The extractors' tables are module-level: the last selection holds for the whole process.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional

from ..features import ai_style_ngram, ai_style_vocab, boilerplate_lines, mt_lexicon, mt_ngram, mt_profile, mt_spinswap

SUBDIR = "data"


class _Table:
    """One derived table: the module attribute holding its path and the cached loaders that read
    it (cleared when the path changes or the file is rewritten)."""

    def __init__(self, module, attr: str, loaders: tuple[Callable, ...]):
        self.module, self.attr, self.loaders = module, attr, loaders
        self.shipped = Path(getattr(module, attr))

    @property
    def name(self) -> str:
        return self.shipped.name

    def point(self, path: Path) -> None:
        if Path(getattr(self.module, self.attr)) == path:
            return
        setattr(self.module, self.attr, path)
        self.clear()

    def clear(self) -> None:
        for f in self.loaders:
            f.cache_clear()


TABLES = (
    _Table(boilerplate_lines, "DATA", (boilerplate_lines.line_model,)),
    _Table(mt_profile, "DATA", (mt_profile.load_fwngram,)),
    _Table(mt_ngram, "DATA", (mt_ngram.load_model,)),
    _Table(mt_lexicon, "DATA", (mt_lexicon._load_shipped,)),
    _Table(mt_spinswap, "DATA", (mt_spinswap.load_table,)),
    _Table(ai_style_vocab, "VOCAB_PATH", (ai_style_vocab.shipped_table,)),
    _Table(ai_style_ngram, "DATA", (ai_style_ngram.shipped_model,)),
)
SHIPPED_DIR = TABLES[0].shipped.parent


def package_models_dir() -> Path:
    """The package's own models folder (whatever SPINSCORE_MODELS says)."""
    try:
        from importlib.resources import files

        return Path(str(files("scorer._models")))
    except (ModuleNotFoundError, TypeError):
        return Path(__file__).resolve().parents[2] / "models"


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def tables_dir(models_dir: Path) -> Path:
    """Where a training run into ``models_dir`` writes its tables."""
    return SHIPPED_DIR if _same(Path(models_dir), package_models_dir()) else Path(models_dir) / SUBDIR


def select(models_dir: Optional[Path]) -> None:
    """Extract with the tables of ``models_dir`` (None: the shipped ones)."""
    folder = Path(models_dir) / SUBDIR if models_dir is not None else None
    for t in TABLES:
        own = folder / t.name if folder is not None else None
        t.point(own if own is not None and own.is_file() else t.shipped)


@contextmanager
def _whole_or_nothing(path: Path) -> Iterator[Path]:
    """The temporary file to write ``path`` through: renamed to it when the block ends, removed
    when the block raises (Ctrl-C, a full disk)."""
    # Not tempfile.mkstemp: its file is private (0600), and the table or model it becomes would
    # be unreadable to the other users of a shared install or models folder.
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all: an interrupted run (Ctrl-C, a full disk) must not
    leave a half-written model or table that a later ``score --models`` loads, or that turns
    a folder of good models into one that fails to load."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _whole_or_nothing(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_table(models_dir: Path, name: str, text: str) -> Path:
    """Write the table ``name`` of a run into ``models_dir`` and extract with it from now on."""
    path = tables_dir(models_dir) / name
    write_text(path, text)
    select(models_dir)
    for t in TABLES:
        if t.name == name:
            t.clear()  # the same path as before (the shipped folder): its cached copy is stale
    return path


def save_model(model, path: Path) -> None:
    """``model.save(path)``, atomically (see :func:`write_text`)."""
    with _whole_or_nothing(Path(path)) as tmp:
        model.save(tmp)


def extractor_fingerprint(models_dir: Optional[Path] = None) -> str:
    """Hash of what decides an extractor's values for a text: the extractor code (with the
    ingest and text helpers), the tables the extractors read now (the run's own under
    ``--out``/data, else the shipped ones) and, given ``models_dir``, its facet models. Feature
    caches key on it, so a change to any of them can never be read from a stale cache (a cache
    keyed on a hand-bumped version kept serving old mt values after the extractor changed)."""
    import hashlib

    pkg = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    in_use = [Path(getattr(t.module, t.attr)) for t in TABLES]
    facets = sorted(Path(models_dir).glob("facet_*.json")) if models_dir is not None else []
    # language.py decides which English-only features apply, page_stub.py which texts are read,
    # page_dates.py the date the citation checks read.
    files = sorted([*pkg.glob("features/*.py"), *in_use, pkg / "ingest.py", pkg / "text.py", pkg / "htmltext.py",
                    pkg / "language.py", pkg / "page_stub.py", pkg / "page_dates.py", *facets])
    for f in files:
        if f.is_file() and f.name != "facet_readability.json":  # learned from the very rows cached
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]
