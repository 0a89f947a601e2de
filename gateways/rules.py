"""The rules a lawful-basis stack must keep, one function each, with the provision each
one rests on.

An agreement relies, for each category of data it shares, on a stack: an Article 6 basis
(with an Annex 1 condition for recognised legitimate interests); for special category
data an Article 9 condition, and the DPA 2018 Schedule 1 condition that goes with it; for
criminal offence data Article 10, met under the control of official authority or with a
Schedule 1 condition; or, for law enforcement by a competent authority, DPA 2018 Part 3
(s.35) with a Schedule 8 condition for sensitive processing; the reference of the
appropriate policy document where a condition asks for one; and, for health and care
information, how the common-law duty of confidentiality is met.

The functions work on codes (see ``LawfulBasis.code``) and need no database. A rule
returns the breach it finds or None; ``check_basis_stack`` runs them all. Advice (things
an officer should weigh but that the law does not forbid) comes from
``basis_stack_warnings`` and never blocks a stack.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .reference import policy_document_codes


@dataclass(frozen=True)
class BasisStack:
    """The lawful bases relied on for one category of data, as LawfulBasis codes."""

    art6: str = ""
    annex1: tuple[str, ...] = ()
    art9: str = ""
    art10: bool = False
    official_authority: bool = False
    schedule1: tuple[str, ...] = ()
    part3: bool = False
    schedule8: tuple[str, ...] = ()
    common_law: str = ""
    policy_document: str = ""


@dataclass(frozen=True)
class SharingContext:
    """What the rules need to know about the data and about who relies on the stack.

    ``public_authorities`` names the parties relying on the stack that are public
    authorities (DPA 2018 s.7): a fact about each party, so one voluntary party does not
    change what the council may rely on."""

    special_category: bool = False
    criminal_offence: bool = False
    health_or_care: bool = False
    public_authorities: tuple[str, ...] = ()
    public_task: bool = True
    law_enforcement: bool = False


@dataclass(frozen=True)
class Breach:
    rule: str
    # Which part of the stack to fix: art6, annex1, art9, art10, schedule1, part3,
    # schedule8, common_law or policy_document.
    layer: str
    message: str


@dataclass(frozen=True)
class Advice:
    """A warning: lawful, but something the parties should weigh and record."""

    rule: str
    layer: str
    message: str


ART6_NEEDED = "An Article 6 lawful basis is needed."
NOT_FOR_PUBLIC_TASKS = (
    "{names}: a public authority cannot rely on {basis} for its public tasks (UK GDPR "
    "Article 6(1), closing words). Use public task (6(1)(e)) or another basis."
)
ANNEX1_NEEDED = (
    "Recognised legitimate interest (Article 6(1)(ea)) is met only with a condition in "
    "Annex 1 to the UK GDPR (Article 6(5)): choose the one that applies."
)
ANNEX1_ONLY_WITH_EA = (
    "Annex 1 conditions go with recognised legitimate interest (Article 6(1)(ea)) only."
)
ART9_NEEDED = "Special category data needs an Article 9 condition."
SCHEDULE1_FOR_ART9 = "Article 9(2)({letter}) needs its own DPA 2018 Schedule 1 condition: {which}."
SCHEDULE1_MISMATCH = (
    "Article 9(2)({letter}) goes with {which}, not with {given}: each Part 1 condition "
    "supplies the basis in law for its own point of Article 9(2)."
)
ART10_NEEDED = (
    "Criminal offence data needs Article 10: processing under the control of official "
    "authority, or a DPA 2018 Schedule 1 condition."
)
SCHEDULE1_NEEDED_FOR_ART10 = (
    "Criminal offence data not processed under the control of official authority needs a "
    "DPA 2018 Schedule 1 condition (s.10(5)). Paragraphs 36 and 37 only extend another "
    "condition, so name that condition too."
)
PARA36_NEEDS_PART2 = (
    "Schedule 1 paragraph 36 only extends a Part 2 condition to criminal offence data: "
    "name the Part 2 condition it extends."
)
PARA37_NEEDS_INSURANCE = (
    "Schedule 1 paragraph 37 only extends the insurance condition (paragraph 20): "
    "name paragraph 20 as well."
)
POLICY_DOCUMENT_NEEDED = (
    "{which} needs an appropriate policy document (DPA 2018 Sch 1 Part 4; s.42 for law "
    "enforcement): give its reference or where it is kept. It is missing."
)
COMMON_LAW_NEEDED = (
    "Health and care information is held in confidence: say how the common-law duty of "
    "confidentiality is met (consent, a law that sets it aside such as NHS Act 2006 "
    "s.251, or an overriding public interest)."
)
LAW_ENFORCEMENT_USES_PART3 = (
    "Processing for law enforcement by a competent authority falls under DPA 2018 Part 3: "
    "rely on s.35, not on UK GDPR Articles 6, 9 or 10."
)
SCHEDULE8_NEEDED = "Sensitive processing for law enforcement needs a DPA 2018 Schedule 8 condition."
PART3_ONLY_FOR_LAW_ENFORCEMENT = (
    "DPA 2018 Part 3 applies only to competent authorities processing for law enforcement."
)
CONSENT_BY_PUBLIC_AUTHORITY = (
    "{names}: consent is rarely freely given to a public body, because people may feel "
    "they cannot refuse (UK GDPR Recital 43; the ICO's consent guidance). Check that "
    "people have a real choice and can say no without losing a service, or use another "
    "basis."
)

PART1 = "Schedule 1 Part 1"
PART2_PREFIX = "sch1-p2-"
PARA36, PARA37, INSURANCE = "sch1-p3-36", "sch1-p3-37", "sch1-p2-20"
EXTENSIONS = frozenset({PARA36, PARA37})

# DPA 2018 s.10(2): Article 9(2)(b), (h), (i) and (j) are met only with a condition in
# Schedule 1 Part 1. Each Part 1 paragraph restates the purpose of one point of Article
# 9(2) (para 1 employment and social protection, para 2 health or social care purposes,
# para 3 public health, para 4 archiving, research and statistics under Article 89(1)),
# so each point pairs with its own paragraph; the ICO calls it the "associated
# condition". s.10(3): Article 9(2)(g) is met only with a condition in Part 2.
ART9_PART1_PAIR: dict[str, tuple[str, str]] = {
    "art9-2-b": ("sch1-p1-1", "paragraph 1 (employment, social security and social protection)"),
    "art9-2-h": ("sch1-p1-2", "paragraph 2 (health or social care purposes)"),
    "art9-2-i": ("sch1-p1-3", "paragraph 3 (public health)"),
    "art9-2-j": ("sch1-p1-4", "paragraph 4 (archiving, research and statistics)"),
}
PART1_NAMES = dict(ART9_PART1_PAIR.values())
ART9_G = "art9-2-g"

LEGITIMATE_INTERESTS = {
    "art6-1-f": "legitimate interests (Article 6(1)(f))",
    "art6-1-ea": "recognised legitimate interest (Article 6(1)(ea))",
}
CONSENT_CODES = frozenset({"art6-1-a", "art9-2-a", "sch1-p3-29"})


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(names)


def rule_art6_needed(stack: BasisStack, context: SharingContext) -> Breach | None:
    """UK GDPR Article 6(1): processing is lawful only on one of its bases."""
    if not context.law_enforcement and not stack.art6:
        return Breach("art6_needed", "art6", ART6_NEEDED)
    return None


def rule_public_authority_not_legitimate_interests(
    stack: BasisStack, context: SharingContext
) -> Breach | None:
    """UK GDPR Article 6(1), closing words, as amended by the Data (Use and Access) Act
    2025 s.70(2)(c): points (ea) and (f) do not apply to processing by public
    authorities (DPA 2018 s.7) in the performance of their tasks."""
    basis = LEGITIMATE_INTERESTS.get(stack.art6)
    if basis and context.public_authorities and context.public_task:
        message = NOT_FOR_PUBLIC_TASKS.format(names=_names(context.public_authorities), basis=basis)
        return Breach("public_authority_not_legitimate_interests", "art6", message)
    return None


def rule_recognised_legitimate_interest_needs_annex1(
    stack: BasisStack, context: SharingContext
) -> Breach | None:
    """UK GDPR Article 6(5), inserted by the Data (Use and Access) Act 2025 s.70(4):
    (ea) is met only if the processing meets a condition in Annex 1 (Schedule 4)."""
    if stack.art6 == "art6-1-ea" and not stack.annex1:
        return Breach("recognised_legitimate_interest_needs_annex1", "annex1", ANNEX1_NEEDED)
    if stack.annex1 and stack.art6 != "art6-1-ea":
        return Breach("recognised_legitimate_interest_needs_annex1", "annex1", ANNEX1_ONLY_WITH_EA)
    return None


def rule_special_category_needs_art9(stack: BasisStack, context: SharingContext) -> Breach | None:
    """UK GDPR Article 9(1)-(2): special category data only under an Article 9(2)
    condition."""
    if context.special_category and not context.law_enforcement and not stack.art9:
        return Breach("special_category_needs_art9", "art9", ART9_NEEDED)
    return None


def rule_art9_needs_schedule1(stack: BasisStack, context: SharingContext) -> Breach | None:
    """DPA 2018 s.10(2)-(3) and Schedule 1 Parts 1 and 2: (b), (h), (i) and (j) each with
    their own Part 1 paragraph; (g) with a Part 2 condition."""
    letter = stack.art9.rsplit("-", 1)[-1]
    if stack.art9 == ART9_G:
        if any(code.startswith(PART2_PREFIX) for code in stack.schedule1):
            return None
        which = "a substantial public interest condition in Schedule 1 Part 2 (s.10(3))"
        message = SCHEDULE1_FOR_ART9.format(letter=letter, which=which)
        return Breach("art9_needs_schedule1", "schedule1", message)
    pair = ART9_PART1_PAIR.get(stack.art9)
    if pair is None:
        return None
    code, which = pair
    if code in stack.schedule1:
        return None
    others = [PART1_NAMES[c] for c in stack.schedule1 if c in PART1_NAMES]
    if others:
        message = SCHEDULE1_MISMATCH.format(letter=letter, which=which, given=others[0])
    else:
        message = SCHEDULE1_FOR_ART9.format(letter=letter, which=f"{PART1} {which}")
    return Breach("art9_needs_schedule1", "schedule1", message)


def rule_criminal_offence_needs_art10(stack: BasisStack, context: SharingContext) -> Breach | None:
    """UK GDPR Article 10: criminal offence data only under the control of official
    authority or when authorised by domestic law."""
    if (
        context.criminal_offence
        and not context.law_enforcement
        and not (stack.art10 or stack.official_authority)
    ):
        return Breach("criminal_offence_needs_art10", "art10", ART10_NEEDED)
    return None


def rule_criminal_offence_needs_schedule1(
    stack: BasisStack, context: SharingContext
) -> Breach | None:
    """DPA 2018 s.10(4)-(5): processing not under the control of official authority
    meets Article 10 only with a condition in Schedule 1 Part 1, 2 or 3. Under the
    control of official authority no Schedule 1 condition is needed (ICO, criminal
    offence data guidance), though the law giving that authority must be identified:
    every agreement names its gateway before sign-off. Paragraphs 36 and 37 are not
    conditions on their own (see ``rule_extension_names_its_condition``)."""
    if not context.criminal_offence or context.law_enforcement or stack.official_authority:
        return None
    if any(code not in EXTENSIONS for code in stack.schedule1):
        return None
    return Breach("criminal_offence_needs_schedule1", "schedule1", SCHEDULE1_NEEDED_FOR_ART10)


def rule_extension_names_its_condition(stack: BasisStack, context: SharingContext) -> Breach | None:
    """DPA 2018 Schedule 1 para 36: met if the processing would meet a Part 2 condition
    but for its express requirement of substantial public interest; para 37: the same
    for the insurance condition (para 20). Neither stands alone."""
    if PARA36 in stack.schedule1 and not any(c.startswith(PART2_PREFIX) for c in stack.schedule1):
        return Breach("extension_names_its_condition", "schedule1", PARA36_NEEDS_PART2)
    if PARA37 in stack.schedule1 and INSURANCE not in stack.schedule1:
        return Breach("extension_names_its_condition", "schedule1", PARA37_NEEDS_INSURANCE)
    return None


def rule_appropriate_policy_document(stack: BasisStack, context: SharingContext) -> Breach | None:
    """DPA 2018 Sch 1 para 1(1)(b), para 5 and Part 4 (paras 38-41): most Part 2
    conditions, the employment condition and some Part 3 conditions need an appropriate
    policy document; s.35(4)-(5) and s.42 ask the same of sensitive processing for law
    enforcement. Which conditions ask is reference data (lawful_bases.json)."""
    if stack.policy_document.strip():
        return None
    needing = policy_document_codes()
    wanting = [needing[code] for code in (*stack.schedule1, *stack.schedule8) if code in needing]
    if not wanting:
        return None
    message = POLICY_DOCUMENT_NEEDED.format(which=wanting[0])
    return Breach("appropriate_policy_document", "policy_document", message)


def rule_common_law_duty_for_health_and_care(
    stack: BasisStack, context: SharingContext
) -> Breach | None:
    """The common-law duty of confidentiality: information given in confidence, such as
    health and care records, may be shared only with consent, where a law requires or
    allows it (for example NHS Act 2006 s.251 and its regulations), or where the public
    interest outweighs the duty (NHS Digital, A guide to confidentiality in health and
    social care, section 2). Data protection law does not meet it."""
    if context.health_or_care and not stack.common_law:
        return Breach("common_law_duty_for_health_and_care", "common_law", COMMON_LAW_NEEDED)
    return None


def rule_law_enforcement_uses_part3(stack: BasisStack, context: SharingContext) -> Breach | None:
    """DPA 2018 s.29-31 and s.35: competent authorities processing for law enforcement
    purposes are under Part 3, not the UK GDPR."""
    if context.law_enforcement and (
        not stack.part3 or stack.art6 or stack.art9 or stack.art10 or stack.annex1
    ):
        return Breach("law_enforcement_uses_part3", "part3", LAW_ENFORCEMENT_USES_PART3)
    if not context.law_enforcement and stack.part3:
        return Breach("part3_only_for_law_enforcement", "part3", PART3_ONLY_FOR_LAW_ENFORCEMENT)
    return None


def rule_sensitive_law_enforcement_needs_schedule8(
    stack: BasisStack, context: SharingContext
) -> Breach | None:
    """DPA 2018 s.35(5): sensitive processing without consent needs a Schedule 8
    condition."""
    if context.law_enforcement and context.special_category and not stack.schedule8:
        return Breach("sensitive_processing_needs_schedule8", "schedule8", SCHEDULE8_NEEDED)
    return None


def warning_consent_by_public_authority(
    stack: BasisStack, context: SharingContext
) -> Advice | None:
    """UK GDPR Recital 43 and Article 7(4), and the ICO's guidance on when consent is
    appropriate: public authorities should avoid relying on consent unless they can show
    it is freely given. Advice, not a bar: consent can be valid where people have a real
    choice."""
    cited = {stack.art6, stack.art9, *stack.schedule1}
    if context.public_authorities and cited & CONSENT_CODES:
        layer = "art6" if stack.art6 == "art6-1-a" else "art9"
        message = CONSENT_BY_PUBLIC_AUTHORITY.format(names=_names(context.public_authorities))
        return Advice("consent_by_public_authority", layer, message)
    return None


RULES: tuple[Callable[[BasisStack, SharingContext], Breach | None], ...] = (
    rule_art6_needed,
    rule_public_authority_not_legitimate_interests,
    rule_recognised_legitimate_interest_needs_annex1,
    rule_special_category_needs_art9,
    rule_art9_needs_schedule1,
    rule_criminal_offence_needs_art10,
    rule_criminal_offence_needs_schedule1,
    rule_extension_names_its_condition,
    rule_law_enforcement_uses_part3,
    rule_sensitive_law_enforcement_needs_schedule8,
    rule_appropriate_policy_document,
    rule_common_law_duty_for_health_and_care,
)

WARNINGS: tuple[Callable[[BasisStack, SharingContext], Advice | None], ...] = (
    warning_consent_by_public_authority,
)


def check_basis_stack(stack: BasisStack, context: SharingContext) -> list[Breach]:
    """Every rule the stack breaks, in the order an officer would fix them."""
    return [breach for rule in RULES if (breach := rule(stack, context)) is not None]


def basis_stack_warnings(stack: BasisStack, context: SharingContext) -> list[Advice]:
    """Advice on a lawful stack: shown beside it, never a reason to refuse it."""
    return [warning for rule in WARNINGS if (warning := rule(stack, context)) is not None]
