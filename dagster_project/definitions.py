"""Dagster definitions: generated from source.yml files and the stage modules.

Nothing here imports Scrapy or Twisted; crawls run in their own processes.
"""

from __future__ import annotations

import dagster as dg

from dagster_project.defs import automation, ingest, stages, warehouse
from dagster_project.resources import AtmpPaths, CrawlSettings, WarehouseResource


def build_definitions() -> dg.Definitions:
    jobs = automation.source_jobs()
    return dg.Definitions(
        assets=[*ingest.ingest_assets(), stages.validated_items, stages.extracted_facts, stages.resolved_entities,
                stages.geocoded_tables, warehouse.load_warehouse, warehouse.snapshot],
        jobs=[automation.INGEST_ALL, automation.PUBLISH, *jobs],
        schedules=automation.schedules(jobs),
        sensors=automation.sensors(jobs),
        resources={"atmp_paths": AtmpPaths(), "crawl_settings": CrawlSettings(), "warehouse": WarehouseResource()},
    )


defs = build_definitions()
