"""Errors a user can act on. Each kind has a stable ``code`` that batch rows carry."""
from __future__ import annotations


class SpinscoreError(Exception):
    """Base class: every error the tool reports on purpose."""

    code = "error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InputError(SpinscoreError):
    """An input file that cannot be read as an article."""

    code = "input"


class EmptyInput(InputError):
    code = "empty"


class NoLetters(InputError):
    code = "no_letters"


class BinaryInput(InputError):
    code = "binary"


class TooLarge(InputError):
    code = "too_large"


class Unreadable(InputError):
    code = "unreadable"


class MalformedJSON(InputError):
    code = "malformed_json"


class ManyArticles(InputError):
    """A file that holds many articles (a web archive, a JSON Lines dump) given where one article
    is scored: ``spinscore batch`` reads it record by record."""

    code = "many_articles"


class NoText(InputError):
    """Parsed fine but holds no article text (e.g. JSON without a text field)."""

    code = "no_text"


class InternalError(SpinscoreError):
    """A bug in spinscore itself (an extractor crashed): the row says so, the batch goes on."""

    code = "internal"


class ScoringTimeout(SpinscoreError):
    """Scoring one file took longer than the batch's ``--timeout``: its worker process was
    stopped and replaced (the time may be spent in C code, so nothing short of that works)."""

    code = "timeout"

    @classmethod
    def after(cls, seconds: float, unit: str = "file") -> "ScoringTimeout":
        """``unit``: what is scored one at a time ("file" in a batch, "record" in a Spark task)."""
        return cls(f"scoring took longer than the per-{unit} timeout of {seconds:g} s; the worker was "
                   f"stopped and this {unit} skipped (raise it with --timeout, 0 = no limit)")


class WorkerDied(SpinscoreError):
    """The worker process scoring this file died (crash in C code, os._exit, killed by the
    out-of-memory killer): it was replaced and the batch went on."""

    code = "worker_died"

    @staticmethod
    def describe(exitcode) -> str:
        """How a process ended, from ``multiprocessing``'s exit code (negative = signal)."""
        if exitcode is not None and exitcode < 0:
            import signal

            try:
                how = f"killed by signal {-exitcode}, {signal.Signals(-exitcode).name}"
            except ValueError:
                how = f"killed by signal {-exitcode}"
            return how + ("; out of memory?" if -exitcode == signal.SIGKILL else "")
        return f"exit status {exitcode}"

    @classmethod
    def with_status(cls, exitcode, unit: str = "file", run: str = "batch") -> "WorkerDied":
        """``unit`` / ``run``: "file" / "batch", or "record" / "task" in Spark."""
        return cls(f"the worker process scoring this {unit} died ({cls.describe(exitcode)}); it was "
                   f"replaced and the {run} went on")


class ModelError(SpinscoreError):
    """A model file that is missing, corrupt, or does not match the code."""

    code = "model"
