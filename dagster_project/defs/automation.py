"""Jobs, schedules and sensors, derived from the sources' metadata.

Ingest and publish are separate jobs so that one failing source never stops
the others from being published: whenever an ingest run ends, successful or
not, a sensor starts ``publish``, which works from all captures on disk
(earlier good data of a failed source included).
"""


import dagster as dg

from dagster_project.defs.ingest import ingest_asset_key
from schemas.source import FREQUENCY_CRON
from scrapers.registry import discover_sources

INGEST_ALL = dg.define_asset_job("ingest_all", selection=dg.AssetSelection.groups("raw"),
                                 description="Crawl every source (replay by default, live when configured).")
PUBLISH = dg.define_asset_job("publish", selection=dg.AssetSelection.groups("staging", "warehouse", "publish"),
                              description="Validate, extract, resolve, geocode, load and export a snapshot.")


def source_jobs() -> list["UnresolvedAssetJobDefinition"]:
    return [dg.define_asset_job(f"ingest_{c.slug}", selection=dg.AssetSelection.assets(ingest_asset_key(c.slug)),
                                description=f"Crawl {c.title}.") for c in discover_sources()]


def schedules(jobs: list["UnresolvedAssetJobDefinition"]) -> list[dg.ScheduleDefinition]:
    daily = dg.ScheduleDefinition(name="daily_refresh", cron_schedule=FREQUENCY_CRON["daily"], job=INGEST_ALL,
                                  execution_timezone="UTC", default_status=dg.DefaultScheduleStatus.RUNNING,
                                  description="Every night: crawl all sources; the publish sensor follows.")
    per_source = [
        dg.ScheduleDefinition(name=f"{c.slug}_{c.frequency}", cron_schedule=c.cron, job=job, execution_timezone="UTC",
                              default_status=dg.DefaultScheduleStatus.STOPPED,
                              description=f"{c.title} changes {c.frequency}; turn on to crawl it on its own rhythm.")
        for c, job in zip(discover_sources(), jobs, strict=True)
    ]
    return [daily, *per_source]


def sensors(jobs: list["UnresolvedAssetJobDefinition"]) -> list[dg.SensorDefinition]:
    monitored = [INGEST_ALL, *jobs]

    @dg.run_status_sensor(run_status=dg.DagsterRunStatus.SUCCESS, monitored_jobs=monitored, request_job=PUBLISH,
                          name="publish_after_ingest", default_status=dg.DefaultSensorStatus.RUNNING)
    def publish_after_ingest(context: dg.RunStatusSensorContext):
        return dg.RunRequest(run_key=context.dagster_run.run_id)

    @dg.run_failure_sensor(monitored_jobs=monitored, request_job=PUBLISH, name="publish_after_failed_ingest",
                           default_status=dg.DefaultSensorStatus.RUNNING)
    def publish_after_failed_ingest(context: dg.RunFailureSensorContext):
        context.log.warning(f"ingest run {context.dagster_run.run_id} failed; publishing from the captures on disk")
        return dg.RunRequest(run_key=context.dagster_run.run_id)

    return [publish_after_ingest, publish_after_failed_ingest]
