"""Entity resolution: organisations, facilities and syndicated announcements.

Public API (what other stages call)::

    resolve_mentions(mentions, registry=None, judgements=None, id_map_path=None) -> list[Resolution]
    resolve_facilities(facts, judgements=None, id_map_path=None) -> list[ResolvedFacility]
    dedupe_announcements(items) -> dict[str, str]
    learn_aliases(text, announcement_id, url=None) -> list[AliasFact]
    load_curation(path=None) -> Curation
"""

from pipeline.resolve.aliases import learn_aliases
from pipeline.resolve.curation import CurationError, load_curation
from pipeline.resolve.orgs import resolve_mentions

__all__ = [
    "CurationError",
    "dedupe_announcements",
    "learn_aliases",
    "load_curation",
    "resolve_facilities",
    "resolve_mentions",
]


def __getattr__(name: str):  # facility code loads on first use
    if name == "resolve_facilities":
        from pipeline.resolve.facilities import resolve_facilities

        return resolve_facilities
    if name == "dedupe_announcements":
        from pipeline.resolve.announcements import dedupe_announcements

        return dedupe_announcements
    raise AttributeError(name)
