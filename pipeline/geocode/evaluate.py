"""Score the geocoder against a gold file (the format of the team's ``places.jsonl``).

A row with an expected place passes when the answer's country matches and its
point lies within the row's ``tolerance_km``; a row that expects null passes
only when the answer is null. The bar for the stage is >= 98 % within
tolerance and every expected-null row null.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipeline.geocode.geocoder import Geocoder, distance_km
from schemas.geo import GeocodeGoldRow, GeoResult

BAR_WITHIN_TOLERANCE = 0.98


@dataclass
class RowOutcome:
    row: GeocodeGoldRow
    result: GeoResult
    passed: bool
    distance_km: float | None
    problem: str | None


@dataclass
class EvalReport:
    outcomes: list[RowOutcome] = field(default_factory=list)

    @property
    def located(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if o.row.expected is not None]

    @property
    def expected_null(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if o.row.expected is None]

    @property
    def failures(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if not o.passed]

    def share_within_tolerance(self) -> float:
        located = self.located
        return sum(o.passed for o in located) / len(located) if located else 1.0

    def meets_bar(self, bar: float = BAR_WITHIN_TOLERANCE) -> bool:
        return self.share_within_tolerance() >= bar and all(o.passed for o in self.expected_null)

    def summary(self) -> dict[str, Any]:
        located, nulls = self.located, self.expected_null
        distances = [o.distance_km for o in located if o.distance_km is not None]
        country_ok = sum(o.result.country == o.row.expected.country for o in located if o.row.expected)
        return {
            "rows": len(self.outcomes),
            "within_tolerance": sum(o.passed for o in located),
            "located_rows": len(located),
            "share_within_tolerance": round(self.share_within_tolerance(), 4),
            "expected_null_handled": sum(o.passed for o in nulls),
            "expected_null_rows": len(nulls),
            "country_correct": country_ok,
            "unresolved_but_expected": sum(o.result.precision is None for o in located),
            "median_error_km": round(statistics.median(distances), 2) if distances else None,
            "max_error_km": round(max(distances), 2) if distances else None,
            "all_rows_correct": sum(o.passed for o in self.outcomes),
            "precision": dict(Counter(o.result.precision or "null" for o in self.outcomes)),
            "rules": dict(Counter((o.result.rule or "-").split("+")[0] for o in self.outcomes)),
            "meets_bar": self.meets_bar(),
        }


def score_row(row: GeocodeGoldRow, result: GeoResult) -> RowOutcome:
    """Compare one answer with its gold row."""
    expected = row.expected
    if expected is None:
        passed = result.precision is None
        return RowOutcome(row, result, passed, None, None if passed else "expected null, got a place")
    if result.precision is None or result.lat is None or result.lon is None:
        return RowOutcome(row, result, False, None, f"unresolved: {result.reason}")
    dist = distance_km(result.lat, result.lon, expected.lat, expected.lon)
    if result.country != expected.country:
        return RowOutcome(row, result, False, dist, f"country {result.country} != {expected.country}")
    assert row.tolerance_km is not None
    if dist > row.tolerance_km:
        return RowOutcome(row, result, False, dist, f"{dist:.1f} km > {row.tolerance_km:g} km")
    return RowOutcome(row, result, True, dist, None)


def evaluate(rows: list[GeocodeGoldRow], geocoder: Geocoder) -> EvalReport:
    report = EvalReport()
    for row in rows:
        report.outcomes.append(score_row(row, geocoder.geocode(row.mention, row.country_hint)))
    return report


def format_report(report: EvalReport) -> str:
    """Per-row failures, then the summary table, as plain text."""
    lines: list[str] = []
    for o in report.failures:
        exp = o.row.expected
        expected = f"{exp.name} ({exp.country})" if exp else "null"
        got = f"{o.result.name} ({o.result.country}, {o.result.precision}, {o.result.rule})" if o.result.resolved else "null"
        lines.append(f"FAIL {o.row.id} {o.row.mention!r} hint={o.row.country_hint}: expected {expected}, got {got}: {o.problem}")
    s = report.summary()
    if lines:
        lines.append("")
    rows = [
        ("rows", s["rows"]),
        ("within tolerance", f"{s['within_tolerance']}/{s['located_rows']} ({s['share_within_tolerance']:.1%})"),
        ("expected null handled", f"{s['expected_null_handled']}/{s['expected_null_rows']}"),
        ("country correct", f"{s['country_correct']}/{s['located_rows']}"),
        ("unresolved but expected", s["unresolved_but_expected"]),
        ("median error km", s["median_error_km"]),
        ("max error km", s["max_error_km"]),
        ("all rows correct", f"{s['all_rows_correct']}/{s['rows']}"),
        ("precision", ", ".join(f"{k} {v}" for k, v in sorted(s["precision"].items()))),
        ("rules", ", ".join(f"{k} {v}" for k, v in sorted(s["rules"].items()))),
        ("meets bar (>= 98% and all nulls)", "yes" if s["meets_bar"] else "NO"),
    ]
    width = max(len(k) for k, _ in rows)
    lines.append(f"{'metric'.ljust(width)}  value")
    lines.extend(f"{k.ljust(width)}  {v}" for k, v in rows)
    return "\n".join(lines)
