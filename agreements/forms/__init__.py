"""Forms check shape; the services check the rules (and the basis form runs the
lawful-basis rules too, so every breach shows beside its field at once)."""

from .assessment import (
    AssessmentForm,
    BenefitForm,
    PerspectiveForm,
    RiskForm,
)
from .bases import CategoryBasisForm, GatewayLinkForm
from .drafting import (
    DATE_HELP,
    VERSION_NUMBER_MAX,
    AdoptForm,
    AgreementCreateForm,
    CompareForm,
    DetailsForm,
    ReasonForm,
    SectionForm,
    VersionNoteForm,
)
from .parties import PartyForm
from .public import BenefitOutcomeForm
from .review import CommentForm, EmptyCommentField, InvitationForm, ReplyForm, ResolveForm
from .signoff import OutsideSignOffForm, SignOffForm, SignOffRequestForm
from .templates import TemplateRevisionDecisionForm, TemplateSectionForm

__all__ = [
    "DATE_HELP",
    "VERSION_NUMBER_MAX",
    "AdoptForm",
    "AgreementCreateForm",
    "AssessmentForm",
    "BenefitForm",
    "BenefitOutcomeForm",
    "CategoryBasisForm",
    "CommentForm",
    "CompareForm",
    "DetailsForm",
    "EmptyCommentField",
    "GatewayLinkForm",
    "InvitationForm",
    "OutsideSignOffForm",
    "PartyForm",
    "PerspectiveForm",
    "ReasonForm",
    "ReplyForm",
    "ResolveForm",
    "RiskForm",
    "SectionForm",
    "SignOffForm",
    "SignOffRequestForm",
    "TemplateRevisionDecisionForm",
    "TemplateSectionForm",
    "VersionNoteForm",
]
