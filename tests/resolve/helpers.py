"""Small builders shared by the resolver tests."""

from __future__ import annotations

from schemas.resolution import Mention, RegistryEntry


def mentions(*names: str, hint: str | None = None) -> list[Mention]:
    return [Mention(id=f"m{i}", mention=n, country_hint=hint) for i, n in enumerate(names)]


def by_name(results, items) -> dict[str, str]:
    return {m.mention: r.entity_id for m, r in zip(items, results, strict=True)}


def entry(ident: str, name: str, **kw) -> RegistryEntry:
    return RegistryEntry(id=ident, name=name, **kw)
