"""Cookie walls and paywalls: pages that show a banner or a headline-and-lead instead of the article.

A consent banner that trafilatura took for the main text is removed; when
nothing else is left the page has no article. A paywall is recognised from what
the publisher declares (JSON-LD ``isAccessibleForFree: false``,
``article:content_tier``), from elements named like a paywall, and from the
phrases readers see ("Subscribe to read", "Réservé aux abonnés"...). Only a
short text is called partial: sites declare a paywall even when they serve the
full text to crawlers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from lxml.html import HtmlElement

from pipeline.parse.vocabulary import all_phrases, vocabulary

PARTIAL_MAX_CHARS = 1500  # a paywalled text longer than this is treated as complete
WALL_LINE_MAX_CHARS = 400  # longer lines are article prose that happens to use a marker word
COOKIE_ONLY_MAX_CHARS = 150  # what may remain beside a consent banner for the page to be a wall


@dataclass
class WallVerdict:
    """What the walls check found, and the text without wall lines."""

    text: str
    cookie_wall: bool = False
    paywall_signals: list[str] = field(default_factory=list)
    is_partial: bool = False
    warnings: list[str] = field(default_factory=list)


@cache
def _matcher(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation for a phrase list: a single scan per line instead of one per phrase."""
    return re.compile("|".join(re.escape(p) for p in phrases))


def _has_phrase(line: str, phrases: tuple[str, ...]) -> bool:
    return _matcher(phrases).search(line.casefold()) is not None


def _paywall_elements(tree: HtmlElement) -> bool:
    hints = [h.lower() for h in vocabulary().paywall_class_hints]
    for element in tree.xpath("//*[@class or @id]")[:20000]:
        names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        if any(hint in names for hint in hints):
            return True
    return False


def inspect_walls(text: str, tree: HtmlElement, *, declared_not_free: bool, declared_locked: bool) -> WallVerdict:
    """Strip wall lines from ``text`` and decide whether the page is a wall or a partial article."""
    vocab = vocabulary()
    cookie_phrases = all_phrases(vocab.cookie_markers)
    paywall_phrases = all_phrases(vocab.paywall_markers)
    kept: list[str] = []
    cookie_lines = paywall_lines = 0
    for line in text.split("\n\n"):
        short = len(line) <= WALL_LINE_MAX_CHARS
        if short and _has_phrase(line, cookie_phrases):
            cookie_lines += 1
            continue
        if short and _has_phrase(line, paywall_phrases):
            paywall_lines += 1
            continue
        kept.append(line)
    clean = "\n\n".join(kept)
    verdict = WallVerdict(text=clean)
    if cookie_lines:
        verdict.warnings.append(f"removed {cookie_lines} cookie-banner line(s) from the text")
        if len(clean) <= COOKIE_ONLY_MAX_CHARS:
            verdict.cookie_wall = True
    if declared_not_free:
        verdict.paywall_signals.append("JSON-LD isAccessibleForFree is false")
    if declared_locked:
        verdict.paywall_signals.append("meta content tier is locked/metered")
    if paywall_lines:
        verdict.paywall_signals.append(f"{paywall_lines} paywall prompt line(s) in the text")
    if _paywall_elements(tree):
        verdict.paywall_signals.append("page has paywall elements")
    if verdict.paywall_signals and not verdict.cookie_wall:
        if len(clean) <= PARTIAL_MAX_CHARS:
            verdict.is_partial = True
            verdict.warnings.append("paywalled: only the headline and lead are available (" + "; ".join(verdict.paywall_signals) + ")")
        elif declared_not_free or declared_locked or paywall_lines:
            verdict.warnings.append("page declares a paywall but the full text seems present")
    return verdict
