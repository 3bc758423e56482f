"""Derive the warehouse from the pydantic models: DDL, comments, checks, dictionary.

One registry (:data:`TABLES`) names each published table, its model, key and
layer. Everything else is computed from the models' annotations and field
metadata, so a column is described once, in ``schemas/``.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from schemas.entities import (
    Announcement,
    Approval,
    ApprovalsPerYear,
    CountrySummary,
    Crawl,
    Facility,
    FacilityPipelineRow,
    FacilityVersion,
    Hub,
    HubSite,
    MapPoint,
    MapPointVersion,
    ModalitySummary,
    Organisation,
    OrganisationVersion,
    Quarantine,
    RawItemRow,
)

SCHEMA_VERSION = "1.1.0"


Layer = Literal["raw", "core", "hist", "out"]
BuiltBy = Literal["load", "history", "marts"]


@dataclass(frozen=True)
class TableSpec:
    """One published table: its model, key, layer and where its rows come from.

    ``built_by`` says which step writes it: ``load`` reads the staged JSONL of
    the same name, ``history`` is written by load as versions of
    ``history_of``, ``marts`` is derived in the warehouse from ``upstream``.
    """

    name: str
    model: type[BaseModel]
    primary_key: str | tuple[str, ...]
    layer: Layer
    description: str
    published: bool = True
    built_by: BuiltBy = "load"
    upstream: tuple[str, ...] = ()
    history_of: str | None = None

    @property
    def key_columns(self) -> tuple[str, ...]:
        return (self.primary_key,) if isinstance(self.primary_key, str) else tuple(self.primary_key)

    @property
    def order_by(self) -> str:
        """Deterministic row order for files (nulls last, so exports are byte-stable)."""
        return ", ".join(f"{c} NULLS LAST" for c in self.key_columns)


_CORE_ORG, _CORE_FAC, _MAP = "core_atmp__organisations", "core_atmp__facilities", "out_atmp__map_points"
_HIST_DESC = ("Every version of {what}: a new row when its content changes, valid_from/valid_to are load times. "
              "Use the table macro {macro}(ts) for the state at a time.")

TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in [
        TableSpec(_CORE_ORG, Organisation, "organisation_id", "core",
                  "Resolved organisations (developers, CDMOs, academic centres, suppliers) with their site."),
        TableSpec(_CORE_FAC, Facility, "facility_id", "core",
                  "Resolved facilities (plants, centres) with status timeline and the announcements behind them."),
        TableSpec("core_atmp__announcements", Announcement, "announcement_id", "core",
                  "Every captured announcement, with relevance, extracted facts and provenance."),
        TableSpec("core_atmp__approvals", Approval, "approval_id", "core",
                  "Centrally authorised advanced therapy medicinal products in the EU."),
        TableSpec("core_atmp__quarantine", Quarantine, "quarantine_id", "core",
                  "Records and pages the pipeline refused, with the reason; nothing is dropped silently."),
        TableSpec("core_atmp__crawls", Crawl, "crawl_id", "core",
                  "One row per crawl with its outcome and counts."),
        TableSpec(_MAP, MapPoint, "point_id", "out",
                  "Points for the European map: organisations and European facility sites with coordinates."),
        TableSpec("hist_atmp__organisations", OrganisationVersion, "version_id", "hist",
                  _HIST_DESC.format(what="every organisation row", macro="organisations_as_of"),
                  built_by="history", history_of=_CORE_ORG),
        TableSpec("hist_atmp__facilities", FacilityVersion, "version_id", "hist",
                  _HIST_DESC.format(what="every facility row", macro="facilities_as_of"),
                  built_by="history", history_of=_CORE_FAC),
        TableSpec("hist_atmp__map_points", MapPointVersion, "version_id", "hist",
                  _HIST_DESC.format(what="every map point", macro="map_as_of"),
                  built_by="history", history_of=_MAP),
        TableSpec("out_atmp__hubs", Hub, "hub_id", "out",
                  "Hubs: sites clustered by distance within a country, each named after its town with most sites.",
                  built_by="marts", upstream=(_MAP,)),
        TableSpec("out_atmp__hub_sites", HubSite, "point_id", "out",
                  "Membership of map points in hubs (points outside every hub are absent).",
                  built_by="marts", upstream=(_MAP,)),
        TableSpec("out_atmp__countries", CountrySummary, "country_code", "out",
                  "Organisations, facilities, hubs and approvals per country.",
                  built_by="marts", upstream=(_CORE_ORG, _CORE_FAC, "core_atmp__approvals", _MAP)),
        TableSpec("out_atmp__modalities", ModalitySummary, "modality", "out",
                  "Therapy modalities on the European map: organisations, facilities, countries.",
                  built_by="marts", upstream=(_CORE_ORG, _CORE_FAC)),
        TableSpec("out_atmp__facility_pipeline", FacilityPipelineRow, ("status", "operational_year"), "out",
                  "European facilities by latest status and operational year (the build-out pipeline).",
                  built_by="marts", upstream=(_CORE_FAC,)),
        TableSpec("out_atmp__approvals_per_year", ApprovalsPerYear, "authorisation_year", "out",
                  "EU approvals of advanced therapy medicinal products per year (EMA source).",
                  built_by="marts", upstream=("core_atmp__approvals",)),
    ]
}

RAW_ITEMS = TableSpec("raw_{slug}__items", RawItemRow, "item_id", "raw",
                      "Current captured items of one source (latest capture of each item).")


def raw_table(slug: str) -> TableSpec:
    return TableSpec(RAW_ITEMS.name.format(slug=slug), RawItemRow, "item_id", "raw",
                     f"Current captured items of source {slug} (latest capture of each item).")


# --- type mapping ----------------------------------------------------------------

def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(inner type, nullable) for Optional / Annotated / X | None."""
    nullable = False
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(get_args(annotation))
        if len(args) == 1:
            inner, _ = _unwrap(args[0])
            return inner, nullable
        # a union of literals and strings is still text
        return str, nullable
    return annotation, nullable


