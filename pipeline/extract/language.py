"""Which language a text is in (py3langid, an offline model shipped in the package).

Only the supported languages get the full treatment; anything else is reported
so the record says "unsupported language" instead of guessing from cue words.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.extract.vocab import SUPPORTED_LANGUAGES

MIN_LETTERS = 20  # below this there is nothing to identify


@lru_cache(maxsize=1)
def _identifier():  # noqa: ANN202 - py3langid has no public type for it
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability); (None, 0.0) for texts with too few letters."""
    sample = text[:5000]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), float(prob)


def is_supported(lang: str | None) -> bool:
    return lang in SUPPORTED_LANGUAGES
