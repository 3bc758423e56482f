"""`atmp extract` and `atmp eval-extract`: the extraction stage on JSON Lines files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "extract",
        help="read facts (relevance, companies, site, event, modality, year, amount) from announcements",
        description=(
            "Read announcements {id,url,title,published,text} from a JSON Lines file and write one line per "
            "input with relevant, companies, partners, facility_name, city, country, event_type, modality, "
            "operational_year, investment_amount, published, plus sites, reason, language and evidence spans. "
            "A bad input line becomes an output line with 'error'."
        ),
    )
    p.add_argument("input", help="input JSON Lines file ('-' for stdin)")
    p.add_argument("-o", "--output", default="-", help="output JSON Lines file (default: stdout)")
    p.add_argument("--known-orgs", metavar="FILE", help="optional file of known organisation names, one per line (fuzzy spotting)")
    p.add_argument("--no-evidence", action="store_true", help="leave out the evidence spans")
    p.set_defaults(func=_run_extract)

    e = subparsers.add_parser(
        "eval-extract",
        help="score the extractor per field against a gold file",
        description=(
            "Run the extractor on a gold file in the format of the dev announcements (each line has the input "
            "keys plus 'gold') and print relevance precision/recall/F1 over all records and, over gold-relevant "
            "records, per-field scores: exact match after case/accent folding for strings, set F1 for lists "
            "(names without legal forms), value within 0.5%% and same currency for amounts; the mean per field."
        ),
    )
    e.add_argument("gold", help="gold JSON Lines file")
    e.add_argument("--verbose", action="store_true", help="also print every per-record disagreement")
    e.add_argument("--known-orgs", metavar="FILE", help="optional file of known organisation names, one per line")
    e.set_defaults(func=_run_eval)


def _known(path: str | None) -> list[str] | None:
    if not path:
        return None
    return [ln.strip() for ln in Path(path).read_text(encoding="utf-8").splitlines() if ln.strip()]


def _safe_extract(item, known):  # noqa: ANN001, ANN202
    """One record's output; an unexpected failure becomes an error line, never a crash of the batch."""
    from pipeline.extract import extract

    try:
        return extract(item, known).model_dump(mode="json")
    except Exception as exc:  # pragma: no cover - defensive: the extractor itself should not raise
        print(f"extract: {item.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return {"id": item.id, "error": f"extraction failed: {type(exc).__name__}: {exc}"}


def _run_extract(args: argparse.Namespace) -> int:
    from pipeline.jsonl import run_stage
    from schemas.extraction import ExtractInput

    known = _known(args.known_orgs)

    def process(items: list[ExtractInput]) -> list[dict]:
        rows = [_safe_extract(it, known) for it in items]
        if args.no_evidence:
            for r in rows:
                r.pop("evidence", None)
        return rows

    return run_stage(args.input, args.output, ExtractInput, process, command="extract")


def _run_eval(args: argparse.Namespace) -> int:
    from pipeline.extract.scoring import format_report, score
    from pipeline.jsonl import InputFileError, iter_json_lines
    from schemas.extraction import ExtractInput

    known = _known(args.known_orgs)
    pairs = []
    try:
        for number, obj in iter_json_lines(args.gold):
            if not isinstance(obj, dict) or "gold" not in obj:
                print(f"eval-extract: {args.gold}:{number}: skipped (no 'gold' key or not an object)", file=sys.stderr)
                continue
            item = ExtractInput.model_validate(obj)
            pairs.append((item.id, obj["gold"], _safe_extract(item, known)))
    except InputFileError as exc:
        print(f"eval-extract: {exc}", file=sys.stderr)
        return 2
    print(format_report(score(pairs), verbose=args.verbose))
    return 0
