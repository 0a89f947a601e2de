class AgreementError(Exception):
    """A change the rules do not allow. The message is for the person who tried it."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class SectionConflict(Exception):
    """Someone saved the section since this edit began. Carries what they saved."""

    def __init__(self, *, current_body: str, current_revision: int, saved_by: str) -> None:
        super().__init__("The section was saved by someone else since you started editing.")
        self.current_body = current_body
        self.current_revision = current_revision
        self.saved_by = saved_by


NOT_EDITABLE = (
    "This agreement is {status}, so its text cannot be changed. Start a revision to make "
    "a new draft."
)
LOCKED_CLAUSE = "This is a locked clause: only an area admin can change it."
TOO_LONG = "A section can be at most {limit:,} characters; this is {length:,}."
WRONG_STATE = "This cannot be done while the agreement is {status}."
NOTHING_NEW = "Nothing has changed since version {number}, so there is nothing new to issue."
INCOMPLETE = "The agreement is not ready for sign-off: {count} thing{plural} still to do."
UNPUBLISHED_CHANGES = (
    "There are changes since the last version. Issue them as a new version first, so "
    "signatories sign exactly what reviewers saw."
)
NO_VERSION = "Issue a version first."
PARTY_NOT_IN_AREA = "Choose one of this area's organisations."
PARTY_NOT_A_PARTY = "Voluntary and advocacy groups review agreements; they cannot be parties."
ALREADY_A_PARTY = "That organisation is already a party."
SIGNATORY_NOT_OF_PARTY = "The signatory must be a signatory of that organisation."
LEAD_MUST_STAY = "The lead organisation must stay a party. Choose another lead first."
GATEWAY_NOT_IN_REGISTER = "Choose a gateway that is in the register."
ALREADY_RELIED_ON = "The agreement already relies on that gateway."
CATEGORY_ALREADY_COVERED = (
    "That party already has lawful bases for this category of data (and this flow); "
    "change those instead."
)
BASIS_PARTY_NOT_HERE = "Choose one of this agreement's parties as the one relying on the bases."
BASIS_RECIPIENT_NOT_HERE = (
    "For a flow, choose another of this agreement's parties as the one receiving the data."
)
REASON_NEEDED = "Say why."
ADOPT_OWN_AREA = "That agreement is already in your area."
ADOPT_NOT_PUBLISHED = "Only published agreements can be adopted."
REVIEW_DATE_IN_PAST = "The review date must be in the future."
