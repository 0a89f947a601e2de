"""Every write to agreements goes through these services."""

from .drafting import (
    agreement_create,
    agreement_update_details,
    category_basis_remove,
    category_basis_save,
    check_stack,
    gateway_link_add,
    gateway_link_remove,
    party_add,
    party_remove,
    party_update,
    section_save,
)
from .errors import AgreementError, SectionConflict
from .lifecycle import (
    Incomplete,
    agreement_adopt,
    agreement_lapse,
    agreement_publish,
    agreement_record_offline_signoff,
    agreement_request_signoff,
    agreement_start_revision,
    agreement_withdraw,
    lapse_overdue_agreements,
    version_publish,
    working_copy_hash,
)
from .templating import template_load, template_revise_section

__all__ = [
    "AgreementError",
    "Incomplete",
    "SectionConflict",
    "agreement_adopt",
    "agreement_create",
    "agreement_lapse",
    "agreement_publish",
    "agreement_record_offline_signoff",
    "agreement_request_signoff",
    "agreement_start_revision",
    "agreement_update_details",
    "agreement_withdraw",
    "category_basis_remove",
    "category_basis_save",
    "check_stack",
    "gateway_link_add",
    "gateway_link_remove",
    "lapse_overdue_agreements",
    "party_add",
    "party_remove",
    "party_update",
    "section_save",
    "template_load",
    "template_revise_section",
    "version_publish",
    "working_copy_hash",
]
