"""``atmp parse``: run the generic article parser over saved pages listed in a JSON Lines file."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path
from typing import Any

DEFAULT_MAX_BYTES = 5_000_000
OUTPUT_FIELDS = (
    "title", "published", "language", "text", "published_source", "canonical_url",
    "dateline", "is_partial", "byline",
)


def read_page(path: Path, max_bytes: int) -> tuple[bytes, list[str]]:
    """At most ``max_bytes`` + 1 bytes of a saved page, so a huge file is never read whole.

    A gzipped file keeps its extra byte so the parser sees the stream is cut; a
    plain one is cut to ``max_bytes`` here and a note says so.
    """
    notes: list[str] = []
    with path.open("rb") as fh:
        body = fh.read(max_bytes + 1)
    size = path.stat().st_size
    if size > max_bytes:
        notes.append(f"file has {size} bytes; read the first {max_bytes}")
        if not body.startswith(b"\x1f\x8b"):
            body = body[:max_bytes]
    return body, notes


def parse_saved_page(record: Any, base: Path, *, max_bytes: int, with_warnings: bool) -> dict[str, Any]:
    """One output line for one input record; file problems become an ``error``, never an exception."""
    from pipeline.parse.article import parse_article
    from schemas.article import ParsedArticle

    row: dict[str, Any] = {"id": record.id}
    path = Path(record.path).expanduser()
    if not path.is_absolute():
        path = base / path
    try:
        body, notes = read_page(path, max_bytes)
    except (OSError, ValueError) as exc:  # missing, a directory, no permission, NUL in the name
        notes = []
        article = ParsedArticle(url=record.url, error=f"cannot read {record.path}: {getattr(exc, 'strerror', None) or exc}")
    else:
        article = parse_article(
            body, record.url, content_type=record.content_type, content_language=record.content_language,
            max_bytes=max_bytes,
        )
    data = article.model_dump(mode="json")
    row.update({field: data[field] for field in OUTPUT_FIELDS})
    if with_warnings:
        row["warnings"] = notes + article.warnings
    if article.error:
        row["error"] = article.error
    return row


def _run(args: argparse.Namespace) -> int:
    from pipeline.jsonl import run_stage
    from schemas.article import ParseRequest

    base = Path.cwd() if args.input == "-" else Path(args.input).resolve().parent
    failed = 0

    def process(records: list[ParseRequest]) -> list[dict[str, Any]]:
        nonlocal failed
        work = partial(parse_saved_page, base=base, max_bytes=args.max_bytes, with_warnings=args.warnings)
        if args.jobs > 1 and len(records) > 1:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=args.jobs) as pool:
                rows = list(pool.map(work, records, chunksize=4))
        else:
            rows = [work(record) for record in records]
        for record, row in zip(records, rows, strict=True):
            if "error" in row:
                failed += 1
                print(f"atmp parse: {args.input}: id {record.id}: {row['error']}", file=sys.stderr)
        return rows

    code = run_stage(args.input, args.output, ParseRequest, process, command="atmp parse")
    if code == 0 and failed:
        print(f"atmp parse: {failed} page(s) could not be parsed (see their \"error\")", file=sys.stderr)
    return code


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "parse",
        help="extract title, date, language and main text from saved news pages",
        description=(
            "Run the generic article parser on saved pages.\n\n"
            'input lines:  {"id", "url", "path"} and optionally "content_type" and "content_language"\n'
            "              (the HTTP headers);\n"
            "              path is an HTML file, plain or gzipped, relative to the input file's folder\n"
            'output lines: {"id", "title", "published", "language", "text", "published_source",\n'
            '              "canonical_url", "dateline", "is_partial", "byline"}, plus "error" when the\n'
            "              page could not be parsed (the batch always goes on)"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example: atmp parse pages.jsonl -o parsed.jsonl --warnings",
    )
    p.add_argument("input", help="JSON Lines file of pages to parse ('-' for stdin)")
    p.add_argument("-o", "--output", default="-", help="output JSON Lines file ('-' for stdout, the default)")
    p.add_argument(
        "--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
        help=f"parse at most this many bytes of each page, after decompression (default {DEFAULT_MAX_BYTES})",
    )
    p.add_argument("--warnings", action="store_true", help='add a "warnings" list to each output line')
    p.add_argument(
        "-j", "--jobs", type=int, default=1,
        help="parse pages in this many processes (default 1; each process loads the models once, ~3 s)",
    )
    p.set_defaults(func=_run)
