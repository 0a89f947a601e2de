"""What relies on a gateway, as the apps above this one tell it.

A gateway's page lists the agreements that name it, but agreements sit above gateways,
which import nothing of theirs: so each app that relies on gateways registers a section
here in its ``AppConfig.ready``, and the page renders every section."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from partners.permissions import AnyUser

from .models import Gateway


@dataclass(frozen=True)
class Section:
    """``template`` rendered with ``context(gateway, user)`` on a gateway's page."""

    name: str
    template: str
    context: Callable[[Gateway, AnyUser], Mapping[str, Any]]


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    _sections[section.name] = section


def sections_for(*, gateway: Gateway, request: HttpRequest) -> list[SafeString]:
    """Each registered section, rendered for this gateway and the signed-in person."""
    return [
        SafeString(
            render_to_string(
                section.template, dict(section.context(gateway, request.user)), request=request
            )
        )
        for section in sorted(_sections.values(), key=lambda s: s.name)
    ]
