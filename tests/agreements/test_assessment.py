"""The trade-off assessment (drafted with the agreement, frozen into each version) and each
person's view of it, compared across stakeholder groups."""

from typing import Any

import pytest
from django.utils import timezone

from agreements import services
from agreements.completeness import completeness_gaps
from agreements.models import (
    AgreementStatus,
    AssessmentQuestion,
    Benefit,
    Invitation,
    Perspective,
    Risk,
    SignOff,
    Version,
)
from agreements.snapshot import SNAPSHOT_SCHEMA, assessment_sha256, canonical, sha256
from agreements.spread import assessment_scores, chart, describe, person_scores, spread_by_group
from audit.models import Event
from partners.models import Area, OrganisationKind, Role, StakeholderGroup, User
from partners.selectors import stakeholder_group_of
from tests.agreements.factories import assess, complete, draft, sign_all
from tests.partners.factories import (
    AreaFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    member_of,
)

pytestmark = pytest.mark.django_db
S = AgreementStatus


@pytest.fixture
def area() -> Area:
    area = AreaFactory(slug="essex", name="Essex")
    OrganisationFactory(
        area=area, name="Essex County Council", kind=OrganisationKind.LOCAL_AUTHORITY
    )
    return area


@pytest.fixture
def officer(area: Area) -> User:
    return member_of(area, Role.OFFICER, full_name="Priya Shah")


def codes() -> list[str]:
    return list(AssessmentQuestion.objects.filter(active=True).values_list("code", flat=True))


def save(
    agreement: Any, officer: User, *, answers: dict[str, Any] | None = None, **fields: Any
) -> Any:
    return services.assessment_save(
        agreement=agreement,
        actor=officer,
        base_revision=agreement.assessment.__class__.objects.get(agreement=agreement).revision,
        answers=answers or {},
        fields=fields,
    )


def test_the_questions_are_reference_data_with_their_sources() -> None:
    questions = list(AssessmentQuestion.objects.all())
    assert {q.test for q in questions} == {"purposeful", "proportionate", "responsible"}
    assert len(questions) >= 11
    assert all(q.source and q.to_check for q in questions)
    assert AssessmentQuestion.objects.filter(code="not-sharing", test="purposeful").exists()


def test_a_new_agreement_has_an_empty_assessment_and_sign_off_needs_it(
    area: Area, officer: User
) -> None:
    agreement = draft(area=area, officer=officer)
    gaps = [g.message for g in completeness_gaps(agreement) if g.anchor == "assessment"]
    assert f"Score {len(codes())} more questions of the trade-off assessment." in gaps
    assert "Write the balance statement of the trade-off." in gaps
    assert "Say where the balance of the trade-off falls overall." in gaps
    assess(agreement, officer)
    agreement.refresh_from_db()
    assert [g for g in completeness_gaps(agreement) if g.anchor == "assessment"] == []


def test_a_score_needs_a_reason_and_must_be_one_to_five(area: Area, officer: User) -> None:
    agreement = draft(area=area, officer=officer)
    code = codes()[0]
    with pytest.raises(services.AgreementError, match="Give the reason") as refused:
        save(agreement, officer, answers={code: services.Answer(4, " ")})
    assert refused.value.field == f"reason_{code}"
    for bad in (0, 6, -1):
        with pytest.raises(services.AgreementError, match="from 1 to 5"):
            save(agreement, officer, answers={code: services.Answer(bad, "Because")})
    with pytest.raises(services.AgreementError, match="not asked"):
        save(agreement, officer, answers={"no-such-question": services.Answer(3, "Because")})
    with pytest.raises(services.AgreementError, match="balance"):
        save(agreement, officer, overall_position=9)
    with pytest.raises(services.AgreementError, match="date of the DPIA"):
        save(agreement, officer, dpia="done", dpia_date=None)
    with pytest.raises(services.AgreementError, match="future"):
        save(
            agreement,
            officer,
            dpia="done",
            dpia_date=timezone.localdate() + timezone.timedelta(days=3),
        )
    assert agreement.assessment.answers.count() == 0
    assert not Event.objects.filter(verb="assessment.saved").exists()


