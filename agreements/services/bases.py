"""What the sharing rests on: the legal gateways in the register it relies on, and the
lawful-basis stack each party relies on for each category of data (checked against the
rules in gateways.rules). Recorded in the audit ledger."""

from django.db import transaction

from audit.services import record_event
from gateways.models import DataCategory, Gateway, GatewayStatus, LawfulBasis
from gateways.rules import Advice, BasisStack, Breach, basis_stack_warnings, check_basis_stack
from partners.models import User

from ..completeness import basis_stack, context_for
from ..models import Agreement, AgreementGateway, CategoryBasis, Party
from . import errors
from .drafting import ensure_editable, working_copy_changed
from .errors import AgreementError


@transaction.atomic
def gateway_link_add(
    *, agreement: Agreement, gateway: Gateway, note: str, actor: User
) -> AgreementGateway:
    """Name a gateway in the register that the sharing relies on. Audit: ``gateway.linked``."""
    locked = ensure_editable(agreement)
    if gateway.status != GatewayStatus.APPROVED:
        raise AgreementError(errors.GATEWAY_NOT_IN_REGISTER, field="gateway")
    if locked.gateway_links.filter(gateway=gateway).exists():
        raise AgreementError(errors.ALREADY_RELIED_ON, field="gateway")
    link = AgreementGateway.objects.create(agreement=locked, gateway=gateway, note=note.strip())
    working_copy_changed(locked, actor)
    record_event(
        actor=actor,
        verb="gateway.linked",
        target=locked,
        area=locked.area,
        data={"gateway": gateway.title, "gateway_id": gateway.slug, "note": link.note},
    )
    return link


@transaction.atomic
def gateway_link_remove(*, link: AgreementGateway, actor: User) -> None:
    """Audit: ``gateway.unlinked``."""
    locked = ensure_editable(link.agreement)
    data = {"gateway": link.gateway.title, "gateway_id": link.gateway.slug}
    link.delete()
    working_copy_changed(locked, actor)
    record_event(actor=actor, verb="gateway.unlinked", target=locked, area=locked.area, data=data)


def check_stack(
    *,
    agreement: Agreement,
    party: Party,
    data_category: DataCategory,
    stack: BasisStack,
    law_enforcement: bool,
    public_task: bool,
) -> tuple[list[Breach], list[Advice]]:
    """The rules ``party``'s proposed stack breaks, and the advice on it, for the form to
    show beside its fields."""
    context = context_for(
        agreement,
        party=party,
        data_category=data_category,
        law_enforcement=law_enforcement,
        public_task=public_task,
    )
    return check_basis_stack(stack, context), basis_stack_warnings(stack, context)


def _stack_of(basis: CategoryBasis) -> tuple[BasisStack, bool, bool, str]:
    return basis_stack(basis), basis.law_enforcement, basis.public_task, basis.note


@transaction.atomic
def category_basis_save(
    *,
    agreement: Agreement,
    data_category: DataCategory,
    law_enforcement: bool,
    public_task: bool,
    art6: LawfulBasis | None,
    art9: LawfulBasis | None,
    art10: bool,
    schedule1: list[LawfulBasis],
    part3: bool,
    schedule8: list[LawfulBasis],
    common_law: LawfulBasis | None,
    note: str,
    actor: User,
    basis: CategoryBasis | None = None,
    annex1: list[LawfulBasis] | None = None,
    official_authority: bool = False,
    policy_document: str = "",
    party: Party | None = None,
    recipient: Party | None = None,
) -> CategoryBasis:
    """Record (or change) the lawful-basis stack ``party`` relies on for one category of
    data, or for the flow of it to ``recipient``. ``party`` defaults to the lead
    organisation's party.

    Raises AgreementError naming the first rule the stack breaks (DPA 2018 and UK GDPR:
    see gateways.rules, applied to this party's own facts), or for a party or recipient
    not of this agreement; the form checks the same rules first to show every breach
    beside its field. Advice (such as a public authority relying on consent) never
    stops a save. Audit: ``lawful_basis.saved``."""
    locked = ensure_editable(agreement)
    if basis is not None:
        party, recipient = basis.party, basis.recipient
    party = party or locked.parties.filter(organisation=locked.lead_organisation).first()
    if party is None or party.agreement_id != locked.pk:
        raise AgreementError(errors.BASIS_PARTY_NOT_HERE, field="party")
    if recipient is not None and (recipient.agreement_id != locked.pk or recipient.pk == party.pk):
        raise AgreementError(errors.BASIS_RECIPIENT_NOT_HERE, field="recipient")
    annex1 = list(annex1 or [])
    policy_document = policy_document.strip()
    stack = BasisStack(
        art6=art6.code if art6 else "",
        annex1=tuple(sorted(b.code for b in annex1)),
        art9=art9.code if art9 else "",
        art10=art10,
        official_authority=official_authority,
        schedule1=tuple(sorted(b.code for b in schedule1)),
        part3=part3,
        schedule8=tuple(sorted(b.code for b in schedule8)),
        common_law=common_law.code if common_law else "",
        policy_document=policy_document,
    )
    breaches, _advice = check_stack(
        agreement=locked,
        party=party,
        data_category=data_category,
        stack=stack,
        law_enforcement=law_enforcement,
        public_task=public_task,
    )
    if breaches:
        raise AgreementError(breaches[0].message, field=breaches[0].layer)
    if basis is None:
        if locked.category_bases.filter(
            data_category=data_category, party=party, recipient=recipient
        ).exists():
            raise AgreementError(errors.CATEGORY_ALREADY_COVERED, field="data_category")
        basis = CategoryBasis(
            agreement=locked, data_category=data_category, party=party, recipient=recipient
        )
    elif _stack_of(CategoryBasis.objects.get(pk=basis.pk)) == (
        stack,
        law_enforcement,
        public_task,
        note.strip(),
    ):
        return basis  # nothing changed: an agreement awaiting sign-off stays so
    basis.law_enforcement, basis.public_task = law_enforcement, public_task
    basis.art6, basis.art9, basis.art10, basis.part3 = art6, art9, art10, part3
    basis.official_authority, basis.policy_document = official_authority, policy_document
    basis.common_law, basis.note = common_law, note.strip()
    basis.save()
    basis.annex1.set(annex1)
    basis.schedule1.set(schedule1)
    basis.schedule8.set(schedule8)
    working_copy_changed(locked, actor)
    record_event(
        actor=actor,
        verb="lawful_basis.saved",
        target=locked,
        area=locked.area,
        data={
            "data_category": data_category.name,
            "party": party.organisation.name,
            "recipient": recipient.organisation.name if recipient else None,
            "art6": stack.art6,
            "annex1": list(stack.annex1),
            "art9": stack.art9,
            "art10": art10,
            "official_authority": official_authority,
            "schedule1": list(stack.schedule1),
            "part3": part3,
            "schedule8": list(stack.schedule8),
            "common_law": stack.common_law,
            "policy_document": policy_document,
            "law_enforcement": law_enforcement,
            "public_task": public_task,
            "note": basis.note,
        },
    )
    return basis


@transaction.atomic
def category_basis_remove(*, basis: CategoryBasis, actor: User) -> None:
    """Audit: ``lawful_basis.removed``."""
    locked = ensure_editable(basis.agreement)
    data = {
        "data_category": basis.data_category.name,
        "party": basis.party.organisation.name,
        "recipient": basis.recipient.organisation.name if basis.recipient else None,
    }
    basis.delete()
    working_copy_changed(locked, actor)
    record_event(
        actor=actor, verb="lawful_basis.removed", target=locked, area=locked.area, data=data
    )
