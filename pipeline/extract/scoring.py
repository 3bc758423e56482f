"""Per-field scores of extractions against a gold file (the format of the team's dev announcements).

Scoring rules (also in docs/extraction.md):

- ``relevant``: precision, recall and F1 of ``true`` over all records.
- The other fields are scored over gold-relevant records only, one score in [0, 1] per record,
  averaged:
  - strings (``facility_name``, ``city``, ``country``, ``event_type``): 1 when equal after case and
    accent folding (both null also counts as equal);
  - name lists (``companies``, ``partners``): set F1 after folding and removing legal forms
    (cleanco) and a trailing "Holdings"/"Group" (two empty sets score 1);
  - ``modality``: set F1 (two empty sets score 1);
  - ``operational_year``: exact;
  - ``investment_amount``: 1 when both are null, or when the values differ by at most 0.5 % and the
    currencies are equal.
- The mean per-field score is the mean over the non-relevance fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.extract.orgs import fold, strip_legal_form

STRING_FIELDS = ("facility_name", "city", "country", "event_type")
NAME_LIST_FIELDS = ("companies", "partners")
FIELDS = ("companies", "partners", "facility_name", "city", "country", "event_type", "modality", "operational_year", "investment_amount")


def _fold_str(value: Any) -> str | None:
    return None if value is None else fold(str(value))


def _fold_org(name: str) -> str:
    key = fold(strip_legal_form(name))
    return re.sub(r"\s+(?:holdings|holding|group|groupe|gruppe)$", "", key)


def set_f1(gold: Iterable[str], pred: Iterable[str]) -> float:
    g, p = set(gold), set(pred)
    if not g and not p:
        return 1.0
    if not g or not p:
        return 0.0
    tp = len(g & p)
    return 2 * tp / (len(g) + len(p))


def amount_match(gold: dict[str, Any] | None, pred: dict[str, Any] | None) -> float:
    if gold is None or pred is None:
        return 1.0 if gold is None and pred is None else 0.0
    gv, pv = float(gold["value"]), float(pred["value"])
    close = abs(gv - pv) <= 0.005 * max(abs(gv), 1e-9)
    return 1.0 if close and gold.get("currency") == pred.get("currency") else 0.0


def field_score(name: str, gold: Any, pred: Any) -> float:
    if name in STRING_FIELDS:
        return 1.0 if _fold_str(gold) == _fold_str(pred) else 0.0
    if name in NAME_LIST_FIELDS:
        return set_f1({_fold_org(x) for x in gold or []}, {_fold_org(x) for x in pred or []})
    if name == "modality":
        return set_f1(gold or [], pred or [])
    if name == "operational_year":
        return 1.0 if gold == pred else 0.0
    if name == "investment_amount":
        return amount_match(gold, pred)
    raise KeyError(name)


@dataclass
class Report:
    n: int = 0
    n_relevant_gold: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    sums: dict[str, float] = field(default_factory=lambda: {f: 0.0 for f in FIELDS})
    disagreements: list[tuple[str, str, Any, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def relevance_f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def field_means(self) -> dict[str, float]:
        return {f: (s / self.n_relevant_gold if self.n_relevant_gold else 0.0) for f, s in self.sums.items()}

    @property
    def mean_field_score(self) -> float:
        means = self.field_means()
        return sum(means.values()) / len(means)


def score(pairs: Iterable[tuple[str, dict[str, Any], dict[str, Any]]]) -> Report:
    """``pairs``: (record id, gold dict, predicted output line)."""
    rep = Report()
    for rid, gold, pred in pairs:
        rep.n += 1
        g_rel, p_rel = bool(gold["relevant"]), bool(pred.get("relevant"))
        rep.tp += g_rel and p_rel
        rep.fp += (not g_rel) and p_rel
        rep.fn += g_rel and not p_rel
        if g_rel != p_rel:
            rep.disagreements.append((rid, "relevant", g_rel, f"{p_rel} ({pred.get('reason')})"))
        if not g_rel:
            continue
        rep.n_relevant_gold += 1
        for f in FIELDS:
            s = field_score(f, gold.get(f), pred.get(f))
            rep.sums[f] += s
            if s < 1.0:
                p = pred.get(f)
                if f == "investment_amount" and p:
                    p = {"value": p.get("value"), "currency": p.get("currency")}
                rep.disagreements.append((rid, f, gold.get(f), p))
    return rep


def format_report(rep: Report, *, verbose: bool = False) -> str:
    lines = [
        f"records: {rep.n} (gold relevant: {rep.n_relevant_gold})",
        f"relevance: precision {rep.precision:.3f}  recall {rep.recall:.3f}  F1 {rep.relevance_f1:.3f}",
        "",
        f"{'field':<20} score (over gold-relevant records)",
    ]
    for f, v in rep.field_means().items():
        lines.append(f"{f:<20} {v:.3f}")
    lines.append(f"{'mean per field':<20} {rep.mean_field_score:.3f}")
    if verbose and rep.disagreements:
        lines += ["", "disagreements (id, field, gold, predicted):"]
        for rid, f, g, p in rep.disagreements:
            lines.append(f"  {rid}  {f}: gold={g!r}  predicted={p!r}")
    return "\n".join(lines)