def test_saving_records_what_changed_and_a_stale_save_is_a_conflict(
    area: Area, officer: User
) -> None:
    agreement = draft(area=area, officer=officer)
    code = codes()[0]
    colleague = member_of(area, Role.OFFICER, full_name="Laura Bennett")
    base = agreement.assessment.revision
    services.assessment_save(
        agreement=agreement,
        actor=colleague,
        base_revision=base,
        answers={code: services.Answer(3, "Partly")},
        fields={"balance_statement": "Theirs"},
    )
    event = Event.objects.get(verb="assessment.saved")
    assert event.data[f"{code} score"] == {"from": None, "to": 3}
    assert event.data["balance_statement"] == {"from": "", "to": "Theirs"}
    with pytest.raises(
        services.AssessmentConflict, match="Laura Bennett saved the assessment"
    ) as conflict:
        services.assessment_save(
            agreement=agreement,
            actor=officer,
            base_revision=base,
            answers={code: services.Answer(5, "Mine")},
            fields={"balance_statement": "Mine"},
        )
    assert conflict.value.current_revision == base + 1
    agreement.assessment.refresh_from_db()
    assert agreement.assessment.balance_statement == "Theirs"
    # Saving the same again changes nothing and records nothing.
    services.assessment_save(
        agreement=agreement,
        actor=officer,
        base_revision=base + 1,
        answers={code: services.Answer(3, "Partly")},
        fields={"balance_statement": "Theirs"},
    )
    assert Event.objects.filter(verb="assessment.saved").count() == 1
    # Taking a score away is a change too.
    services.assessment_save(
        agreement=agreement,
        actor=officer,
        base_revision=base + 1,
        answers={code: services.Answer(None, "")},
        fields={},
    )
    assert Event.objects.filter(verb="assessment.saved").order_by("seq").last().data[
        f"{code} score"
    ] == {
        "from": 3,
        "to": None,
    }


def test_the_assessment_is_frozen_into_each_version_with_its_own_hash(
    area: Area, officer: User
) -> None:
    agreement = complete(draft(area=area, officer=officer), officer)
    services.benefit_save(
        agreement=agreement,
        actor=officer,
        beneficiary="public",
        description="Less crisis spending",
        measure="Annual cost comparison",
        expected_by=timezone.localdate() + timezone.timedelta(days=365),
    )
    version = services.version_issue(agreement=agreement, actor=officer)
    frozen = version.content["assessment"]
    assert version.content["schema"] == SNAPSHOT_SCHEMA
    assert [q["code"] for q in frozen["questions"]] == [
        q.code
        for q in sorted(
            AssessmentQuestion.objects.filter(active=True),
            key=lambda q: (
                ["purposeful", "proportionate", "responsible"].index(q.test),
                q.position,
            ),
        )
    ]
    assert frozen["benefits"][0]["description"] == "Less crisis spending"
    assert frozen["overall_position"]["value"] == 4
    assert version.assessment_sha256 == sha256(canonical(frozen))
    assert version.assessment_sha256 == assessment_sha256(version.content)
    # Changing the assessment is a change to the agreement: a new version is needed.
    services.risk_save(
        agreement=agreement,
        actor=officer,
        description="Re-identification",
        who_is_affected="Families",
        likelihood=2,
        severity=3,
        mitigation="Suppression",
    )
    second = services.version_issue(agreement=agreement, actor=officer)
    assert second.assessment_sha256 != version.assessment_sha256
    assert second.content["assessment"]["risks"][0]["likelihood"] == 2


def test_a_version_of_the_earlier_schema_still_compares(area: Area, officer: User) -> None:
    from agreements.snapshot import build_snapshot
    from agreements.views.versions import compare_versions

    agreement = complete(draft(area=area, officer=officer), officer)
    old = build_snapshot(agreement, schema=2)
    assert old["assessment"] is None
    v1 = Version.objects.create(
        agreement=agreement,
        number=1,
        content=old,
        canonical=canonical(old),
        sha256=sha256(canonical(old)),
        issued_at=timezone.now(),
    )
    v1.schema = "2"  # as the version list annotates it
    # Everything else is the same, but the assessment cannot be in a version of schema 2:
    # the working copy differs, so a new version can be issued to carry it.
    assert services.differs_from(agreement, v1)
    blank = draft(area=area, officer=officer, title="Nothing assessed yet")
    frozen = build_snapshot(blank, schema=2)
    old_blank = Version(agreement=blank, number=1, sha256=sha256(canonical(frozen)))
    old_blank.schema = "2"
    assert not services.differs_from(blank, old_blank)
    v2 = services.version_issue(agreement=agreement, actor=officer, note="Now with the trade-off")
    comparison = compare_versions(Version.objects.get(pk=v1.pk), v2)
    # The sections are the same but for {{parties}}, which schema 5 joins with "and".
    first, second = sorted(p.organisation.name for p in agreement.parties.all())
    before = {s["key"]: s["text"] for s in old["sections"]}
    after = {s["key"]: s["text"] for s in v2.content["sections"]}
    changed = [key for key in before if before[key] != after[key]]
    assert comparison["changed_count"] == len(changed)
    for key in changed:
        assert before[key].replace(f"{first}, {second}", f"{first} and {second}") == after[key]
    assert any(
        item["label"] == "Trade-off assessment" and item["added"] for item in comparison["lists"]
    )


