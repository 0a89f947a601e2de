from django.urls import path

from .views import (
    assessment,
    detail,
    editing,
    lifecycle,
    listing,
    review,
    signoff,
    templates,
    versions,
)

app_name = "agreements"

A = "<str:reference>/"

urlpatterns = [
    path("", listing.agreement_list, name="list"),
    path("new/", listing.agreement_create, name="create"),
    path("adopt/", listing.adopt_list, name="adopt-list"),
    path("adopt/<int:version_id>/", listing.adopt, name="adopt"),
    path("templates/", templates.template_list, name="template-list"),
    path("templates/<slug:template_slug>/", templates.template_detail, name="template-detail"),
    path(
        "templates/<slug:template_slug>/revision/",
        templates.template_revision_decide,
        name="template-revision-decide",
    ),
    path(
        "templates/<slug:template_slug>/sections/<slug:key>/",
        templates.template_section_edit,
        name="template-section-edit",
    ),
    path(A, detail.agreement_detail, name="detail"),
    path(A + "details/", editing.details_edit, name="details-edit"),
    path(A + "sections/<slug:key>/", editing.section_edit, name="section-edit"),
    path(A + "parties/add/", editing.party_add, name="party-add"),
    path(A + "parties/<int:party_id>/", editing.party_edit, name="party-edit"),
    path(A + "parties/<int:party_id>/remove/", editing.party_remove, name="party-remove"),
    path(A + "gateways/add/", editing.gateway_add, name="gateway-add"),
    path(A + "gateways/<int:link_id>/remove/", editing.gateway_remove, name="gateway-remove"),
    path(A + "lawful-bases/add/", editing.basis_add, name="basis-add"),
    path(A + "lawful-bases/<int:basis_id>/", editing.basis_edit, name="basis-edit"),
    path(A + "lawful-bases/<int:basis_id>/remove/", editing.basis_remove, name="basis-remove"),
    path(A + "versions/issue/", lifecycle.version_issue, name="version-issue"),
    path(A + "versions/compare/", versions.version_compare, name="compare"),
    path(A + "versions/<int:number>/", versions.version_detail, name="version"),
    path(A + "versions/<int:number>/comments/", review.comment_create, name="comment-create"),
    path(A + "versions/<int:number>/your-view/", assessment.perspective_edit, name="perspective"),
    path(A + "assessment/", assessment.assessment_edit, name="assessment-edit"),
    path(A + "assessment/benefits/add/", assessment.benefit_add, name="benefit-add"),
    path(A + "assessment/benefits/<int:benefit_id>/", assessment.benefit_edit, name="benefit-edit"),
    path(
        A + "assessment/benefits/<int:benefit_id>/remove/",
        assessment.benefit_remove,
        name="benefit-remove",
    ),
    path(A + "assessment/risks/add/", assessment.risk_add, name="risk-add"),
    path(A + "assessment/risks/<int:risk_id>/", assessment.risk_edit, name="risk-edit"),
    path(A + "assessment/risks/<int:risk_id>/remove/", assessment.risk_remove, name="risk-remove"),
    path(A + "comments/<int:comment_id>/reply/", review.reply_create, name="comment-reply"),
    path(A + "comments/<int:comment_id>/resolve/", review.comment_resolve, name="comment-resolve"),
    path(A + "comments/<int:comment_id>/reopen/", review.comment_reopen, name="comment-reopen"),
    path(
        A + "comments/<int:comment_id>/suggestion/accept/",
        review.suggestion_accept,
        name="suggestion-accept",
    ),
    path(
        A + "comments/<int:comment_id>/suggestion/reject/",
        review.suggestion_reject,
        name="suggestion-reject",
    ),
    path(A + "reviewers/", review.invitations, name="invitations"),
    path(A + "sign-off/", signoff.signoff_page, name="sign-off"),
    path(A + "sign-off/request/", signoff.signoff_request, name="signoff-request"),
    path(A + "sign-off/record/", signoff.signoff_record_outside, name="signoff-record"),
    path(A + "review/resume/", lifecycle.review_resume, name="review-resume"),
    path(A + "publish/", lifecycle.publish, name="publish"),
    path(A + "withdraw/", lifecycle.withdraw, name="withdraw"),
    path(A + "revise/", lifecycle.revision_start, name="revise"),
]
