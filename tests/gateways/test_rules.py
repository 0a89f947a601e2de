"""Each lawful-basis rule, with the provision it rests on: a stack that breaks it is
caught (so the test fails if the rule is removed from RULES), and a stack that keeps it
passes."""

import pytest

from gateways.reference import lawful_basis_rows, policy_document_codes
from gateways.rules import (
    RULES,
    WARNINGS,
    BasisStack,
    SharingContext,
    basis_stack_warnings,
    check_basis_stack,
)


def rules_broken(stack: BasisStack, context: SharingContext) -> set[str]:
    return {breach.rule for breach in check_basis_stack(stack, context)}


def message_of(rule: str, stack: BasisStack, context: SharingContext) -> str:
    return next(b.message for b in check_basis_stack(stack, context) if b.rule == rule)


COUNCIL = SharingContext(public_authorities=("Leeds City Council",))
PLAIN = SharingContext()
HEALTH = SharingContext(special_category=True)
HEALTH_RECORDS = SharingContext(special_category=True, health_or_care=True)
OFFENCES = SharingContext(criminal_offence=True)
POLICING = SharingContext(law_enforcement=True)
APD = "APD-2026-01, published on the council's website"


def test_an_article_6_basis_is_needed_uk_gdpr_art_6_1() -> None:
    assert "art6_needed" in rules_broken(BasisStack(), COUNCIL)
    assert "art6_needed" not in rules_broken(BasisStack(art6="art6-1-e"), COUNCIL)


def test_a_public_authority_cannot_rely_on_legitimate_interests_art_6_1_closing_words() -> None:
    stack = BasisStack(art6="art6-1-f")
    assert "public_authority_not_legitimate_interests" in rules_broken(stack, COUNCIL)
    assert "Leeds City Council" in message_of(
        "public_authority_not_legitimate_interests", stack, COUNCIL
    )
    # A body that is not a public authority (DPA 2018 s.7) may.
    assert rules_broken(stack, SharingContext(public_authorities=())) == set()
    # A public authority acting outside its public tasks may.
    outside_tasks = SharingContext(public_authorities=("Leeds City Council",), public_task=False)
    assert rules_broken(stack, outside_tasks) == set()


def test_public_authority_is_a_fact_per_party_dpa_2018_s7() -> None:
    """One voluntary party no longer switches the check off for the council beside it:
    the context lists each relying party that is a public authority."""
    mixed = SharingContext(public_authorities=("Essex County Council",))
    breaches = check_basis_stack(BasisStack(art6="art6-1-f"), mixed)
    assert [b.rule for b in breaches] == ["public_authority_not_legitimate_interests"]
    assert "Essex County Council" in breaches[0].message


def test_public_authority_cannot_rely_on_recognised_legitimate_interest_duaa_2025_s70() -> None:
    """Data (Use and Access) Act 2025 s.70(2)(c): "Points (ea) and (f)" do not apply to
    public authorities performing their tasks."""
    stack = BasisStack(art6="art6-1-ea", annex1=("annex1-6",))
    assert "public_authority_not_legitimate_interests" in rules_broken(stack, COUNCIL)
    assert "6(1)(ea)" in message_of("public_authority_not_legitimate_interests", stack, COUNCIL)
    housing_association = SharingContext(public_authorities=())
    assert rules_broken(stack, housing_association) == set()


def test_recognised_legitimate_interest_needs_an_annex_1_condition_art_6_5() -> None:
    without = BasisStack(art6="art6-1-ea")
    assert "recognised_legitimate_interest_needs_annex1" in rules_broken(without, PLAIN)
    with_condition = BasisStack(art6="art6-1-ea", annex1=("annex1-1",))
    assert rules_broken(with_condition, PLAIN) == set()


def test_annex_1_conditions_go_only_with_article_6_1_ea() -> None:
    stack = BasisStack(art6="art6-1-e", annex1=("annex1-5",))
    assert "recognised_legitimate_interest_needs_annex1" in rules_broken(stack, PLAIN)


