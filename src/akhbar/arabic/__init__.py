"""Arabic language core of Akhbar: pure Python, no Django.

Slugs, date formatting and resolution, normalisation, tokenisation, light
stemming, stopwords, analysis for search, and named entities.
"""

from .analyze import analyze, analyze_with_offsets
from .dates import (
    find_dates,
    format_date,
    format_number,
    resolve_relative_date,
    to_digits,
)
from .entities import Entity, Gazetteer, extract_entities
from .normalize import normalize, strip_marks
from .slug import slugify
from .stem import stem
from .stopwords import is_stopword
from .tokenize import Token, tokenize

__all__ = [
    "Entity",
    "Gazetteer",
    "Token",
    "analyze",
    "analyze_with_offsets",
    "extract_entities",
    "find_dates",
    "format_date",
    "format_number",
    "is_stopword",
    "normalize",
    "resolve_relative_date",
    "slugify",
    "stem",
    "strip_marks",
    "to_digits",
    "tokenize",
]
