"""Support for the authorisation sweep: how to fill in each URL keyword argument.

A new URL keyword argument needs a resolver here; the sweep fails, naming the argument,
until it has one. A resolver gets the sweep's ``World`` and returns the value to use,
an object in the home area that every role there may see. An argument naming an object
also needs a FOREIGN_RESOLVERS entry: the same kind of object in another area, which
must be 404 when reached through the home area's address.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from partners.models import Area, Membership, Organisation, User


@dataclass
class World:
    area: Area
    organisation: Organisation
    membership: Membership
    users: dict[str, User] = field(default_factory=dict)
    # The same kinds of object in another area.
    other_organisation: Organisation | None = None
    other_membership: Membership | None = None
    extra: dict[str, Any] = field(default_factory=dict)


RESOLVERS: dict[str, Callable[[World], Any]] = {
    "area_slug": lambda w: w.area.slug,
    "organisation_slug": lambda w: w.organisation.slug,
    "membership_id": lambda w: w.membership.pk,
    # A password-reset link that is not valid: the page says so.
    "uidb64": lambda w: "MQ",
    "token": lambda w: "not-a-valid-token",
    "slug": lambda w: w.extra["gateway"].slug,
    "reference": lambda w: w.extra["agreement"].reference,
    "key": lambda w: "purpose",
    "number": lambda w: 1,
    "party_id": lambda w: w.extra["party"].pk,
    "link_id": lambda w: w.extra["link"].pk,
    "basis_id": lambda w: w.extra["basis"].pk,
    # Adopting takes a version of another area's published agreement.
    "version_id": lambda w: w.extra["other_version"].pk,
    "template_slug": lambda w: "information-sharing-protocol",
    "comment_id": lambda w: w.extra["comment"].pk,
    "change_id": lambda w: w.extra["gateway_change"].pk,
    "benefit_id": lambda w: w.extra["benefit"].pk,
    "risk_id": lambda w: w.extra["risk"].pk,
    # The public register's pages of a published agreement (of any area).
    "public_reference": lambda w: w.extra["other_agreement"].reference,
    "public_view_id": lambda w: w.extra["public_view"].pk,
    # The home area admin's own export.
    "export_id": lambda w: w.extra["export"].pk,
}

# Arguments that are not objects of an area.
NOT_AREA_OBJECTS = {
    "area_slug",
    "uidb64",
    "token",
    "key",
    "number",
    "template_slug",
    "public_reference",
}

FOREIGN_RESOLVERS: dict[str, Callable[[World], Any]] = {
    "organisation_slug": lambda w: w.other_organisation.slug,  # type: ignore[union-attr]
    "membership_id": lambda w: w.other_membership.pk,  # type: ignore[union-attr]
    "reference": lambda w: w.extra["other_agreement"].reference,
    "party_id": lambda w: w.extra["other_agreement"].parties.first().pk,
    "link_id": lambda w: w.extra["other_agreement"].gateway_links.first().pk,
    "basis_id": lambda w: w.extra["other_agreement"].category_bases.first().pk,
    # A version of this area's own agreement is not one it can adopt.
    "version_id": lambda w: w.extra["home_version"].pk,
    "comment_id": lambda w: w.extra["other_comment"].pk,
    "benefit_id": lambda w: w.extra["other_benefit"].pk,
    "risk_id": lambda w: w.extra["other_risk"].pk,
    "public_view_id": lambda w: w.extra["other_public_view"].pk,
    "export_id": lambda w: w.extra["other_export"].pk,
}


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name
    kwargs: tuple[str, ...]
    callback: Callable[..., Any]


def _kwarg_names(pattern: Any) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters)
    if isinstance(pattern, RegexPattern):
        return list(pattern.regex.groupindex)
    return []


def iter_routes(
    resolver: URLResolver | None = None, namespace: str = "", kwargs: tuple[str, ...] = ()
) -> Iterator[Route]:
    """Every URL pattern of the project, with its full name and keyword arguments."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        names = (*kwargs, *_kwarg_names(entry.pattern))
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from iter_routes(entry, inner, names)
        elif isinstance(entry, URLPattern):
            name = (
                f"{namespace}{entry.name}"
                if entry.name
                else f"{namespace}<unnamed {entry.pattern}>"
            )
            yield Route(name=name, kwargs=names, callback=entry.callback)
