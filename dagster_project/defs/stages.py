"""The file-to-file stages: validate, extract, resolve, geocode.

Each asset is a thin call into :mod:`pipeline.stages`; none opens the
warehouse. They read and write files in ``<data>/staging``.
"""


import dagster as dg

from dagster_project.defs.ingest import ingest_asset_key
from dagster_project.resources import AtmpPaths
from scrapers.registry import discover_sources

VALIDATED = dg.AssetKey("stg_atmp__validated_items")
EXTRACTED = dg.AssetKey("stg_atmp__extracted_facts")
RESOLVED = dg.AssetKey("stg_atmp__resolved_entities")
GEOCODED = dg.AssetKey("stg_atmp__geocoded_tables")


@dg.asset(
    key=VALIDATED,
    deps=[ingest_asset_key(c.slug) for c in discover_sources()],
    group_name="staging",
    kinds={"pydantic", "jsonl"},
    description="Current captures of every source validated against schemas/records.py; failures go to quarantine with the reason.",
)
def validated_items(context: dg.AssetExecutionContext, atmp_paths: AtmpPaths) -> dg.MaterializeResult:
    from pipeline.stages.validating import run_validate

    counts = run_validate(atmp_paths.paths(), [c.slug for c in discover_sources()])
    for slug, c in counts["sources"].items():
        context.log.info(f"{slug}: {c['valid']} valid, {c['invalid']} invalid, {c['rejected_pages']} rejected pages")
    return dg.MaterializeResult(metadata={"valid": counts["valid"], "quarantined": counts["quarantined"],
                                          "per_source": dg.MetadataValue.json(counts["sources"])})


@dg.asset(key=EXTRACTED, deps=[VALIDATED], group_name="staging", kinds={"python", "jsonl"},
          description="Facts extracted from every announcement: relevance, companies, site, modality, year, amount, with evidence spans.")
def extracted_facts(context: dg.AssetExecutionContext, atmp_paths: AtmpPaths) -> dg.MaterializeResult:
    from pipeline.stages.extracting import run_extract

    counts = run_extract(atmp_paths.paths(), progress=context.log.info)
    return dg.MaterializeResult(metadata=counts)


@dg.asset(key=RESOLVED, deps=[EXTRACTED], group_name="staging", kinds={"python", "json"},
          description="Organisations, facilities and syndicated announcements resolved to stable IDs, with curation applied.")
def resolved_entities(context: dg.AssetExecutionContext, atmp_paths: AtmpPaths) -> dg.MaterializeResult:
    from pipeline.stages.resolving import run_resolve

    counts = run_resolve(atmp_paths.paths(), progress=context.log.info)
    return dg.MaterializeResult(metadata=counts)


@dg.asset(key=GEOCODED, deps=[RESOLVED], group_name="staging", kinds={"geonames", "jsonl"},
          description="Rows of every published table, geocoded offline with GeoNames and validated against schemas/entities.py.")
def geocoded_tables(context: dg.AssetExecutionContext, atmp_paths: AtmpPaths) -> dg.MaterializeResult:
    from pipeline.stages.geocoding import run_geocode

    counts = run_geocode(atmp_paths.paths(), progress=context.log.info)
    return dg.MaterializeResult(metadata=counts)
