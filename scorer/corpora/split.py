"""One train/test split for every model in the project, keyed on the story id.

Every trainer (facets and the reliability score) asks this module which side a story is on,
so a story held out from the reliability evaluation was also unseen by every facet model and
by every learned table (vocabulary weights, n-gram statistics) that feeds the features.
"""
from __future__ import annotations

import hashlib

TEST_FRACTION = 0.25
_SALT = "spinscore-split-v1"


def bucket(story: str) -> float:
    """A stable pseudo-random number in [0, 1) for a story id."""
    h = hashlib.sha256(f"{_SALT}:{story}".encode("utf-8")).digest()
    return int.from_bytes(h[:8], "big") / 2**64


def side(story: str, test_fraction: float = TEST_FRACTION) -> str:
    return "test" if bucket(story) < test_fraction else "train"


def is_test(story: str, test_fraction: float = TEST_FRACTION) -> bool:
    return side(story, test_fraction) == "test"
