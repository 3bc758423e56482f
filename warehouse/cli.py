"""``atmp query``: ask the latest published snapshot a question in SQL (read-only)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _snapshots_dir(args: argparse.Namespace) -> Path:
    from pipeline.paths import DataPaths

    data = DataPaths(Path(args.data_dir).resolve()) if args.data_dir else DataPaths.default()
    return data.snapshots


def _params(pairs: list[str] | None) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep:
            raise SystemExit(f"atmp query: --param needs NAME=VALUE, got {pair!r}")
        out[name.strip()] = value
    return out


def cmd_query(args: argparse.Namespace) -> int:
    from warehouse.query import FORMATS, QueryError, example_queries, example_title, resolve_snapshot, run_query

    examples = example_queries()
    if args.list:
        for name, path in examples.items():
            print(f"{name:<28} {example_title(path)}")
        return 0
    if args.example:
        if args.example not in examples:
            print(f"atmp query: no example {args.example!r}; try --list", file=sys.stderr)
            return 2
        sql = examples[args.example].read_text(encoding="utf-8")
    elif args.file:
        sql = Path(args.file).read_text(encoding="utf-8")
    elif args.sql:
        sql = args.sql
    else:
        print("atmp query: give SQL, --file, --example or --list", file=sys.stderr)
        return 2
    try:
        folder = resolve_snapshot(_snapshots_dir(args), args.snapshot)
        result = run_query(folder, sql, _params(args.param))
    except QueryError as exc:
        print(f"atmp query: {exc}", file=sys.stderr)
        return 1
    text = FORMATS[args.format](result, args.max_rows) if args.format == "table" else FORMATS[args.format](result)
    print(text)
    if args.format == "table":
        print(f"snapshot: {folder.name}", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    q = subparsers.add_parser(
        "query", help="run SQL read-only against the latest published snapshot",
        description="Run SQL against snapshot.duckdb of the latest published snapshot (or --snapshot), read-only: "
                    "the live warehouse is never opened. Tables are named as in the snapshot files "
                    "(core_atmp__organisations, out_atmp__hubs ...); time travel with the table macros "
                    "organisations_as_of(ts), facilities_as_of(ts), map_as_of(ts) and changes_since(ts).",
        epilog='example: atmp query "SELECT name, sites, towns FROM out_atmp__hubs ORDER BY rank"')
    q.add_argument("sql", nargs="?", help="the SQL to run (several statements allowed; the last one's rows print)")
    q.add_argument("-f", "--file", help="read the SQL from this file")
    q.add_argument("-e", "--example", help="run an example question from warehouse/queries/ (see --list)")
    q.add_argument("--list", action="store_true", help="list the example questions")
    q.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format (default table)")
    q.add_argument("--param", action="append", metavar="NAME=VALUE",
                   help="set a SQL variable, read in SQL with getvariable('NAME') (repeatable)")
    q.add_argument("--snapshot", help="snapshot ID or folder (default: latest)")
    q.add_argument("--max-rows", type=int, default=100, help="rows shown in table format (default 100)")
    q.add_argument("--data-dir", help="data folder (default: $ATMP_DATA_DIR or warehouse/data)")
    q.set_defaults(func=cmd_query)
