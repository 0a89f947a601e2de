"""Demo data for the gateway register: the seed catalogue, one proposal another area
admin has approved, and one waiting for a decision. Called by `seed_demo`."""

from dataclasses import dataclass
from typing import TextIO

from django.db import transaction

from partners.demo import demo_email
from partners.models import Role, User

from . import services
from .catalogue import catalogue_entries
from .models import Gateway


@dataclass(frozen=True)
class DemoProposal:
    proposer_area: str
    reason: str
    details: services.GatewayDetails
    approver_area: str = ""
    note: str = ""


PROPOSALS = [
    DemoProposal(
        proposer_area="essex",
        reason="Care for people after detention under the Mental Health Act",
        details=services.GatewayDetails(
            act_title="Mental Health Act",
            act_year=1983,
            act_chapter="1983 c. 20",
            provision="s.117",
            power_or_duty="duty_cooperate",
            legislation_url="https://www.legislation.gov.uk/ukpga/1983/20/section/117",
            summary=(
                "Health and social care bodies must together provide after-care for people "
                "leaving certain kinds of detention in hospital, which needs them to share "
                "what they know about the person's needs."
            ),
            england=True,
            wales=True,
            who_may_share="The NHS body and the local social services authority for the person.",
            permitted_purposes="Planning and providing after-care services.",
            overrides_confidentiality="unknown",
            purposes=["health-and-care"],
            verification_note="Proposed for the demo; not yet checked against the legislation.",
        ),
    ),
    DemoProposal(
        proposer_area="leeds",
        reason="Benefit information for council tax support and housing benefit",
        approver_area="sheffield",
        note="Checked the purpose against our council tax support scheme.",
        details=services.GatewayDetails(
            act_title="Social Security Administration Act",
            act_year=1992,
            act_chapter="1992 c. 5",
            provision="ss.122C-122D",
            power_or_duty="power",
            legislation_url="https://www.legislation.gov.uk/ukpga/1992/5/section/122C",
            summary=(
                "Lets the Department for Work and Pensions and councils exchange social "
                "security information for purposes such as administering housing benefit "
                "and council tax support."
            ),
            england=True,
            wales=True,
            scotland=True,
            who_may_share="The Secretary of State (DWP) and local authorities.",
            permitted_purposes=(
                "Purposes connected with social security and related council functions."
            ),
            overrides_confidentiality="unknown",
            purposes=["welfare-and-benefits"],
            verification_note="Section numbers not yet checked against the legislation.",
        ),
    ),
]


@transaction.atomic
def seed(*, stdout: TextIO, published_admin_password: bool = True) -> None:
    added, updated = services.gateway_catalogue_load(entries=catalogue_entries())
    proposals = 0
    for spec in PROPOSALS:
        if services.gateway_find_duplicate(details=spec.details):
            continue
        proposer = User.objects.get(email=demo_email(Role.AREA_ADMIN, spec.proposer_area))
        gateway: Gateway = services.gateway_propose(
            details=spec.details, reason=spec.reason, actor=proposer
        )
        if spec.approver_area:
            approver = User.objects.get(email=demo_email(Role.AREA_ADMIN, spec.approver_area))
            services.gateway_approve(gateway=gateway, actor=approver, note=spec.note)
        proposals += 1
    stdout.write(
        f"gateways: {added} added and {updated} updated from the catalogue, "
        f"{proposals} demo proposals\n"
    )