def test_changing_the_assessment_while_awaiting_sign_off_takes_it_back_and_supersedes(
    area: Area, officer: User
) -> None:
    agreement = complete(draft(area=area, officer=officer), officer)
    services.version_issue(agreement=agreement, actor=officer)
    services.agreement_request_signoff(agreement=agreement, actor=officer)
    party = agreement.parties.select_related("organisation", "signatory").first()
    services.signoff_record(
        agreement=agreement,
        organisation=party.organisation,
        actor=party.signatory,
        version_number=1,
        decision="approve",
        capacity="dpo",
        balance_accepted=True,
        password_confirmed=True,
    )
    save(agreement, officer, balance_statement="A different balance.")
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT
    assert SignOff.objects.get().superseded_at is not None


def test_benefits_and_risks_need_their_parts(area: Area, officer: User) -> None:
    agreement = draft(area=area, officer=officer)
    with pytest.raises(services.AgreementError, match="who benefits"):
        services.benefit_save(
            agreement=agreement,
            actor=officer,
            beneficiary="me",
            description="x",
            measure="y",
            expected_by=None,
        )
    with pytest.raises(services.AgreementError, match="measured"):
        services.benefit_save(
            agreement=agreement,
            actor=officer,
            beneficiary="groups",
            description="x",
            measure=" ",
            expected_by=None,
        )
    with pytest.raises(services.AgreementError, match="from 1 to 5") as refused:
        services.risk_save(
            agreement=agreement,
            actor=officer,
            description="x",
            who_is_affected="y",
            likelihood=7,
            severity=2,
            mitigation="z",
        )
    assert refused.value.field == "likelihood"
    risk = services.risk_save(
        agreement=agreement,
        actor=officer,
        description="x",
        who_is_affected="y",
        likelihood=2,
        severity=2,
        mitigation="z",
    )
    services.risk_save(
        agreement=agreement,
        actor=officer,
        description="x",
        who_is_affected="y",
        likelihood=4,
        severity=2,
        mitigation="z",
        risk=risk,
    )
    assert Event.objects.get(verb="assessment.risk_changed").data == {
        "likelihood": {"from": 2, "to": 4}
    }
    services.assessment_item_remove(item=Risk.objects.get(), actor=officer)
    assert Event.objects.get(verb="assessment.risk_removed").data["likelihood"] == 4
    assert not Risk.objects.exists()
    assert not Benefit.objects.exists()


def test_stakeholder_groups_are_derived_in_one_place(area: Area) -> None:
    person = UserFactory()
    assert stakeholder_group_of(user=person, area=area) == StakeholderGroup.INVITED
    elsewhere = AreaFactory()
    MembershipFactory(
        user=person,
        organisation=OrganisationFactory(area=elsewhere, kind=OrganisationKind.VOLUNTARY),
        role=Role.REVIEWER,
    )
    assert stakeholder_group_of(user=person, area=area) == StakeholderGroup.CIVIL_SOCIETY
    MembershipFactory(
        user=person,
        organisation=OrganisationFactory(area=area, kind=OrganisationKind.NHS_BODY),
        role=Role.SIGNATORY,
    )
    assert stakeholder_group_of(user=person, area=area) == StakeholderGroup.HEALTH
    MembershipFactory(
        user=person,
        organisation=OrganisationFactory(area=area, kind=OrganisationKind.LOCAL_AUTHORITY),
        role=Role.OFFICER,
    )
    assert stakeholder_group_of(user=person, area=area) == StakeholderGroup.LOCAL_GOVERNMENT


@pytest.fixture
def issued(area: Area, officer: User) -> Version:
    agreement = complete(draft(area=area, officer=officer), officer)
    return services.version_issue(agreement=agreement, actor=officer)


def record(version: Version, person: User, **changes: Any) -> Perspective:
    kwargs: dict[str, Any] = {
        "version": version,
        "actor": person,
        "scores": dict.fromkeys(codes(), 3),
        "overall_position": 3,
        "comment": "",
    } | changes
    return services.perspective_record(**kwargs)


def test_a_perspective_is_tagged_with_its_group_and_one_per_person(
    area: Area, issued: Version
) -> None:
    reviewer = member_of(area, Role.REVIEWER)  # an advocacy group
    first = record(issued, reviewer, comment="Too much data")
    assert first.group == "advocacy"
    assert first.scores.count() == len(codes())
    changed = record(issued, reviewer, scores={codes()[0]: 1, codes()[1]: None}, overall_position=1)
    assert changed.pk == first.pk
    assert Perspective.objects.count() == 1
    assert {s.question_code: s.score for s in changed.scores.all()} == {codes()[0]: 1}
    events = list(Event.objects.filter(verb__startswith="perspective.").order_by("seq"))
    assert [e.verb for e in events] == ["perspective.recorded", "perspective.changed"]
    assert (
        events[1].data["before"]["comment"] == "Too much data"
    )  # the earlier one stays in the ledger
    assert events[1].data["overall_position"] == 1


