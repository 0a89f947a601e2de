"""Plain words for any page: lists joined with "and", dates frozen as ISO text shown as
dates. Every app's templates may load this library (partners sits below them all)."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import template
from django.utils.text import get_text_list

register = template.Library()


@register.filter
def and_list(items: Iterable[Any], attribute: str = "") -> str:
    """["Leeds City Council", "West Yorkshire Police", "NHS Leeds"] -> "Leeds City
    Council, West Yorkshire Police and NHS Leeds". With ``attribute``, that attribute of
    each item (``parties|and_list:"organisation.name"``)."""
    values = []
    for item in items or ():
        value = item
        for name in attribute.split(".") if attribute else ():
            value = value.get(name) if isinstance(value, dict) else getattr(value, name, "")
        values.append(str(value))
    return get_text_list(values, "and")


@register.filter
def iso_date(value: Any) -> date | Any:
    """A date kept as ISO text (in a frozen version) as a date, for ``|date``; anything
    else as it is."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value