def test_annex_1_conditions_are_reference_data_schedule_4_duaa_2025() -> None:
    annex1 = {row["code"] for row in lawful_basis_rows() if row["framework"] == "annex1"}
    assert annex1 == {"annex1-1", "annex1-2", "annex1-3", "annex1-5", "annex1-6"}
    ea = next(row for row in lawful_basis_rows() if row["code"] == "art6-1-ea")
    assert "public authority cannot rely on it" in ea["description"]


def test_special_category_data_needs_an_article_9_condition() -> None:
    """UK GDPR Article 9(1)-(2)."""
    assert "special_category_needs_art9" in rules_broken(BasisStack(art6="art6-1-e"), HEALTH)
    ok = BasisStack(art6="art6-1-e", art9="art9-2-h", schedule1=("sch1-p1-2",))
    assert rules_broken(ok, HEALTH) == set()


@pytest.mark.parametrize(
    ("condition", "own"),
    [
        ("art9-2-b", "sch1-p1-1"),
        ("art9-2-h", "sch1-p1-2"),
        ("art9-2-i", "sch1-p1-3"),
        ("art9-2-j", "sch1-p1-4"),
    ],
)
def test_article_9_b_h_i_j_pair_with_their_own_schedule_1_part_1_paragraph_dpa_s10_2(
    condition: str, own: str
) -> None:
    without = BasisStack(art6="art6-1-e", art9=condition)
    assert "art9_needs_schedule1" in rules_broken(without, HEALTH)
    wrong_part = BasisStack(art6="art6-1-e", art9=condition, schedule1=("sch1-p2-18",))
    assert "art9_needs_schedule1" in rules_broken(wrong_part, HEALTH)
    right = BasisStack(art6="art6-1-e", art9=condition, schedule1=(own,), policy_document=APD)
    assert "art9_needs_schedule1" not in rules_broken(right, HEALTH)


def test_article_9_2_h_with_the_employment_condition_is_incoherent() -> None:
    stack = BasisStack(art6="art6-1-e", art9="art9-2-h", schedule1=("sch1-p1-1",))
    message = message_of("art9_needs_schedule1", stack, HEALTH)
    assert "paragraph 2 (health or social care purposes)" in message
    assert "not with paragraph 1 (employment" in message


def test_article_9_g_needs_a_schedule_1_part_2_condition_dpa_s10_3() -> None:
    without = BasisStack(art6="art6-1-e", art9="art9-2-g", schedule1=("sch1-p1-2",))
    assert "Schedule 1 Part 2" in message_of("art9_needs_schedule1", without, HEALTH)
    safeguarding = BasisStack(
        art6="art6-1-e", art9="art9-2-g", schedule1=("sch1-p2-18",), policy_document=APD
    )
    assert rules_broken(safeguarding, HEALTH) == set()


@pytest.mark.parametrize("condition", ["art9-2-a", "art9-2-c", "art9-2-f"])
def test_other_article_9_conditions_need_no_schedule_1_condition(condition: str) -> None:
    assert rules_broken(BasisStack(art6="art6-1-e", art9=condition), HEALTH) == set()


def test_criminal_offence_data_needs_article_10() -> None:
    """UK GDPR Article 10."""
    stack = BasisStack(art6="art6-1-e", schedule1=("sch1-p2-10",), policy_document=APD)
    assert "criminal_offence_needs_art10" in rules_broken(stack, OFFENCES)
    stack = BasisStack(art6="art6-1-e", art10=True, schedule1=("sch1-p2-10",), policy_document=APD)
    assert rules_broken(stack, OFFENCES) == set()


def test_criminal_offence_data_needs_a_schedule_1_condition_dpa_s10_5() -> None:
    stack = BasisStack(art6="art6-1-e", art10=True)
    assert "criminal_offence_needs_schedule1" in rules_broken(stack, OFFENCES)
    complete = BasisStack(art6="art6-1-e", art10=True, schedule1=("sch1-p3-29",))
    assert rules_broken(complete, OFFENCES) == set()


