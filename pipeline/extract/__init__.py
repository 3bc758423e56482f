"""Fact extraction from announcements: relevance, organisations, site, event, modality, money, year.

Public API::

    from pipeline.extract import extract, ExtractInput, Extraction
    record = extract(ExtractInput(id="a1", text="..."), known_orgs=["Lonza", ...])
    record.model_dump(mode="json")   # one `atmp extract` output line

See docs/extraction.md for the rules, the vocabularies and the scores.
"""

from pipeline.extract.extractor import extract
from schemas.extraction import Amount, ExtractInput, Extraction, Site, Span

__all__ = ["Amount", "ExtractInput", "Extraction", "Site", "Span", "extract"]
