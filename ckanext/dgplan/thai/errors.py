"""Bilingual (Thai / English) input errors raised by :mod:`ckanext.dgplan.thai`.

Portal users type Thai, but API clients, logs and the CKAN admin UI are often
read by people who do not; every error therefore carries both languages so the
calling layer can pick one (``e.th`` / ``e.en``) or show both (``str(e)``).
"""
from __future__ import annotations

__all__ = [
    "ThaiInputError",
    "ThaiDateError",
    "ThaiTagError",
    "ThaiNumberError",
    "shown",
]

#: How much of a refused input a message quotes.
SHOWN_MAX = 60


def shown(value: object) -> str:
    """``value`` as a message quotes it: a 100,000-character input is cut, with its length."""
    text = str(value)
    return text if len(text) <= SHOWN_MAX else f"{text[:SHOWN_MAX]}… ({len(text):,})"


class ThaiInputError(ValueError):
    """A user-supplied value could not be accepted.

    Subclasses :class:`ValueError` so generic validation code that already
    catches ``ValueError`` keeps working.

    :ivar th: message in Thai
    :ivar en: message in English
    """

    th: str
    en: str

    def __init__(self, th: str, en: str) -> None:
        super().__init__(f"{th} / {en}")
        self.th = th
        self.en = en

    def __reduce__(self) -> tuple[type[ThaiInputError], tuple[str, str]]:
        # ValueError pickles via ``cls(*self.args)``; our args would be the
        # joined message, so rebuild from the two halves instead (needed when
        # errors cross process boundaries, e.g. background jobs).
        return (type(self), (self.th, self.en))

    def message(self, lang: str = "th") -> str:
        """Return the message for ``lang`` (``"th"`` or anything else → English)."""
        return self.th if lang.lower().startswith("th") else self.en


class ThaiDateError(ThaiInputError):
    """A date or year could not be parsed or does not exist."""


class ThaiTagError(ThaiInputError):
    """A tag (keyword) contains characters that are not allowed or is too long."""


class ThaiNumberError(ThaiInputError):
    """A number or percentage could not be parsed or is out of range."""