@pytest.mark.parametrize("extension", ["sch1-p3-36", "sch1-p3-37"])
def test_criminal_offence_data_with_only_paragraph_36_or_37_fails_sch_1_paras_36_37(
    extension: str,
) -> None:
    stack = BasisStack(art6="art6-1-e", art10=True, schedule1=(extension,))
    broken = rules_broken(stack, OFFENCES)
    assert {"criminal_offence_needs_schedule1", "extension_names_its_condition"} <= broken


def test_paragraph_36_names_the_part_2_condition_it_extends_sch_1_para_36() -> None:
    alone = BasisStack(art6="art6-1-e", art10=True, schedule1=("sch1-p3-36",))
    assert "extension_names_its_condition" in rules_broken(alone, OFFENCES)
    named = BasisStack(
        art6="art6-1-e",
        art10=True,
        schedule1=("sch1-p2-18", "sch1-p3-36"),
        policy_document=APD,
    )
    assert rules_broken(named, OFFENCES) == set()


def test_paragraph_37_names_the_insurance_condition_sch_1_para_37() -> None:
    wrong = BasisStack(art6="art6-1-b", art10=True, schedule1=("sch1-p2-18", "sch1-p3-37"))
    assert "paragraph 20" in message_of("extension_names_its_condition", wrong, OFFENCES)
    named = BasisStack(
        art6="art6-1-b",
        art10=True,
        schedule1=("sch1-p2-20", "sch1-p3-37"),
        policy_document=APD,
    )
    assert rules_broken(named, OFFENCES) == set()


def test_official_authority_needs_no_schedule_1_condition_article_10_and_ico_guidance() -> None:
    """Article 10: "under the control of official authority" or authorised by law; only
    the second needs a Schedule 1 condition (DPA 2018 s.10(4)-(5))."""
    official = BasisStack(art6="art6-1-e", official_authority=True)
    assert rules_broken(official, OFFENCES) == set()
    neither = BasisStack(art6="art6-1-e")
    assert "criminal_offence_needs_art10" in rules_broken(neither, OFFENCES)


def test_official_authority_data_says_so_too() -> None:
    art10 = next(row for row in lawful_basis_rows() if row["code"] == "art10")
    assert "no Schedule 1 condition is needed" in art10["description"]


def test_conditions_needing_a_policy_document_ask_for_it_sch_1_part_4() -> None:
    """DPA 2018 Sch 1 para 5 and Part 4: the flag in the reference data is read."""
    missing = BasisStack(art6="art6-1-e", art9="art9-2-g", schedule1=("sch1-p2-18",))
    breach = next(
        b for b in check_basis_stack(missing, HEALTH) if b.rule == "appropriate_policy_document"
    )
    assert breach.layer == "policy_document"
    assert "DPA 2018 Sch 1 para 18" in breach.message
    assert "missing" in breach.message
    given = BasisStack(
        art6="art6-1-e", art9="art9-2-g", schedule1=("sch1-p2-18",), policy_document=APD
    )
    assert "appropriate_policy_document" not in rules_broken(given, HEALTH)


def test_conditions_without_a_policy_document_do_not_ask_for_one() -> None:
    stack = BasisStack(art6="art6-1-e", art9="art9-2-h", schedule1=("sch1-p1-2",))
    assert "appropriate_policy_document" not in rules_broken(stack, HEALTH)
    assert "sch1-p1-2" not in policy_document_codes()
    assert "sch1-p1-1" in policy_document_codes()


def test_sensitive_law_enforcement_processing_asks_for_a_policy_document_dpa_s42() -> None:
    sensitive = SharingContext(law_enforcement=True, special_category=True)
    stack = BasisStack(part3=True, schedule8=("sch8-4",))
    assert "appropriate_policy_document" in rules_broken(stack, sensitive)
    given = BasisStack(part3=True, schedule8=("sch8-4",), policy_document=APD)
    assert rules_broken(given, sensitive) == set()


