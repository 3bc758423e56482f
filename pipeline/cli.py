"""The ``atmp`` command.

Sub-commands are contributed by stage packages: every module named ``cli`` in a
sub-package of :mod:`pipeline` (and :mod:`warehouse.cli`) exposes
``register(subparsers)``. Adding a stage therefore touches no code here.
Heavy imports belong inside the command functions so ``atmp --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence

import pipeline

EXTRA_COMMAND_MODULES = ("warehouse.cli",)
OUR_LOGGERS = ("atmp", "pipeline", "scrapers", "warehouse", "dagster_project")


def _command_modules() -> list[str]:
    names = [
        f"pipeline.{info.name}.cli"
        for info in pkgutil.iter_modules(pipeline.__path__)
        if info.ispkg and importlib.util.find_spec(f"pipeline.{info.name}.cli") is not None
    ]
    return sorted(names) + [m for m in EXTRA_COMMAND_MODULES if importlib.util.find_spec(m)]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="atmp",
        description="European ATMP landscape pipeline: crawl, extract, resolve, geocode, load, publish.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in _command_modules():
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for name in OUR_LOGGERS:  # our progress at INFO; libraries only when they warn
        logging.getLogger(name).setLevel(logging.DEBUG if args.verbose else logging.INFO)
    try:
        code = args.func(args)
    except KeyboardInterrupt:
        print("atmp: interrupted", file=sys.stderr)
        return 130
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
