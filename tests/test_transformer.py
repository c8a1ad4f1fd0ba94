import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.utils.estimator_checks import (
    check_get_params_invariance, check_no_attributes_set_in_init,
    check_parameters_default_constructible, check_set_params,
)

from scorer.ingest import parse_text
from scorer.transformer import ArticleFeatures

EASY = "The dog ran home. The cat sat down. We ate rice and beans. It was a good day."
HARD = ("Notwithstanding considerable institutional reluctance, the appropriations committee "
        "authorised comprehensive infrastructural modernisation expenditures yesterday.")


@pytest.mark.parametrize("check", [check_parameters_default_constructible, check_no_attributes_set_in_init,
                                   check_get_params_invariance, check_set_params])
def test_sklearn_api_checks(check):
    check("ArticleFeatures", ArticleFeatures())


def test_transform_shapes_names_and_nan_for_not_applicable():
    t = ArticleFeatures(families=["readability"])
    X = t.fit_transform([EASY, parse_text(HARD), "Le maire a annoncé lundi la fermeture du pont pour travaux."])
    names = list(t.get_feature_names_out())
    assert X.shape == (3, len(names)) and all(n.startswith("readability.") for n in names)
    fre = names.index("readability.flesch_reading_ease")
    assert X[0, fre] > X[1, fre] and np.isnan(X[2, fre])


def test_in_a_pipeline_and_clone():
    pipe = make_pipeline(ArticleFeatures(families=["readability"]), SimpleImputer(), LogisticRegression())
    pipe.fit([EASY, HARD, EASY + " Fine.", HARD + " Indeed."], [0, 1, 0, 1])
    assert list(pipe.predict([EASY])) == [0]
    assert clone(pipe.steps[0][1]).get_params() == {"families": ["readability"], "include_facets": False}


def test_errors():
    with pytest.raises(NotFittedError):
        ArticleFeatures().transform([EASY])
    with pytest.raises(ValueError, match="Sample sequence X is empty."):
        ArticleFeatures().fit([])
    with pytest.raises(ValueError, match="Unknown feature families"):
        ArticleFeatures(families=["nope"]).fit([EASY])
