"""A scikit-learn transformer over articles, for users' own pipelines.

    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.linear_model import LogisticRegression
    >>> pipe = make_pipeline(ArticleFeatures(), SimpleImputer(), LogisticRegression())
    >>> pipe.fit(list_of_texts, labels)

Each sample may be an :class:`~scorer.article.Article`, a string of article text (any format
spinscore reads: text, Markdown, HTML, JSON), or a :class:`pathlib.Path` to a file. Features
that do not apply (English-only features on other languages) are NaN.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from .article import Article
from .ingest import load_article, parse_text


class ArticleFeatures(TransformerMixin, BaseEstimator):
    """Articles -> matrix of spinscore features (columns named by ``get_feature_names_out``).

    Parameters
    ----------
    families : sequence of str, optional
        Feature families to keep (e.g. ``("readability", "mt")``); default all.
    include_facets : bool
        Append the facet risks as columns ``facet.<family>``.
    """

    def __init__(self, families: Optional[Sequence[str]] = None, include_facets: bool = False):
        self.families = families
        self.include_facets = include_facets

    def _scorer(self):
        from .scoring import Scorer

        sc = getattr(self, "_scorer_cache", None)
        if sc is None:
            sc = Scorer(use_model=False)
            if self.families is not None:
                unknown = set(self.families) - {e.name for e in sc.extractors}
                if unknown:
                    raise ValueError(f"Unknown feature families: {sorted(unknown)}")
            self._scorer_cache = sc
        return sc

    def _names(self) -> list[str]:
        sc = self._scorer()
        fams = [e for e in sc.extractors if self.families is None or e.name in self.families]
        names = [s.name for e in fams for s in e.specs]
        if self.include_facets:
            names += [f"facet.{e.name}" for e in fams]
        return names

    def fit(self, X, y=None):
        """Learns nothing from the data; records the output columns."""
        if len(X) == 0:
            raise ValueError("Sample sequence X is empty.")
        self.feature_names_out_ = np.asarray(self._names(), dtype=object)
        return self

    @staticmethod
    def _article(item) -> Article:
        if isinstance(item, Article):
            return item
        if isinstance(item, Path):
            return load_article(item)
        if isinstance(item, str):
            return parse_text(item)
        raise TypeError(f"expected Article, str or Path, got {type(item).__name__}")

    def transform(self, X) -> np.ndarray:
        if not hasattr(self, "feature_names_out_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("ArticleFeatures is not fitted yet; call fit first.")
        sc = self._scorer()
        names = list(self.feature_names_out_)
        out = np.full((len(X), len(names)), np.nan)
        for i, item in enumerate(X):
            _, results = sc.extract(self._article(item))
            values: dict = {}
            for res in results.values():
                values.update(res.values)
            if self.include_facets:
                values.update({f"facet.{k}": v for k, v in sc.facets(results).items()})
            for j, n in enumerate(names):
                v = values.get(n)
                if v is not None:
                    out[i, j] = v
        return out

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        if not hasattr(self, "feature_names_out_"):
            return np.asarray(self._names(), dtype=object)
        return self.feature_names_out_

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_scorer_cache", None)  # rebuilt on demand; holds loaded tables
        return state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = True
        return tags
