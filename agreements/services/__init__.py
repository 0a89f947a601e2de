"""Every write to agreements goes through these services."""

from .adoption import agreement_adopt
from .assessment import (
    Answer,
    AssessmentConflict,
    assessment_save,
    perspective_record,
)
from .bases import (
    category_basis_remove,
    category_basis_save,
    check_stack,
    gateway_link_add,
    gateway_link_remove,
)
from .benefits_and_risks import assessment_item_remove, benefit_save, risk_save
from .drafting import agreement_create, agreement_update_details, section_save
from .errors import AgreementError, SectionConflict
from .invitations import invitation_add, invitation_send
from .lifecycle import (
    Incomplete,
    agreement_lapse,
    agreement_publish,
    agreement_resume_review,
    agreement_start_revision,
    agreement_withdraw,
    differs_from,
    lapse_overdue_agreements,
    review_was_interrupted,
    version_issue,
    working_copy_hash,
)
from .parties import party_add, party_remove, party_update
from .public_views import (
    email_hash,
    public_comment_close,
    public_comment_open,
    public_view_confirm,
    public_view_hide,
    public_view_send_confirmation,
    public_view_submit,
    public_views_purge,
    view_from_token,
)
from .publication import publication_mark, publication_write
from .review import (
    THREADS_OPEN_WHILE,
    comment_add,
    comment_reopen,
    comment_resolve,
    reply_add,
    version_is_open_for_comment,
)
from .review_dates import benefit_outcome_record, review_reminders_send
from .review_versions import comments_reanchor
from .section_html import version_sections_html
from .signoff import signoff_record, signoff_record_outside
from .signoff_request import OpenThreads, agreement_request_signoff
from .suggestions import suggestion_accept, suggestion_reject
from .templating import (
    template_load,
    template_revise_section,
    template_revision_approve,
    template_revision_reject,
)

__all__ = [
    "THREADS_OPEN_WHILE",
    "AgreementError",
    "Answer",
    "AssessmentConflict",
    "Incomplete",
    "OpenThreads",
    "SectionConflict",
    "agreement_adopt",
    "agreement_create",
    "agreement_lapse",
    "agreement_publish",
    "agreement_request_signoff",
    "agreement_resume_review",
    "agreement_start_revision",
    "agreement_update_details",
    "agreement_withdraw",
    "assessment_item_remove",
    "assessment_save",
    "benefit_outcome_record",
    "benefit_save",
    "category_basis_remove",
    "category_basis_save",
    "check_stack",
    "comment_add",
    "comment_reopen",
    "comment_resolve",
    "comments_reanchor",
    "differs_from",
    "email_hash",
    "gateway_link_add",
    "gateway_link_remove",
    "invitation_add",
    "invitation_send",
    "lapse_overdue_agreements",
    "party_add",
    "party_remove",
    "party_update",
    "perspective_record",
    "public_comment_close",
    "public_comment_open",
    "public_view_confirm",
    "public_view_hide",
    "public_view_send_confirmation",
    "public_view_submit",
    "public_views_purge",
    "publication_mark",
    "publication_write",
    "reply_add",
    "review_reminders_send",
    "review_was_interrupted",
    "risk_save",
    "section_save",
    "signoff_record",
    "signoff_record_outside",
    "suggestion_accept",
    "suggestion_reject",
    "template_load",
    "template_revise_section",
    "template_revision_approve",
    "template_revision_reject",
    "version_is_open_for_comment",
    "version_issue",
    "version_sections_html",
    "view_from_token",
    "working_copy_hash",
]
