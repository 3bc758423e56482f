"""One ingest asset per ``scrapers/sources/<slug>/source.yml``, generated, never hand-listed.

Each asset runs one crawl in its own process (Scrapy never enters this
process), then checks the source's current item set against the bounds its
source.yml declares.
"""


import dagster as dg

from dagster_project.resources import AtmpPaths, CrawlSettings
from schemas.source import SourceConfig
from scrapers.registry import discover_sources


def ingest_asset_key(slug: str) -> dg.AssetKey:
    return dg.AssetKey(f"raw_{slug}__items")


def build_ingest_asset(config: SourceConfig) -> dg.AssetsDefinition:
    slug = config.slug
    key = ingest_asset_key(slug)

    @dg.asset(
        key=key,
        group_name="raw",
        kinds={"scrapy", "jsonl"},
        pool="crawl",
        description=f"{config.title} ({config.kind}, {config.frequency}): {config.description.strip()}",
        metadata={"source_slug": slug, "publisher": config.publisher, "based_on": config.based_on,
                  "min_items": config.expected.min_items, "max_items": config.expected.max_items},
        check_specs=[
            dg.AssetCheckSpec("item_count_within_bounds", asset=key,
                              description=f"current items between {config.expected.min_items} and {config.expected.max_items}"),
            dg.AssetCheckSpec("item_ids_unique", asset=key, description="no two current items share an ID"),
        ],
    )
    def _ingest(context: dg.AssetExecutionContext, atmp_paths: AtmpPaths, crawl_settings: CrawlSettings):
        from pipeline.ingest import crawl_source
        from pipeline.raw import current_items

        data = atmp_paths.paths()
        mode = "live" if crawl_settings.live else "replay"
        context.log.info(f"crawling {slug} ({mode})")

        def relay(line: str) -> None:
            if " WARNING" in line or " ERROR" in line or line.startswith("scrapers.run"):
                context.log.warning(line)

        result = crawl_source(slug, data, live=crawl_settings.live, full=crawl_settings.full_refresh,
                              record=crawl_settings.record, timeout=crawl_settings.timeout_seconds, on_line=relay)
        if not result.ok:
            raise dg.Failure(description=result.explain(), metadata={"exit_code": result.exit_code,
                                                                       "capture_dir": str(result.summary.get("capture_dir"))})
        items, bad = current_items(slug, data)
        ids = [i.get("item_id") for i in items]
        n = len(items)
        bounds_ok = config.expected.min_items <= n <= config.expected.max_items
        yield dg.MaterializeResult(
            metadata={
                "crawl_id": result.summary.get("crawl_id"),
                "items_scraped": result.summary.get("items_scraped"),
                "items_unchanged": result.summary.get("items_unchanged"),
                "requests": result.summary.get("requests"),
                "rejects": result.summary.get("rejects"),
                "current_items": n,
                "unreadable_capture_lines": len(bad),
                "warnings": dg.MetadataValue.json(result.summary.get("warnings", [])),
            },
            check_results=[
                dg.AssetCheckResult(
                    check_name="item_count_within_bounds", passed=bounds_ok,
                    severity=dg.AssetCheckSeverity.ERROR if n < config.expected.min_items else dg.AssetCheckSeverity.WARN,
                    metadata={"current_items": n, "min": config.expected.min_items, "max": config.expected.max_items},
                ),
                dg.AssetCheckResult(check_name="item_ids_unique", passed=len(set(ids)) == len(ids),
                                    metadata={"items": n, "distinct_ids": len(set(ids))}),
            ],
        )

    return _ingest


def ingest_assets() -> list[dg.AssetsDefinition]:
    return [build_ingest_asset(c) for c in discover_sources()]
