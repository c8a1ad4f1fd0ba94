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


class NoText(InputError):
    """Parsed fine but holds no article text (e.g. JSON without a text field)."""

    code = "no_text"


class InternalError(SpinscoreError):
    """A bug in spinscore itself (an extractor crashed): the row says so, the batch goes on."""

    code = "internal"


class ModelError(SpinscoreError):
    """A model file that is missing, corrupt, or does not match the code."""

    code = "model"
