"""Pairwise scores, checked against counts worked out by hand."""

from __future__ import annotations

from pipeline.resolve.evaluate import pairwise_scores


def test_pairwise_counts() -> None:
    gold = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "3"}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "z"}
    scores = pairwise_scores(gold, predicted)
    # gold pairs ab ac bc; predicted pairs ab cd; correct ab
    assert (scores.true_pairs, scores.predicted_pairs, scores.correct_pairs) == (3, 2, 1)
    assert scores.precision == 0.5 and round(scores.recall, 4) == 0.3333 and round(scores.f1, 4) == 0.4


def test_all_singletons_have_perfect_precision_and_no_recall() -> None:
    scores = pairwise_scores({"a": "1", "b": "1"}, {"a": "x", "b": "y"})
    assert scores.precision == 1.0 and scores.recall == 0.0 and scores.f1 == 0.0
