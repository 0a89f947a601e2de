"""Each lawful-basis rule: a stack that breaks it is caught (so the test fails if the
rule is removed from RULES), and a stack that keeps it passes."""

import pytest

from gateways.rules import RULES, BasisStack, SharingContext, check_basis_stack


def rules_broken(stack: BasisStack, context: SharingContext) -> set[str]:
    return {breach.rule for breach in check_basis_stack(stack, context)}


COUNCIL = SharingContext(public_authority=True, public_task=True)
HEALTH = SharingContext(special_category=True)
OFFENCES = SharingContext(criminal_offence=True)
POLICING = SharingContext(law_enforcement=True)


def test_an_article_6_basis_is_needed() -> None:
    assert "art6_needed" in rules_broken(BasisStack(), COUNCIL)
    assert "art6_needed" not in rules_broken(BasisStack(art6="art6-1-e"), COUNCIL)


def test_special_category_data_needs_an_article_9_condition() -> None:
    assert "special_category_needs_art9" in rules_broken(BasisStack(art6="art6-1-e"), HEALTH)
    ok = BasisStack(art6="art6-1-e", art9="art9-2-h", schedule1=("sch1-p1-2",))
    assert rules_broken(ok, HEALTH) == set()


@pytest.mark.parametrize("condition", ["art9-2-b", "art9-2-h", "art9-2-i", "art9-2-j"])
def test_article_9_b_h_i_j_need_a_schedule_1_part_1_condition(condition: str) -> None:
    without = BasisStack(art6="art6-1-e", art9=condition)
    assert "art9_needs_schedule1" in rules_broken(without, HEALTH)
    wrong_part = BasisStack(art6="art6-1-e", art9=condition, schedule1=("sch1-p2-18",))
    assert "art9_needs_schedule1" in rules_broken(wrong_part, HEALTH)
    right = BasisStack(art6="art6-1-e", art9=condition, schedule1=("sch1-p1-2",))
    assert "art9_needs_schedule1" not in rules_broken(right, HEALTH)


def test_article_9_g_needs_a_schedule_1_part_2_condition() -> None:
    without = BasisStack(art6="art6-1-e", art9="art9-2-g", schedule1=("sch1-p1-2",))
    broken = check_basis_stack(without, HEALTH)
    assert "art9_needs_schedule1" in {b.rule for b in broken}
    assert "Schedule 1 Part 2" in next(
        b.message for b in broken if b.rule == "art9_needs_schedule1"
    )
    safeguarding = BasisStack(art6="art6-1-e", art9="art9-2-g", schedule1=("sch1-p2-18",))
    assert rules_broken(safeguarding, HEALTH) == set()


@pytest.mark.parametrize("condition", ["art9-2-a", "art9-2-c", "art9-2-f"])
def test_other_article_9_conditions_need_no_schedule_1_condition(condition: str) -> None:
    assert rules_broken(BasisStack(art6="art6-1-e", art9=condition), HEALTH) == set()


def test_criminal_offence_data_needs_article_10() -> None:
    stack = BasisStack(art6="art6-1-e", schedule1=("sch1-p2-10",))
    assert "criminal_offence_needs_art10" in rules_broken(stack, OFFENCES)


def test_criminal_offence_data_needs_a_schedule_1_condition() -> None:
    stack = BasisStack(art6="art6-1-e", art10=True)
    assert "criminal_offence_needs_schedule1" in rules_broken(stack, OFFENCES)
    complete = BasisStack(art6="art6-1-e", art10=True, schedule1=("sch1-p3-36",))
    assert rules_broken(complete, OFFENCES) == set()


def test_a_public_authority_cannot_rely_on_legitimate_interests_for_its_tasks() -> None:
    stack = BasisStack(art6="art6-1-f")
    assert "public_authority_not_legitimate_interests" in rules_broken(stack, COUNCIL)
    charity = SharingContext(public_authority=False, public_task=False)
    assert rules_broken(stack, charity) == set()
    # A public authority acting outside its public tasks may use it.
    outside_tasks = SharingContext(public_authority=True, public_task=False)
    assert rules_broken(stack, outside_tasks) == set()


def test_law_enforcement_processing_uses_part_3_not_the_uk_gdpr() -> None:
    gdpr_stack = BasisStack(art6="art6-1-e", art10=True, schedule1=("sch1-p2-10",))
    assert "law_enforcement_uses_part3" in rules_broken(gdpr_stack, POLICING)
    assert "law_enforcement_uses_part3" in rules_broken(BasisStack(), POLICING)
    assert rules_broken(BasisStack(part3=True), POLICING) == set()


def test_part_3_is_only_for_law_enforcement() -> None:
    stack = BasisStack(art6="art6-1-e", part3=True)
    assert "part3_only_for_law_enforcement" in rules_broken(stack, COUNCIL)


def test_sensitive_processing_for_law_enforcement_needs_a_schedule_8_condition() -> None:
    sensitive = SharingContext(law_enforcement=True, special_category=True)
    assert "sensitive_processing_needs_schedule8" in rules_broken(BasisStack(part3=True), sensitive)
    assert rules_broken(BasisStack(part3=True, schedule8=("sch8-3",)), sensitive) == set()


def test_breaches_say_which_layer_to_fix_and_come_in_order() -> None:
    breaches = check_basis_stack(BasisStack(), SharingContext(special_category=True))
    assert [(b.rule, b.layer) for b in breaches] == [
        ("art6_needed", "art6"),
        ("special_category_needs_art9", "art9"),
    ]


def test_every_rule_has_a_test_here() -> None:
    tested = {
        "rule_art6_needed",
        "rule_public_authority_not_legitimate_interests",
        "rule_special_category_needs_art9",
        "rule_art9_needs_schedule1",
        "rule_criminal_offence_needs_art10",
        "rule_criminal_offence_needs_schedule1",
        "rule_law_enforcement_uses_part3",
        "rule_sensitive_law_enforcement_needs_schedule8",
    }
    assert {rule.__name__ for rule in RULES} == tested