def test_an_invited_reviewer_may_record_a_view_and_others_may_not(
    area: Area, officer: User, issued: Version
) -> None:
    guest = UserFactory()
    with pytest.raises(services.AgreementError, match="cannot record a view"):
        record(issued, guest)
    Invitation.objects.create(agreement=issued.agreement, user=guest, invited_by=officer)
    assert record(issued, guest).group == "invited"
    admin = member_of(area, Role.AREA_ADMIN)
    with pytest.raises(services.AgreementError, match="cannot record a view"):
        record(issued, admin)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"overall_position": None}, "Choose where the balance falls"),
        ({"overall_position": 6}, "Choose where the balance falls"),
        ({"scores": {"direct-benefits": 0}}, "from 1 to 5"),
        ({"scores": {"direct-benefits": 9}}, "from 1 to 5"),
        ({"scores": {"made-up": 3}}, "not asked"),
        ({"comment": "x" * 5_001}, "at most"),
    ],
)
def test_bad_perspectives_are_refused_and_nothing_is_recorded(
    area: Area, issued: Version, changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(services.AgreementError, match=message):
        record(issued, member_of(area, Role.REVIEWER), **changes)
    assert not Perspective.objects.exists()
    assert not Event.objects.filter(verb__startswith="perspective.").exists()


def test_no_perspective_on_a_draft_an_old_version_or_a_version_without_the_trade_off(
    area: Area, officer: User, issued: Version
) -> None:
    reviewer = member_of(area, Role.REVIEWER)
    agreement = issued.agreement
    section = agreement.sections.get(key="purpose")
    services.section_save(
        section=section, body="Changed", base_revision=section.revision, actor=officer
    )
    second = services.version_issue(agreement=agreement, actor=officer)
    with pytest.raises(services.AgreementError, match="latest version, 2"):
        record(issued, reviewer)
    record(second, reviewer)
    other = draft(area=area, officer=officer, title="Not issued")
    other_version = services.version_issue(agreement=complete(other, officer), actor=officer)
    services.agreement_withdraw(agreement=other, actor=officer, reason="Stopped")
    with pytest.raises(services.AgreementError, match="withdrawn"):
        record(other_version, reviewer)
    third = draft(area=area, officer=officer, title="Draft")
    version = services.version_issue(agreement=complete(third, officer), actor=officer)
    services.agreement_request_signoff(agreement=third, actor=officer)
    sign_all(third)
    services.agreement_start_revision(agreement=third, actor=officer)
    with pytest.raises(services.AgreementError, match="not on a draft"):
        record(version, reviewer)


def test_spread_by_group_gives_median_range_and_count() -> None:
    people = [
        ("advocacy", person_scores([("purposeful", 1), ("purposeful", 2)], 1)),
        ("advocacy", person_scores([("purposeful", 4)], 3)),
        ("advocacy", person_scores([("purposeful", 5)], 2)),
        ("police", person_scores([("purposeful", 5), ("proportionate", 4)], 5)),
    ]
    frozen = {
        "questions": [
            {"test": "purposeful", "score": 4},
            {"test": "purposeful", "score": 5},
            {"test": "proportionate", "score": None},
        ],
        "overall_position": {"value": 4},
    }
    spreads = {s.test: s for s in spread_by_group(people, assessment_scores(frozen))}
    advocacy = spreads["purposeful"].groups[1]
    assert (advocacy.group, advocacy.count, advocacy.median, advocacy.low, advocacy.high) == (
        "advocacy",
        3,
        4.0,
        1.5,
        5.0,
    )
    assert spreads["purposeful"].groups[0].group == "police"  # groups in a fixed order
    assert spreads["purposeful"].assessment == 4.5
    assert [g.group for g in spreads["proportionate"].groups] == ["police"]
    assert spreads["proportionate"].assessment is None
    assert spreads["overall"].assessment == 4.0
    assert spreads["overall"].groups[1].median == 2.0
    drawn = chart(list(spreads.values()))
    row = drawn.panels[0].rows[1]
    assert row.x_low < row.x_median < row.x_high
    assert drawn.panels[0].x_assessment is not None
    assert "Advocacy: median 4 (range 1.5 to 5, 3 people)" in describe(list(spreads.values()))
