"""The service's main pages, as each kind of person meets them in the demo data, and a
check for each page in Chromium: no sideways scrolling at 320 CSS pixels (WCAG 2.2,
1.4.10 Reflow) and no serious or critical axe-core violations."""

from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Page

from agreements.models import Agreement, Comment, Export, Section, Template
from gateways.models import Gateway, GatewayChange
from partners.demo import demo_email
from partners.models import Organisation, Role
from tests.browser import axe_check
from tests.browser.axe_check import described

NARROW = {"width": 320, "height": 640}


@dataclass(frozen=True)
class Visit:
    who: str  # a demo e-mail address, or "" for the public
    path: str
    status: int = 200


def more_waiting_work() -> None:
    """What the demo does not have, so that the pages that show it are full too: a
    change proposed to a gateway in the register and a template revision (each from
    Essex), and an e-mail to Leeds that keeps failing."""
    from datetime import timedelta

    from django.utils import timezone

    from agreements import services
    from gateways import services as gateway_services
    from gateways.services import GatewayDetails
    from notifications.models import Job
    from partners.models import Area, User

    essex_admin = User.objects.get(email=demo_email(Role.AREA_ADMIN, "essex"))
    gateway = Gateway.objects.filter(status="approved").order_by("pk").first()
    assert gateway is not None
    current = {
        name: getattr(gateway, name)
        for name in GatewayDetails.__dataclass_fields__
        if name != "purposes"
    }
    current["purposes"] = list(gateway.purposes.values_list("slug", flat=True))
    gateway_services.gateway_change_propose(
        gateway=gateway,
        details=GatewayDetails(**current | {"summary": gateway.summary + " Checked again."}),
        reason="A sentence on how it was checked",
        actor=essex_admin,
    )
    template = Template.objects.order_by("pk").first()
    assert template is not None
    section = template.versions.order_by("-number").first().sections.first()  # type: ignore[union-attr]
    services.template_revise_section(
        template=template,
        key=section.key,
        heading=f"{section.heading} (revised)",
        guidance=section.guidance,
        default_text=section.default_text,
        locked=section.locked,
        change_note="A clearer heading for every area",
        actor=essex_admin,
        area=Area.objects.get(slug="essex"),
    )
    Job.objects.create(
        task="partners.tasks.send_invitation_task",
        arguments={"user_id": 0, "area_id": 0, "invited_by_id": None},
        area=Area.objects.get(slug="leeds"),
        description="Invitation e-mail to someone@example.org",
        attempts=3,
        last_error="SMTPServerDisconnected: the mail server went away",
        run_after=timezone.now() + timedelta(minutes=8),
    )
    # An export of Leeds's signed agreements by its admin, finished.
    from agreements.services.exports import export_build

    leeds_admin = User.objects.get(email=demo_email(Role.AREA_ADMIN, "leeds"))
    export = Export.objects.create(requested_by=leeds_admin, area=Area.objects.get(slug="leeds"))
    export_build(export_id=export.pk)


