"""Language of the article text (py3langid), with the page's declaration as a tie-breaker for short texts."""

from __future__ import annotations

from functools import cache

SHORT_TEXT = 200  # below this many characters the classifier is unreliable


@cache
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def classify(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, normalised probability) the classifier gives ``text``."""
    code, probability = _identifier().classify(text)
    return (code if isinstance(code, str) and len(code) == 2 else None), float(probability)


def detect_language(text: str, *, declared: str | None = None, warnings: list[str] | None = None) -> str | None:
    """ISO 639-1 code of ``text``; the declared language wins when the text is too short to tell."""
    sample = " ".join(text[:6000].split())
    if len(sample) < 20:
        return declared
    code, probability = classify(sample)
    if len(sample) < SHORT_TEXT and declared:
        return declared
    if declared and code and code != declared and warnings is not None:
        warnings.append(f"page declares language '{declared}' but the text reads as '{code}'")
    if code is None or (probability < 0.5 and declared):
        return declared or code
    return code
