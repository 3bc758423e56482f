"""Pairwise precision, recall and F1 of a clustering against gold clusters.

Counted from the contingency table (pairs inside each predicted x gold cell), not
by listing pairs, so 100k mentions cost no more than reading them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PairwiseScores:
    """Pair counts and the scores derived from them."""

    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "true_pairs": self.true_pairs, "predicted_pairs": self.predicted_pairs, "correct_pairs": self.correct_pairs,
        }


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_scores(gold: Mapping[str, str], predicted: Mapping[str, str]) -> PairwiseScores:
    """Score predicted cluster labels against gold labels, over the items both know."""
    items = [k for k in gold if k in predicted]
    true_pairs = sum(_pairs(n) for n in Counter(gold[k] for k in items).values())
    predicted_pairs = sum(_pairs(n) for n in Counter(predicted[k] for k in items).values())
    correct = sum(_pairs(n) for n in Counter((gold[k], predicted[k]) for k in items).values())
    return PairwiseScores(true_pairs, predicted_pairs, correct)
