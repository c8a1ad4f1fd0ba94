"""Loaders for the training/evaluation corpora (read from ``../shared/data``; never shipped)."""
from .base import Doc, DataMissing, data_dir

__all__ = ["Doc", "DataMissing", "data_dir"]
