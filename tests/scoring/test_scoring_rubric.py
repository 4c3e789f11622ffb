"""Rubric and policy: construction, JSON form and validation."""

import msgspec
import pytest

from scoring import Criterion, Policy, Rubric, ScoringInputError


def test_rubric_loads_from_json_and_ignores_labels():
    rubric = Rubric.from_json(
        b'{"title": "Final", "criteria": ['
        b'{"key": "impact", "weight": 0.7, "min": 0, "max": 10, "label": "Impact"},'
        b'{"key": "team", "weight": 0.3, "min": 1, "max": 5, "description": "..."}],'
        b'"tie_breakers": ["team"]}'
    )
    assert rubric.keys == ["impact", "team"]
    assert rubric.criteria[1] == Criterion("team", 0.3, 1.0, 5.0)
    assert rubric.tie_breakers == ["team"]


def test_rubric_tie_breakers_default_to_none():
    rubric = Rubric.from_dict({"criteria": [{"key": "q", "weight": 1, "min": 0, "max": 1}]})
    assert rubric.tie_breakers == []


def test_rubric_round_trips_through_json():
    rubric = Rubric([Criterion("a", 0.25, 0, 4), Criterion("b", 0.75, 0, 10)], ["b"])
    assert Rubric.from_json(msgspec.json.encode(rubric)) == rubric


def test_weights_must_sum_to_one():
    with pytest.raises(ScoringInputError, match="sum to 1"):
        Rubric([Criterion("a", 0.5, 0, 10), Criterion("b", 0.4, 0, 10)])


def test_weights_summing_to_one_within_1e9_are_accepted():
    rubric = Rubric(
        [Criterion("a", 0.1, 0, 1), Criterion("b", 0.2, 0, 1), Criterion("c", 0.7 + 5e-10, 0, 1)]
    )
    assert list(rubric.keys) == ["a", "b", "c"]


def test_criterion_min_must_be_below_max():
    with pytest.raises(ScoringInputError, match=r"min .* must be below max"):
        Criterion("a", 1.0, 5, 5)


def test_criterion_weight_must_not_be_negative():
    with pytest.raises(ScoringInputError, match="weight must be >= 0"):
        Criterion("a", -0.1, 0, 5)


def test_criterion_keys_must_be_unique():
    with pytest.raises(ScoringInputError, match="used twice"):
        Rubric([Criterion("a", 0.5, 0, 10), Criterion("a", 0.5, 0, 10)])


def test_criterion_key_may_not_name_an_output_column():
    with pytest.raises(ScoringInputError, match="reserved"):
        Criterion("score", 1.0, 0, 10)


def test_tie_breakers_must_be_criteria():
    with pytest.raises(ScoringInputError, match="tie-breaker 'x' is not a criterion"):
        Rubric([Criterion("a", 1.0, 0, 10)], tie_breakers=["x"])


def test_rubric_needs_a_criterion():
    with pytest.raises(ScoringInputError, match="at least one criterion"):
        Rubric([])


def test_rubric_json_with_wrong_types_is_an_input_error():
    with pytest.raises(ScoringInputError, match=r"criteria\[0\]\.weight"):
        Rubric.from_json(b'{"criteria": [{"key": "a", "weight": "1", "min": 0, "max": 1}]}')


def test_policy_defaults_follow_the_rules():
    assert Policy() == Policy("zscore", "trimmed", 1, 3, 15.0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"trim": -1}, "trim must be >= 0"),
        ({"min_judges": 0}, "min_judges must be >= 1"),
        ({"disagreement": -0.5}, "disagreement must be >= 0"),
        ({"normalize": "minmax"}, "normalize must be one of"),
        ({"aggregate": "mode"}, "aggregate must be one of"),
        ({"trim": 1.5}, "trim must be an integer"),
    ],
)
def test_policy_rejects_invalid_options(kwargs, message):
    with pytest.raises(ScoringInputError, match=message):
        Policy(**kwargs)


def test_policy_decodes_from_json_with_validation():
    assert msgspec.json.decode(b'{"aggregate": "median"}', type=Policy).aggregate == "median"
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(b'{"normalize": "rank"}', type=Policy)