def duckdb_type(annotation: Any) -> str:
    inner, _ = _unwrap(annotation)
    origin = get_origin(inner)
    if origin is list:
        (item,) = get_args(inner) or (str,)
        return f"{duckdb_type(item)}[]"
    if origin is Literal or inner is str:
        return "VARCHAR"
    if inner is bool:
        return "BOOLEAN"
    if inner is int:
        return "BIGINT"
    if inner is float:
        return "DOUBLE"
    if inner is datetime:
        return "TIMESTAMPTZ"
    if inner is date:
        return "DATE"
    if isinstance(inner, type) and issubclass(inner, BaseModel) or origin is dict:
        return "JSON"
    raise TypeError(f"no DuckDB type for {annotation!r}")


def literal_values(annotation: Any) -> list[str] | None:
    inner, _ = _unwrap(annotation)
    if get_origin(inner) is Literal:
        return [str(v) for v in get_args(inner)]
    if get_origin(inner) in (typing.Union, types.UnionType):
        return None
    return None


def _constraint(field: FieldInfo, name: str) -> Any:
    for meta in field.metadata:
        if hasattr(meta, name):
            return getattr(meta, name)
    return None


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool
    description: str
    allowed: list[str] | None
    ge: float | None
    le: float | None
    pattern: str | None


def columns(model: type[BaseModel]) -> list[Column]:
    out = []
    # keys first, observation window last: easier to read in every client
    ordered = sorted(model.model_fields.items(), key=lambda kv: kv[0] in ("first_seen_at", "last_seen_at"))
    for name, field in ordered:
        _, nullable = _unwrap(field.annotation)
        inner, _ = _unwrap(field.annotation)
        allowed = None
        if get_origin(inner) is list:
            item = get_args(inner)[0]
            allowed = literal_values(item)
        else:
            allowed = literal_values(field.annotation)
        out.append(
            Column(
                name=name,
                type=duckdb_type(field.annotation),
                nullable=nullable or not field.is_required() and field.default is None,
                description=field.description or "",
                allowed=allowed,
                ge=_constraint(field, "ge"),
                le=_constraint(field, "le"),
                pattern=_constraint(field, "pattern"),
            )
        )
    return out


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_table_sql(spec: TableSpec) -> str:
    """DDL from the model; the key is a PRIMARY KEY when all its columns are NOT NULL.

    A key with a nullable column (e.g. ``operational_year``) cannot be a SQL
    primary key; its uniqueness is then enforced by the derived check instead.
    """
    cols = columns(spec.model)
    nullable = {c.name for c in cols if c.nullable}
    lines = [f"    {c.name} {c.type}{'' if c.nullable else ' NOT NULL'}" for c in cols]
    if not nullable & set(spec.key_columns):
        lines.append(f"    PRIMARY KEY ({', '.join(spec.key_columns)})")
    return f"CREATE TABLE IF NOT EXISTS {spec.name} (\n" + ",\n".join(lines) + "\n);"


