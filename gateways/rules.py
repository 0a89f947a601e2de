"""The rules a lawful-basis stack must keep, one function each.

An agreement relies, for each category of data it shares, on a stack: an Article 6 basis;
for special category data an Article 9 condition (and a DPA 2018 Schedule 1 condition
where Article 9(2)(b), (g), (h), (i) or (j) is used); for criminal offence data Article 10
with a Schedule 1 condition; or, for law enforcement by a competent authority, DPA 2018
Part 3 (s.35) with a Schedule 8 condition for sensitive processing. The functions work on
codes (see ``LawfulBasis.code``), need no database, and each returns the breach it finds
or None. ``check_basis_stack`` runs them all.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BasisStack:
    """The lawful bases relied on for one category of data, as LawfulBasis codes."""

    art6: str = ""
    art9: str = ""
    art10: bool = False
    schedule1: tuple[str, ...] = ()
    part3: bool = False
    schedule8: tuple[str, ...] = ()
    common_law: str = ""


@dataclass(frozen=True)
class SharingContext:
    """What the rules need to know about the data and who relies on the stack."""

    special_category: bool = False
    criminal_offence: bool = False
    public_authority: bool = True
    public_task: bool = True
    law_enforcement: bool = False


@dataclass(frozen=True)
class Breach:
    rule: str
    layer: str  # which part of the stack to fix: art6, art9, art10, schedule1, part3, schedule8
    message: str


ART6_NEEDED = "An Article 6 lawful basis is needed."
ART9_NEEDED = "Special category data needs an Article 9 condition."
SCHEDULE1_NEEDED_FOR_ART9 = (
    "Article 9(2)({letter}) needs a matching DPA 2018 Schedule 1 condition ({which})."
)
ART10_NEEDED = "Criminal offence data needs Article 10, with a DPA 2018 Schedule 1 condition."
SCHEDULE1_NEEDED_FOR_ART10 = (
    "Criminal offence data needs a DPA 2018 Schedule 1 condition (Part 1, 2 or 3)."
)
NO_LEGITIMATE_INTERESTS = (
    "A public authority cannot rely on legitimate interests (Article 6(1)(f)) for its public "
    "tasks: use public task (6(1)(e)) or another basis."
)
LAW_ENFORCEMENT_USES_PART3 = (
    "Processing for law enforcement by a competent authority falls under DPA 2018 Part 3: "
    "rely on s.35, not on UK GDPR Articles 6, 9 or 10."
)
SCHEDULE8_NEEDED = "Sensitive processing for law enforcement needs a DPA 2018 Schedule 8 condition."
PART3_ONLY_FOR_LAW_ENFORCEMENT = (
    "DPA 2018 Part 3 applies only to competent authorities processing for law enforcement."
)

# DPA 2018 s.10(2)-(3): Article 9(2)(b), (h), (i) and (j) are met only with a condition
# in Schedule 1 Part 1; (g) only with a condition in Part 2.
PART1 = "a condition in Schedule 1 Part 1"
PART2 = "a substantial public interest condition in Schedule 1 Part 2"
ART9_SCHEDULE1: dict[str, tuple[str, str]] = {
    "art9-2-b": ("sch1-p1-", PART1),
    "art9-2-h": ("sch1-p1-", PART1),
    "art9-2-i": ("sch1-p1-", PART1),
    "art9-2-j": ("sch1-p1-", PART1),
    "art9-2-g": ("sch1-p2-", PART2),
}


def rule_art6_needed(stack: BasisStack, context: SharingContext) -> Breach | None:
    if not context.law_enforcement and not stack.art6:
        return Breach("art6_needed", "art6", ART6_NEEDED)
    return None


def rule_special_category_needs_art9(stack: BasisStack, context: SharingContext) -> Breach | None:
    if context.special_category and not context.law_enforcement and not stack.art9:
        return Breach("special_category_needs_art9", "art9", ART9_NEEDED)
    return None


def rule_art9_needs_schedule1(stack: BasisStack, context: SharingContext) -> Breach | None:
    needed = ART9_SCHEDULE1.get(stack.art9)
    if needed is None:
        return None
    prefix, which = needed
    if any(code.startswith(prefix) for code in stack.schedule1):
        return None
    letter = stack.art9.rsplit("-", 1)[-1]
    return Breach(
        "art9_needs_schedule1",
        "schedule1",
        SCHEDULE1_NEEDED_FOR_ART9.format(letter=letter, which=which),
    )


def rule_criminal_offence_needs_art10(stack: BasisStack, context: SharingContext) -> Breach | None:
    if context.criminal_offence and not context.law_enforcement and not stack.art10:
        return Breach("criminal_offence_needs_art10", "art10", ART10_NEEDED)
    return None


def rule_criminal_offence_needs_schedule1(
    stack: BasisStack, context: SharingContext
) -> Breach | None:
    if context.criminal_offence and not context.law_enforcement and not stack.schedule1:
        return Breach("criminal_offence_needs_schedule1", "schedule1", SCHEDULE1_NEEDED_FOR_ART10)
    return None


def rule_public_authority_not_legitimate_interests(
    stack: BasisStack, context: SharingContext
) -> Breach | None:
    if stack.art6 == "art6-1-f" and context.public_authority and context.public_task:
        return Breach("public_authority_not_legitimate_interests", "art6", NO_LEGITIMATE_INTERESTS)
    return None


def rule_law_enforcement_uses_part3(stack: BasisStack, context: SharingContext) -> Breach | None:
    if context.law_enforcement and (not stack.part3 or stack.art6 or stack.art9 or stack.art10):
        return Breach("law_enforcement_uses_part3", "part3", LAW_ENFORCEMENT_USES_PART3)
    if not context.law_enforcement and stack.part3:
        return Breach("part3_only_for_law_enforcement", "part3", PART3_ONLY_FOR_LAW_ENFORCEMENT)
    return None


def rule_sensitive_law_enforcement_needs_schedule8(
    stack: BasisStack, context: SharingContext
) -> Breach | None:
    if context.law_enforcement and context.special_category and not stack.schedule8:
        return Breach("sensitive_processing_needs_schedule8", "schedule8", SCHEDULE8_NEEDED)
    return None


RULES: tuple[Callable[[BasisStack, SharingContext], Breach | None], ...] = (
    rule_art6_needed,
    rule_public_authority_not_legitimate_interests,
    rule_special_category_needs_art9,
    rule_art9_needs_schedule1,
    rule_criminal_offence_needs_art10,
    rule_criminal_offence_needs_schedule1,
    rule_law_enforcement_uses_part3,
    rule_sensitive_law_enforcement_needs_schedule8,
)


def check_basis_stack(stack: BasisStack, context: SharingContext) -> list[Breach]:
    """Every rule the stack breaks, in the order an officer would fix them."""
    return [breach for rule in RULES if (breach := rule(stack, context)) is not None]
