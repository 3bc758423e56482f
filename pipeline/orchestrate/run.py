"""``atmp run``: materialise every asset through Dagster and print a one-screen summary.

Two Dagster runs, as the schedule and sensor do it: first every ingest asset
(a failing source fails only its own asset), then the publish chain from all
captures on disk. The exit code is 0 when everything worked, 3 when the
snapshot was published but a source failed, 1 when publishing failed.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.paths import DataPaths

logger = logging.getLogger("atmp.run")


@dataclass
class RunOutcome:
    exit_code: int
    failed_sources: dict[str, str] = field(default_factory=dict)
    snapshot: Path | None = None
    seconds: float = 0.0
    summary: dict[str, Any] = field(default_factory=dict)


def _resources(data: DataPaths, live: bool, full: bool) -> dict[str, Any]:
    from dagster_project.resources import AtmpPaths, CrawlSettings, WarehouseResource

    return {"atmp_paths": AtmpPaths(data_dir=str(data.root)),
            "crawl_settings": CrawlSettings(live=live, full_refresh=full),
            "warehouse": WarehouseResource(data_dir=str(data.root))}


def _run_config() -> dict[str, Any]:
    return {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


def _failure_reasons(result: Any) -> dict[str, str]:
    """Ingest step failures of a run, by source slug, with the crawl's explanation."""
    out = {}
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            step = event.step_key or "?"
            error = event.event_specific_data.error if event.event_specific_data else None
            message = (getattr(error, "message", None) or str(error or "failed")).strip().splitlines()[0]
            slug = step.removeprefix("raw_").removesuffix("__items")
            out[slug] = message
    return out


def run_pipeline(data: DataPaths | None = None, *, live: bool = False, full: bool = False,
                 sources: list[str] | None = None, crawl: bool = True) -> RunOutcome:
    import dagster as dg

    from dagster_project.definitions import build_definitions
    from pipeline.orchestrate.instance import ensure_dagster_home

    started = time.monotonic()
    data = (data or DataPaths.default()).ensure()
    ensure_dagster_home(data)
    instance = dg.DagsterInstance.get()
    assets = list(build_definitions().assets or [])  # built now, so sources added since import count
    resources = _resources(data, live, full)
    ingest = dg.AssetSelection.groups("raw")
    if sources:
        ingest = dg.AssetSelection.assets(*[dg.AssetKey(f"raw_{s}__items") for s in sources])
    failed: dict[str, str] = {}
    if crawl:
        logger.info("step 1/2: crawling sources (%s mode)", "live" if live else "replay")
        crawled = dg.materialize(assets, selection=ingest, instance=instance, resources=resources,
                                 run_config=_run_config(), raise_on_error=False, tags={"atmp/phase": "ingest"})
        failed = _failure_reasons(crawled)
    else:
        logger.info("step 1/2: skipped (--no-crawl): publishing the captures already on disk")
    for slug, why in failed.items():
        logger.error("source %s failed: %s", slug, why)
    logger.info("step 2/2: validate, extract, resolve, geocode, load, export")
    publish = dg.materialize(assets, selection=dg.AssetSelection.groups("staging", "warehouse", "publish"),
                             instance=instance, resources=resources, run_config=_run_config(),
                             raise_on_error=False, tags={"atmp/phase": "publish"})
    outcome = RunOutcome(exit_code=0, failed_sources=failed, seconds=time.monotonic() - started)
    if not publish.success:
        outcome.exit_code = 1
        outcome.summary["publish_failures"] = _failure_reasons(publish)
        return outcome
    from warehouse.export import latest_snapshot

    outcome.snapshot = latest_snapshot(data.snapshots)
    outcome.exit_code = 3 if failed else 0
    return outcome


def summary_lines(data: DataPaths, outcome: RunOutcome) -> list[str]:
    """The one-screen summary printed after a run."""
    lines = [f"atmp run finished in {outcome.seconds:.1f} s"]
    if outcome.snapshot is None:
        lines.append("no snapshot was published: " + json.dumps(outcome.summary.get("publish_failures", {})))
        return lines
    manifest = json.loads((outcome.snapshot / "manifest.json").read_text(encoding="utf-8"))
    lines.append("")
    lines.append("rows per table:")
    for name, info in manifest["tables"].items():
        lines.append(f"  {name:<48} {info['rows']:>7}")
    quarantined = manifest["tables"].get("core_atmp__quarantine", {}).get("rows", 0)
    lines.append(f"quarantined records (with reasons): {quarantined}  -> core_atmp__quarantine")
    lines.append(f"map points in GeoJSON: {manifest['geojson']['features']}")
    lines.append("")
    lines.append("sources:")
    for src in manifest["sources"]:
        state = "FAILED: " + outcome.failed_sources[src["slug"]] if src["slug"] in outcome.failed_sources else "ok"
        lines.append(f"  {src['slug']:<36} last good crawl {src['last_successful_crawl'] or 'never'}  {state}")
    lines.append("")
    lines.append(f"warehouse (live, owned by the pipeline): {data.warehouse}")
    lines.append(f"snapshot for analysts and sites:         {outcome.snapshot}")
    lines.append(f"  latest pointer:                        {data.latest_snapshot}")
    picture = outcome.snapshot / "out_atmp__map.png"
    if picture.exists():
        lines.append(f"  map picture:                           {picture}")
    hubs = manifest["tables"].get("out_atmp__hubs", {}).get("rows")
    if hubs:
        lines.append(f"hubs found: {hubs}  -> atmp query --example hubs")
    lines.append("query it:  atmp query --list   |   atmp query \"SELECT country_code, count(*) FROM core_atmp__organisations GROUP BY 1 ORDER BY 2 DESC\"")
    return lines