def comment_sql(spec: TableSpec) -> list[str]:
    stmts = [f"COMMENT ON TABLE {spec.name} IS {_sql_str(spec.description)};"]
    for col in columns(spec.model):
        stmts.append(f"COMMENT ON COLUMN {spec.name}.{col.name} IS {_sql_str(col.description)};")
    return stmts


@dataclass(frozen=True)
class CheckSpec:
    """A data-quality check: SQL that counts violating rows (0 means pass)."""

    table: str
    name: str
    description: str
    sql: str


def check_specs(spec: TableSpec) -> list[CheckSpec]:
    """Checks derived from the model: key unique and present, allowed values, ranges, patterns."""
    t, keys = spec.name, spec.key_columns
    key_expr = keys[0] if len(keys) == 1 else f"({', '.join(keys)})"
    checks = [
        CheckSpec(t, f"{'_'.join(keys)}_unique", f"{' + '.join(keys)} is unique",
                  f"SELECT count(*) - count(DISTINCT {key_expr}) FROM {t}"),
    ]
    for col in columns(spec.model):
        c = col.name
        if not col.nullable:
            checks.append(CheckSpec(t, f"{c}_not_null", f"{c} is never null", f"SELECT count(*) FROM {t} WHERE {c} IS NULL"))
        if col.allowed and not col.type.endswith("[]"):
            values = ", ".join(_sql_str(v) for v in col.allowed)
            checks.append(CheckSpec(t, f"{c}_allowed", f"{c} is one of {col.allowed}",
                                    f"SELECT count(*) FROM {t} WHERE {c} IS NOT NULL AND {c} NOT IN ({values})"))
        if col.allowed and col.type.endswith("[]"):
            values = ", ".join(_sql_str(v) for v in col.allowed)
            checks.append(CheckSpec(t, f"{c}_allowed", f"every {c} value is one of {col.allowed}",
                                    f"SELECT count(*) FROM {t} WHERE len(list_filter({c}, lambda x: x NOT IN ({values}))) > 0"))
        if col.ge is not None:
            checks.append(CheckSpec(t, f"{c}_min", f"{c} >= {col.ge}", f"SELECT count(*) FROM {t} WHERE {c} < {col.ge}"))
        if col.le is not None:
            checks.append(CheckSpec(t, f"{c}_max", f"{c} <= {col.le}", f"SELECT count(*) FROM {t} WHERE {c} > {col.le}"))
        if col.pattern and col.type == "VARCHAR":
            checks.append(CheckSpec(t, f"{c}_pattern", f"{c} matches {col.pattern}",
                                    f"SELECT count(*) FROM {t} WHERE {c} IS NOT NULL AND NOT regexp_full_match({c}, {_sql_str(col.pattern.strip('^$'))})"))
    return checks


def data_dictionary_markdown() -> str:
    """The data dictionary, generated from the models."""
    lines = [f"# Data dictionary (schema version {SCHEMA_VERSION})", "",
             "Generated from the pydantic models in `schemas/`; do not edit by hand.", ""]
    specs = [*TABLES.values(), RAW_ITEMS]
    for spec in specs:
        lines += [f"## `{spec.name}`", "", spec.description, "", f"Key: `{', '.join(spec.key_columns)}` · layer: {spec.layer}", "",
                  "| column | type | null | description |", "|---|---|---|---|"]
        for col in columns(spec.model):
            text = col.description.replace("|", "\\|")
            if col.allowed:
                text = f"{text.rstrip('.')}. One of: {', '.join(col.allowed)}."
            lines.append(f"| `{col.name}` | {col.type} | {'yes' if col.nullable else 'no'} | {text} |")
        lines.append("")
    return "\n".join(lines)


def json_schemas() -> dict[str, Any]:
    """JSON Schema of every published table's rows."""
    return {spec.name: spec.model.model_json_schema() for spec in [*TABLES.values(), RAW_ITEMS]}


def json_schema_text() -> str:
    return json.dumps(json_schemas(), indent=2, ensure_ascii=False, sort_keys=True)