def main_pages() -> list[Visit]:
    """Every main page, once each, as someone who may see it (demo data loaded)."""
    officer = demo_email(Role.OFFICER, "leeds")
    reviewer = demo_email(Role.REVIEWER, "leeds")
    admin = demo_email(Role.AREA_ADMIN, "leeds")
    in_review = Agreement.objects.get(area__slug="leeds", status="in_review")
    draft = Agreement.objects.filter(area__slug="leeds", status="draft").first()
    awaiting = Agreement.objects.get(status="awaiting_signoff")
    assert draft is not None
    signatory = awaiting.parties.exclude(signatory=None).first().signatory  # type: ignore[union-attr]
    detail = in_review.get_absolute_url()
    latest = in_review.versions.order_by("-number").first()
    assert latest is not None
    open_section = Section.objects.filter(agreement=draft, locked=False).first()
    locked_section = Section.objects.filter(agreement=draft, locked=True).first()
    assert open_section is not None
    assert locked_section is not None
    thread = Comment.objects.filter(agreement=in_review, resolved_at=None).first()
    assert thread is not None
    gateway = Gateway.objects.filter(status="approved").first()
    proposal = Gateway.objects.filter(status="proposed").exclude(proposed_by__email=admin).first()
    assert gateway is not None
    assert proposal is not None
    change = GatewayChange.objects.filter(status="proposed").first()
    revised = Template.objects.filter(versions__status="proposed").first()
    assert change is not None
    assert revised is not None
    organisation = Organisation.objects.filter(area__slug="leeds").first()
    assert organisation is not None
    template = Template.objects.first()
    assert template is not None
    leeds = "/areas/leeds"
    agreements = f"{leeds}/agreements"
    signed = Agreement.objects.get(area__slug="sheffield", status="signed")
    sheffield_officer = demo_email(Role.OFFICER, "sheffield")
    export = Export.objects.filter(requested_by__email=admin).first()
    assert export is not None
    return [
        # The public
        Visit("", "/register/"),
        Visit("", "/register/gateways/"),
        Visit("", f"/register/gateways/{gateway.slug}/"),
        Visit("", "/register/verify/"),
        Visit("", "/account/sign-in/"),
        Visit("", "/account/password-reset/"),
        Visit("", "/no/such/page/", status=404),
        # An officer
        Visit(officer, "/"),
        Visit(officer, "/gateways/"),
        Visit(officer, "/gateways/?q=children"),
        Visit(officer, "/gateways/lawful-bases/"),
        Visit(officer, f"/gateways/{gateway.slug}/"),
        Visit(officer, f"{leeds}/"),
        Visit(officer, organisation.get_absolute_url()),
        Visit(officer, f"{agreements}/"),
        Visit(officer, f"{agreements}/new/"),
        Visit(officer, f"{agreements}/adopt/"),
        Visit(officer, f"{agreements}/templates/"),
        Visit(officer, f"{agreements}/templates/{template.slug}/"),
        Visit(officer, detail),
        Visit(officer, draft.get_absolute_url()),
        Visit(officer, f"{detail}versions/{latest.number}/"),
        Visit(officer, f"{detail}versions/compare/?a=1&b={latest.number}"),
        Visit(officer, f"{draft.get_absolute_url()}details/"),
        Visit(officer, f"{draft.get_absolute_url()}sections/{open_section.key}/"),
        Visit(officer, f"{draft.get_absolute_url()}sections/{locked_section.key}/"),
        Visit(officer, f"{draft.get_absolute_url()}parties/add/"),
        Visit(officer, f"{draft.get_absolute_url()}gateways/add/"),
        Visit(officer, f"{draft.get_absolute_url()}lawful-bases/add/"),
        Visit(officer, f"{draft.get_absolute_url()}assessment/"),
        Visit(officer, f"{draft.get_absolute_url()}assessment/benefits/add/"),
        Visit(officer, f"{draft.get_absolute_url()}assessment/risks/add/"),
        Visit(officer, f"{detail}sign-off/request/"),
        Visit(officer, f"{detail}reviewers/"),
        Visit(officer, f"{detail}comments/{thread.pk}/resolve/"),
        Visit(officer, f"{detail}withdraw/"),
        Visit(officer, "/account/notifications/"),
        # A reviewer
        Visit(reviewer, "/"),
        Visit(reviewer, f"{detail}versions/{latest.number}/"),
        Visit(reviewer, f"{detail}versions/{latest.number}/your-view/"),
        # A signatory
        Visit(signatory.email, "/"),
        Visit(signatory.email, f"{awaiting.get_absolute_url()}sign-off/"),
        Visit(signatory.email, awaiting.get_absolute_url()),
        # A signed agreement, its sealed PDF and the page following a PDF being made
        Visit(sheffield_officer, signed.get_absolute_url()),
        Visit(sheffield_officer, f"{signed.get_absolute_url()}versions/1/pdf/"),
        Visit(officer, f"{detail}versions/{latest.number}/pdf/"),
        # An area admin
        Visit(admin, "/"),
        Visit(admin, f"{leeds}/members/"),
        Visit(admin, f"{leeds}/members/add/"),
        Visit(admin, f"{leeds}/audit/"),
        Visit(admin, "/gateways/proposals/"),
        Visit(admin, "/gateways/propose/"),
        Visit(admin, f"/gateways/{proposal.slug}/review/"),
        Visit(admin, f"/gateways/{gateway.slug}/edit/"),
        Visit(admin, f"/gateways/changes/{change.pk}/"),
        Visit(admin, f"{agreements}/templates/{revised.slug}/"),
        Visit(admin, f"{leeds}/undelivered/"),
        Visit(admin, f"{agreements}/exports/"),
        Visit(admin, f"{agreements}/exports/{export.pk}/"),
    ]


def sideways_overflow(page: Page) -> list[str]:
    """What sticks out past the viewport's right edge, if the page scrolls sideways."""
    result: dict[str, Any] = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const scrolls = document.documentElement.scrollWidth > width;
            const culprits = [];
            if (scrolls) {
                for (const el of document.querySelectorAll("body *")) {
                    const box = el.getBoundingClientRect();
                    if (box.right > width + 1 && box.width > 0) {
                        const name = el.tagName.toLowerCase()
                            + (el.id ? "#" + el.id : "")
                            + (el.className && typeof el.className === "string"
                               ? "." + el.className.trim().split(/\\s+/).join(".") : "");
                        culprits.push(name + " (" + Math.round(box.right) + "px)");
                        if (culprits.length > 8) break;
                    }
                }
            }
            return {scrolls, culprits};
        }"""
    )
    return list(result["culprits"]) if result["scrolls"] else []


def axe_violations(page: Page) -> list[str]:
    """Serious and critical violations of any axe-core rule on the page, described."""
    return described(axe_check.axe_violations(page, tags=None))
