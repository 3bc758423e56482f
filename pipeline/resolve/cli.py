"""`atmp resolve`, `atmp resolve-facilities`, `atmp eval-resolve`, `atmp curation-check`."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

log = logging.getLogger("pipeline.resolve")


def _add_knowledge_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--registry", type=Path, metavar="PATH",
                   help="known organisations (JSONL organisation records or Parquet); default: the latest "
                        "snapshot's core_atmp__organisations.parquet when one exists")
    p.add_argument("--no-registry", action="store_true", help="resolve from the mentions alone")
    p.add_argument("--judgements", type=Path, metavar="PATH",
                   help="curation file or folder (default: the repo's curation/)")
    p.add_argument("--no-judgements", action="store_true", help="ignore the curation files")
    p.add_argument("--announcements", type=Path, action="append", default=[], metavar="PATH",
                   help="JSONL announcements ({id, url, title, text}) to learn tickers and former names "
                        "from; may be repeated")


def _knowledge(args: argparse.Namespace) -> tuple[list, Any, list]:
    from pipeline.jsonl import read_jsonl
    from pipeline.resolve.aliases import learn_aliases
    from pipeline.resolve.curation import load_curation
    from pipeline.resolve.registry import default_registry_path, load_registry

    registry: list = []
    if not args.no_registry:
        path = args.registry or default_registry_path()
        if path is None:
            log.info("registry: none (no --registry and no published snapshot); resolving from mentions alone")
        else:
            registry = load_registry(path)
            log.info("registry: %d organisations from %s", len(registry), path)
    curation = None if args.no_judgements else load_curation(args.judgements)
    if curation is not None:
        log.info("curation: %d judgements, %d organisations from %s", len(curation.judgements),
                 len(curation.organisations), ", ".join(curation.sources) or "(no files)")
    facts: list = []
    for path in args.announcements:
        for row in read_jsonl(path):
            text = "\n\n".join(str(row.get(k) or "") for k in ("title", "text"))
            facts.extend(learn_aliases(text, str(row.get("id")), row.get("url")))
        log.info("learned %d alias facts from %s", len(facts), path)
    return registry, curation, facts


def _id_map(args: argparse.Namespace) -> Path | None:
    from pipeline.resolve.idmap import default_id_map_path

    if args.no_id_map:
        return None
    return args.id_map or default_id_map_path()


def cmd_resolve(args: argparse.Namespace) -> int:
    from pipeline.jsonl import run_stage
    from pipeline.resolve.curation import CurationError
    from pipeline.resolve.orgs import resolve_mentions
    from schemas.resolution import Mention

    try:
        registry, curation, facts = _knowledge(args)
    except (CurationError, OSError, ValueError) as exc:
        print(f"resolve: {exc}", file=sys.stderr)
        return 2
    id_map = _id_map(args)
    if id_map:
        log.info("ID map: %s", id_map)

    def process(mentions: list[Mention]) -> list[dict[str, Any]]:
        results = resolve_mentions(mentions, registry, curation, id_map, aliases=facts)
        if args.details:
            return [r.model_dump() for r in results]
        return [{"id": r.id, "entity_id": r.entity_id, "canonical_name": r.canonical_name} for r in results]

    return run_stage(args.input, args.output, Mention, process, command="resolve")


def cmd_resolve_facilities(args: argparse.Namespace) -> int:
    from pipeline.jsonl import run_stage, write_jsonl
    from pipeline.resolve.curation import CurationError, load_curation
    from pipeline.resolve.facilities import fact_facility_ids, resolve_facilities
    from schemas.resolution import FacilityFact

    try:
        curation = None if args.no_judgements else load_curation(args.judgements)
    except CurationError as exc:
        print(f"resolve-facilities: {exc}", file=sys.stderr)
        return 2
    id_map = _id_map(args)

    def process(facts: list[FacilityFact]) -> list[dict[str, Any]]:
        facilities = resolve_facilities(facts, curation, id_map)
        if args.facilities:
            count = write_jsonl(args.facilities, facilities)
            print(f"resolve-facilities: {count} facilities -> {args.facilities}", file=sys.stderr)
        ids = fact_facility_ids(facts, facilities)
        return [{"id": fact.announcement_id, "facility_id": fid} for fact, fid in zip(facts, ids, strict=True)]

    return run_stage(args.input, args.output, FacilityFact, process, command="resolve-facilities")


def cmd_eval(args: argparse.Namespace) -> int:
    import json
    from collections import defaultdict

    from pipeline.jsonl import read_jsonl
    from pipeline.resolve.curation import CurationError
    from pipeline.resolve.evaluate import pairwise_scores
    from pipeline.resolve.orgs import resolve_mentions
    from schemas.resolution import Mention

    try:
        registry, curation, facts = _knowledge(args)
        rows = read_jsonl(args.gold)
    except (CurationError, OSError, ValueError) as exc:
        print(f"eval-resolve: {exc}", file=sys.stderr)
        return 2
    mentions = [Mention(id=str(r["id"]), mention=r["mention"], country_hint=r.get("country_hint")) for r in rows]
    results = resolve_mentions(mentions, registry, curation, None, aliases=facts)
    gold = {str(r["id"]): str(r["cluster"]) for r in rows}
    predicted = {r.id: r.entity_id for r in results}
    scores = pairwise_scores(gold, predicted)
    by_id = {str(r["id"]): r for r in rows}
    wrong, missed = defaultdict(set), defaultdict(set)
    for entity in set(predicted.values()):
        members = [i for i, e in predicted.items() if e == entity]
        if len({gold[i] for i in members}) > 1:
            wrong[entity] = {by_id[i]["mention"] for i in members}
    for cluster in set(gold.values()):
        members = [i for i, c in gold.items() if c == cluster]
        if len({predicted[i] for i in members}) > 1:
            missed[cluster] = {f"{by_id[i]['mention']} [{predicted[i][-6:]}]" for i in members}
    if args.json:
        print(json.dumps({**scores.as_dict(), "mentions": len(rows), "gold_clusters": len(set(gold.values())),
                          "predicted_clusters": len(set(predicted.values()))}))
    else:
        print(f"{'metric':<22}{'value':>10}")
        for key, value in scores.as_dict().items():
            print(f"{key:<22}{value:>10}")
        print(f"{'mentions':<22}{len(rows):>10}")
        print(f"{'gold clusters':<22}{len(set(gold.values())):>10}")
        print(f"{'predicted clusters':<22}{len(set(predicted.values())):>10}")
        if args.show_errors:
            for names in wrong.values():
                print("wrong merge:", " | ".join(sorted(names)))
            for cluster, names in sorted(missed.items()):
                print(f"split {cluster}:", " | ".join(sorted(names)))
    return 0


def cmd_curation_check(args: argparse.Namespace) -> int:
    from pipeline.resolve.curation import CurationError, load_curation

    try:
        cur = load_curation(args.path)
    except CurationError as exc:
        print(f"curation-check: {exc}", file=sys.stderr)
        return 1
    print(f"curation-check: OK: {len(cur.judgements)} judgements, {len(cur.organisations)} organisations, "
          f"{len(cur.facilities)} facilities, {len(cur.corrections)} corrections in {', '.join(cur.sources)}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "resolve", help="resolve organisation mentions to stable entity IDs",
        description="Read {id, mention, country_hint} lines and write {id, entity_id, canonical_name} lines. "
                    "Uses a registry of known organisations, the reviewed curation files and, optionally, "
                    "aliases learned from announcements; issued IDs are kept in the data folder's ID map.",
    )
    p.add_argument("input", help="JSON Lines of mentions ('-' for stdin)")
    p.add_argument("-o", "--output", default="-", help="output JSON Lines (default: stdout)")
    _add_knowledge_options(p)
    p.add_argument("--id-map", type=Path, metavar="PATH", help="ID map file (default: <data>/state/resolve/entity_ids.json)")
    p.add_argument("--no-id-map", action="store_true", help="neither read nor save issued IDs")
    p.add_argument("--details", action="store_true", help="also write rule, score and registry_id")
    p.set_defaults(func=cmd_resolve)

    p = subparsers.add_parser(
        "resolve-facilities", help="merge facility facts into facilities with status timelines",
        description="Read FacilityFact lines (one site in one announcement) and write {id, facility_id} per line; "
                    "--facilities writes the merged facilities (status timeline, announcements, sources).",
    )
    p.add_argument("input", help="JSON Lines of facility facts")
    p.add_argument("-o", "--output", default="-", help="per-fact output (default: stdout)")
    p.add_argument("--facilities", type=Path, metavar="PATH", help="write the resolved facilities here")
    p.add_argument("--judgements", type=Path, metavar="PATH", help="curation file or folder (default: curation/)")
    p.add_argument("--no-judgements", action="store_true", help="ignore the curation files")
    p.add_argument("--id-map", type=Path, metavar="PATH", help="ID map file (default: the data folder's)")
    p.add_argument("--no-id-map", action="store_true", help="neither read nor save issued IDs")
    p.set_defaults(func=cmd_resolve_facilities)

    p = subparsers.add_parser(
        "eval-resolve", help="pairwise precision/recall/F1 of organisation resolution against a gold file",
        description="Score `resolve` on a gold file of {id, mention, country_hint, cluster} lines "
                    "(the format of the team's dev/organisations.jsonl). No ID map is read or written.",
    )
    p.add_argument("gold", type=Path, help="gold JSON Lines")
    _add_knowledge_options(p)
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.add_argument("--show-errors", action="store_true", help="list wrong merges and split clusters")
    p.set_defaults(func=cmd_eval)

    p = subparsers.add_parser(
        "curation-check", help="validate the reviewed curation files",
        description="Check curation/*.yml (judgements, curated organisations and facilities, corrections); "
                    "an invalid entry is reported with its file, entry and field.",
    )
    p.add_argument("path", nargs="?", type=Path, help="file or folder (default: the repo's curation/)")
    p.set_defaults(func=cmd_curation_check)