def test_health_and_care_data_addresses_the_common_law_duty_of_confidentiality() -> None:
    """The common-law duty of confidentiality: consent, a law that sets it aside (NHS
    Act 2006 s.251) or an overriding public interest; never left unanswered."""
    stack = BasisStack(art6="art6-1-e", art9="art9-2-h", schedule1=("sch1-p1-2",))
    breach = next(
        b
        for b in check_basis_stack(stack, HEALTH_RECORDS)
        if b.rule == "common_law_duty_for_health_and_care"
    )
    assert breach.layer == "common_law"
    for position in ("cl-consent", "cl-statutory", "cl-public-interest"):
        answered = BasisStack(
            art6="art6-1-e", art9="art9-2-h", schedule1=("sch1-p1-2",), common_law=position
        )
        assert rules_broken(answered, HEALTH_RECORDS) == set()
    # Other special category data (ethnicity, say) is not held under a duty of confidence.
    assert rules_broken(stack, HEALTH) == set()


def test_law_enforcement_processing_uses_part_3_not_the_uk_gdpr_dpa_s31_s35() -> None:
    gdpr_stack = BasisStack(art6="art6-1-e", art10=True, schedule1=("sch1-p3-29",))
    assert "law_enforcement_uses_part3" in rules_broken(gdpr_stack, POLICING)
    assert "law_enforcement_uses_part3" in rules_broken(BasisStack(), POLICING)
    assert rules_broken(BasisStack(part3=True), POLICING) == set()


def test_part_3_is_only_for_law_enforcement() -> None:
    stack = BasisStack(art6="art6-1-e", part3=True)
    assert "part3_only_for_law_enforcement" in rules_broken(stack, COUNCIL)


def test_sensitive_processing_for_law_enforcement_needs_a_schedule_8_condition_s35_5() -> None:
    sensitive = SharingContext(law_enforcement=True, special_category=True)
    assert "sensitive_processing_needs_schedule8" in rules_broken(BasisStack(part3=True), sensitive)
    ok = BasisStack(part3=True, schedule8=("sch8-3",), policy_document=APD)
    assert rules_broken(ok, sensitive) == set()


def test_consent_by_a_public_authority_is_advice_not_a_breach_recital_43() -> None:
    """UK GDPR Recital 43 and the ICO's consent guidance: a warning, never a block."""
    stack = BasisStack(art6="art6-1-a")
    assert rules_broken(stack, COUNCIL) == set()
    advice = basis_stack_warnings(stack, COUNCIL)
    assert [a.rule for a in advice] == ["consent_by_public_authority"]
    assert "Leeds City Council" in advice[0].message
    assert basis_stack_warnings(stack, SharingContext()) == []
    explicit = BasisStack(art6="art6-1-e", art9="art9-2-a")
    assert [a.layer for a in basis_stack_warnings(explicit, COUNCIL)] == ["art9"]


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
        "rule_recognised_legitimate_interest_needs_annex1",
        "rule_special_category_needs_art9",
        "rule_art9_needs_schedule1",
        "rule_criminal_offence_needs_art10",
        "rule_criminal_offence_needs_schedule1",
        "rule_extension_names_its_condition",
        "rule_law_enforcement_uses_part3",
        "rule_sensitive_law_enforcement_needs_schedule8",
        "rule_appropriate_policy_document",
        "rule_common_law_duty_for_health_and_care",
    }
    assert {rule.__name__ for rule in RULES} == tested
    assert {rule.__name__ for rule in WARNINGS} == {"warning_consent_by_public_authority"}


def test_every_rule_cites_its_provision() -> None:
    for rule in (*RULES, *WARNINGS):
        doc = rule.__doc__ or ""
        assert any(word in doc for word in ("Article", "DPA 2018", "Schedule", "common-law")), (
            rule.__name__
        )
