"""An agreement's page: the working copy for those who draft and sign, the latest
version for reviewers."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from audit.presentation import trail_page
from audit.selectors import event_list_for_targets
from gateways.rules import Advice
from partners.access import AuthenticatedRequest, area_view
from partners.models import Area

from .. import lifecycle, selectors, services
from ..completeness import basis_warnings, completeness_gaps
from ..models import Agreement, CategoryBasis
from ..permissions import (
    invited_to_agreement,
    user_can_edit_agreements,
    user_can_edit_locked_clauses,
    user_can_read_drafts,
    user_can_record_perspective,
    user_signs_for,
)
from ..presentation import assessment_for_display
from ..rendering import fill_placeholders, render_section
from ..services.documents import signed_document
from ..snapshot import build_assessment, placeholder_values
from .common import get_agreement, trade_off_context
from .versions import render_version


@area_view(guest=invited_to_agreement)
def agreement_detail(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    reads_drafts = user_can_read_drafts(request.user, area)
    agreement = get_agreement(request, area, reference, whole=reads_drafts)
    versions = list(selectors.version_list(agreement=agreement))
    if not reads_drafts:
        if not versions:
            raise Http404
        newest = selectors.version_get(agreement=agreement, number=versions[0].number)
        return render_version(request, area, agreement, newest, versions)
    values = placeholder_values(agreement)
    open_threads = selectors.unresolved_counts_by_section(agreement=agreement)
    sections = [
        (
            section,
            render_section(section.pk, section.revision, fill_placeholders(section.body, values)),
            open_threads.get(section.key, 0),
        )
        for section in agreement.sections.all()
    ]
    latest = versions[0] if versions else None
    unpublished = latest is None or services.differs_from(agreement, latest)
    can_edit = user_can_edit_agreements(request.user, area)
    signoffs = selectors.signoff_list(agreement=agreement)
    trade_off = trade_off_context(agreement, latest) if latest is not None else {}
    trail = trail_page(
        request, event_list_for_targets(targets=[("agreements.agreement", str(agreement.pk))])
    )
    return render(
        request,
        "agreements/detail.html",
        {
            "area": area,
            "agreement": agreement,
            "sections": sections,
            "bases": _bases_with_advice(agreement),
            "versions": versions,
            "latest": latest,
            "unpublished": unpublished,
            "resumable": lifecycle.allows("resume_review", agreement.status)
            and not unpublished
            and services.review_was_interrupted(agreement),
            "gaps": completeness_gaps(agreement)
            if lifecycle.allows("issue_version", agreement.status)
            else [],
            "can": lifecycle.available(agreement.status),
            "can_edit": can_edit,
            "can_edit_locked": user_can_edit_locked_clauses(request.user, area),
            "editable": can_edit and lifecycle.allows("edit", agreement.status),
            "assessment": assessment_for_display(
                build_assessment(agreement),
                benefit_ids=[b.pk for b in agreement.assessment.benefits.all()],
                risk_ids=[r.pk for r in agreement.assessment.risks.all()],
            ),
            "assessment_updated": agreement.assessment,
            "trade_off": trade_off,
            "overview": selectors.signoff_overview(
                agreement=agreement,
                latest_number=latest.number if latest else None,
                signoffs=signoffs,
            ),
            "signs_for": user_signs_for(request.user, agreement),
            "may_weigh": user_can_record_perspective(request.user, agreement),
            "trail": trail,
            "signed_pdf": signed_document(agreement=agreement),
            "outdated": selectors.outdated_threads(agreement=agreement),
        },
    )


def _bases_with_advice(agreement: Agreement) -> list[tuple[CategoryBasis, list[Advice]]]:
    advice = basis_warnings(agreement)
    return [(basis, advice.get(basis.pk, [])) for basis in agreement.category_bases.all()]
