"""The agreements domain: drafting (templates, agreements, sections, versions) and
review (comments, replies, suggestions, invitations)."""

from .drafting import (
    SECTION_TEXT_LIMIT,
    Agreement,
    AgreementGateway,
    AgreementKind,
    AgreementStatus,
    CategoryBasis,
    Party,
    PartyRole,
    Section,
    Template,
    TemplateSection,
    TemplateVersion,
    Version,
)
from .review import Comment, CommentResolution, Invitation, Reply, Suggestion, SuggestionState

__all__ = [
    "SECTION_TEXT_LIMIT",
    "Agreement",
    "AgreementGateway",
    "AgreementKind",
    "AgreementStatus",
    "CategoryBasis",
    "Comment",
    "CommentResolution",
    "Invitation",
    "Party",
    "PartyRole",
    "Reply",
    "Section",
    "Suggestion",
    "SuggestionState",
    "Template",
    "TemplateSection",
    "TemplateVersion",
    "Version",
]
