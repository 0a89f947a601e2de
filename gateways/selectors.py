"""Reads of the gateway register. The public sees approved gateways only; curators
(area admins, platform admins) also see proposals."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from partners.models import User
from partners.permissions import AnyUser

from . import search
from .models import DataCategory, Gateway, GatewayChange, GatewayStatus, LawfulBasis, Purpose
from .permissions import user_can_curate_gateways


@dataclass(frozen=True)
class GatewayFilters:
    query: str = ""
    act: str = ""
    power_or_duty: str = ""
    purpose: str = ""
    overrides_confidentiality: str = ""
    jurisdiction: str = ""


def _with_purposes(gateways: QuerySet[Gateway]) -> QuerySet[Gateway]:
    return gateways.prefetch_related(
        Prefetch("purposes", queryset=Purpose.objects.order_by("name"))
    )


def gateway_list_public() -> QuerySet[Gateway]:
    """The register: approved gateways, by Act."""
    return _with_purposes(Gateway.objects.filter(status=GatewayStatus.APPROVED))


def gateway_search(*, filters: GatewayFilters) -> QuerySet[Gateway]:
    """Approved gateways matching the filters; with a query, best match first."""
    gateways = gateway_list_public()
    if filters.act:
        gateways = gateways.filter(act_title=filters.act)
    if filters.power_or_duty:
        gateways = gateways.filter(power_or_duty=filters.power_or_duty)
    if filters.purpose:
        gateways = gateways.filter(purposes__slug=filters.purpose)
    if filters.overrides_confidentiality:
        gateways = gateways.filter(overrides_confidentiality=filters.overrides_confidentiality)
    if filters.jurisdiction:
        gateways = gateways.filter(**{filters.jurisdiction: True})
    if filters.query:
        return search.apply_search(gateways, filters.query)
    return gateways.order_by("act_title", "act_year", "provision_key")


def gateway_get_public(*, slug: str) -> Gateway:
    """One approved gateway; raises Gateway.DoesNotExist for anything else."""
    return gateway_list_public().get(slug=slug)


def gateway_get_visible_to(*, user: AnyUser, slug: str) -> Gateway:
    """An approved gateway for anyone signed in; a proposal or a rejected one only for
    curators and its proposer. Raises Gateway.DoesNotExist otherwise."""
    gateway = _with_purposes(Gateway.objects.select_related("proposed_by", "reviewed_by")).get(
        slug=slug
    )
    if gateway.status == GatewayStatus.APPROVED:
        return gateway
    if user_can_curate_gateways(user) or (
        user.is_authenticated and gateway.proposed_by_id == user.pk
    ):
        return gateway
    raise Gateway.DoesNotExist


def gateway_proposal_list() -> QuerySet[Gateway]:
    """Proposals waiting for a decision, oldest first."""
    return _with_purposes(
        Gateway.objects.filter(status=GatewayStatus.PROPOSED).select_related("proposed_by")
    ).order_by("created_at")


def gateway_change_list() -> QuerySet[GatewayChange]:
    """Changes to gateways in the register waiting for a decision, oldest first."""
    return (
        GatewayChange.objects.filter(status=GatewayStatus.PROPOSED)
        .select_related("gateway", "proposed_by")
        .order_by("proposed_at", "pk")
    )


def gateway_change_get(*, pk: int) -> GatewayChange:
    """One proposed change (for curators). Raises GatewayChange.DoesNotExist."""
    return GatewayChange.objects.select_related("gateway", "proposed_by", "reviewed_by").get(pk=pk)


def changes_to_decide(*, user: User) -> QuerySet[GatewayChange]:
    """Proposed changes to gateways in the register that ``user`` may decide: any but
    their own. Oldest first."""
    return (
        GatewayChange.objects.filter(status=GatewayStatus.PROPOSED)
        .exclude(proposed_by_id=user.pk)
        .select_related("gateway", "proposed_by")
        .order_by("proposed_at", "pk")
    )


def proposals_to_decide(*, user: User) -> QuerySet[Gateway]:
    """Proposals waiting for a decision that ``user`` may make: any but their own (a
    proposal is approved by another area admin). Oldest first."""
    return (
        Gateway.objects.filter(status=GatewayStatus.PROPOSED)
        .exclude(proposed_by_id=user.pk)
        .select_related("proposed_by")
        .order_by("created_at", "pk")
    )


def gateway_recently_decided() -> QuerySet[Gateway]:
    return (
        Gateway.objects.filter(status__in=(GatewayStatus.APPROVED, GatewayStatus.REJECTED))
        .exclude(proposed_by=None)
        .select_related("proposed_by", "reviewed_by")
        .order_by("-reviewed_at")
    )


def act_title_list() -> list[str]:
    return list(
        Gateway.objects.filter(status=GatewayStatus.APPROVED)
        .values_list("act_title", flat=True)
        .distinct()
        .order_by("act_title")
    )


def purpose_list() -> QuerySet[Purpose]:
    return Purpose.objects.order_by("name")


def lawful_basis_list() -> QuerySet[LawfulBasis]:
    return LawfulBasis.objects.order_by("sort_order")


def data_category_list() -> QuerySet[DataCategory]:
    return DataCategory.objects.order_by("name")
