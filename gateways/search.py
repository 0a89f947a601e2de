"""Search over the register: PostgreSQL full-text search with weights, and a plain
word-matching fallback with the same weights on SQLite."""

import re
import string
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

MAX_QUERY_LENGTH = 200
MAX_FALLBACK_WORDS = 8

# Weights: A for the Act, provision and purposes; B for the summary; C for the rest.
FALLBACK_FIELDS: tuple[tuple[str, int], ...] = (
    ("act_title", 8),
    ("search_terms", 8),
    ("summary", 4),
    ("who_may_share", 1),
    ("permitted_purposes", 1),
    ("limits_and_exclusions", 1),
    ("register_requirement", 1),
)


def clean_query(raw: str) -> tuple[str, bool]:
    """The query as searched, and whether it had to be shortened. Control characters
    (the database refuses NUL) and surrounding space go; length is capped."""
    text = "".join(ch if ch.isprintable() else " " for ch in raw or "")
    text = " ".join(text.split())
    shortened = len(text) > MAX_QUERY_LENGTH
    return text[:MAX_QUERY_LENGTH], shortened


def _expand(start: str, end: str) -> list[str]:
    """ "36", "39" -> 36 37 38 39; "16E", "16K" -> 16E .. 16K; else both ends."""
    number_a, letters_a = re.fullmatch(r"(\d+)([A-Z]*)", start).groups()  # type: ignore[union-attr]
    number_b, letters_b = re.fullmatch(r"(\d+)([A-Z]*)", end).groups()  # type: ignore[union-attr]
    if not letters_a and not letters_b and 0 <= int(number_b) - int(number_a) <= 50:
        return [str(n) for n in range(int(number_a), int(number_b) + 1)]
    if number_a == number_b and len(letters_a) == len(letters_b) == 1 and letters_a <= letters_b:
        letters = string.ascii_uppercase
        span = letters[letters.index(letters_a) : letters.index(letters_b) + 1]
        return [f"{number_a}{letter}" for letter in span]
    return [start, end]


def provision_terms(provision: str) -> list[str]:
    """Words a provision should be found by: "ss.36-39" -> 36 37 38 39, "s.19AA" -> 19AA."""
    upper = provision.upper()
    terms: list[str] = []
    for start, end in re.findall(r"(\d+[A-Z]*)\s*[-\u2013]\s*(\d+[A-Z]*)", upper):
        terms.extend(_expand(start, end))
    terms.extend(re.findall(r"\d+[A-Z]*", upper))
    return list(dict.fromkeys(terms))


def search_terms(*, provision: str, purpose_names: list[str]) -> str:
    return " ".join([provision, *provision_terms(provision), *purpose_names])


def vector() -> Any:
    return (
        SearchVector("act_title", "search_terms", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector(
            "who_may_share",
            "permitted_purposes",
            "limits_and_exclusions",
            "register_requirement",
            weight="C",
            config="english",
        )
    )


def apply_search(gateways: QuerySet[Any], query: str) -> QuerySet[Any]:
    """``gateways`` matching ``query``, best first (then by Act), with a ``rank``."""
    if connection.vendor == "postgresql":
        search = SearchQuery(query, search_type="websearch", config="english")
        return (
            gateways.filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "act_title", "act_year", "provision_key")
        )
    words = [w for w in re.findall(r"\w+", query.lower()) if len(w) > 1 or w.isdigit()]
    words = words[:MAX_FALLBACK_WORDS]
    if not words:
        return gateways.none()
    matches = Q()
    score: Any = Value(0)
    for word in words:
        stem = word[:-3] if word.endswith("ing") and len(word) > 5 else word
        for field, weight in FALLBACK_FIELDS:
            condition = Q(**{f"{field}__icontains": stem})
            matches |= condition
            score = score + Case(When(condition, then=Value(weight)), default=Value(0))
    return (
        gateways.filter(matches)
        .annotate(rank=Coalesce(score, Value(0), output_field=IntegerField()))
        .order_by("-rank", "act_title", "act_year", "provision_key")
    )
