"""Competition ranks with tolerant ties (the machinery behind rule 5)."""

import numpy as np

from scoring.ties import competition_ranks


def _ranks(*keys, partition=None):
    arrays = [np.array(k, dtype=float) for k in keys]
    part = None if partition is None else np.array(partition)
    return competition_ranks(arrays, part).tolist()


def test_ranks_follow_descending_score():
    assert _ranks([10, 30, 20]) == [3, 1, 2]


def test_ties_share_the_rank_and_the_next_rank_is_skipped():
    assert _ranks([90, 80, 80, 70]) == [1, 2, 2, 4]


def test_chained_near_ties_form_one_class():
    assert _ranks([1.0, 1.0 + 6e-10, 1.0 + 12e-10]) == [1, 1, 1]


def test_second_key_breaks_ties_of_the_first():
    assert _ranks([80, 80, 80, 90], [1, 3, 2, 0]) == [4, 2, 3, 1]


def test_third_key_breaks_ties_left_by_the_second():
    assert _ranks([80, 80, 80], [5, 5, 4], [1, 2, 9]) == [2, 1, 3]


def test_ties_left_after_all_keys_share_the_rank():
    assert _ranks([80, 80, 70], [5, 5, 9]) == [1, 1, 3]


def test_later_keys_never_reorder_different_scores():
    assert _ranks([90, 80], [0, 100]) == [1, 2]


def test_partitions_are_ranked_separately():
    assert _ranks([90, 80, 70, 60], partition=[0, 1, 0, 1]) == [1, 1, 2, 2]


def test_ties_are_broken_within_each_partition():
    ranks = _ranks([80, 80, 80, 80], [1, 2, 3, 4], partition=[0, 0, 1, 1])
    assert ranks == [2, 1, 2, 1]


def test_empty_input_gives_no_ranks():
    assert _ranks([]) == []
