from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from agreements import services
from agreements.models import AgreementStatus, Section, Template, Version
from agreements.snapshot import SNAPSHOT_SCHEMA, build_snapshot, canonical, sha256
from audit.models import Event
from gateways.models import DataCategory, LawfulBasis
from partners.models import Area, OrganisationKind, Role, User
from tests.agreements.factories import (
    assess,
    complete,
    draft,
    load_templates,
    published,
    sign_all,
)
from tests.partners.factories import AreaFactory, OrganisationFactory, member_of

pytestmark = pytest.mark.django_db
S = AgreementStatus


@pytest.fixture
def area() -> Area:
    area = AreaFactory(slug="leeds", name="Leeds")
    OrganisationFactory(area=area, name="Leeds City Council", kind=OrganisationKind.LOCAL_AUTHORITY)
    return area


@pytest.fixture
def officer(area: Area) -> User:
    return member_of(area, Role.OFFICER, full_name="Aisha Rahman")


@pytest.fixture
def admin(area: Area) -> User:
    return member_of(area, Role.AREA_ADMIN, full_name="Tom Brennan")


def section(agreement: Any, key: str) -> Section:
    return Section.objects.get(agreement=agreement, key=key)


def test_a_draft_copies_the_templates_current_sections(area: Area, officer: User) -> None:
    agreement = draft(area=area, officer=officer)
    template = Template.objects.get(slug="information-sharing-protocol")
    expected = list(
        template.versions.get().sections.order_by("position").values_list("key", "locked")
    )
    assert list(agreement.sections.order_by("position").values_list("key", "locked")) == expected
    assert agreement.status == S.DRAFT
    assert agreement.reference == f"LEE-{timezone.now().year}-001"
    assert draft(area=area, officer=officer).reference.endswith("-002")
    assert Event.objects.filter(verb="agreement.created", target_id=str(agreement.pk)).exists()


def test_changing_a_template_makes_a_new_version_and_leaves_agreements_alone(
    area: Area, officer: User, admin: User
) -> None:
    agreement = draft(area=area, officer=officer)
    before = section(agreement, "security").body
    template = Template.objects.get(slug="information-sharing-protocol")
    version = services.template_revise_section(
        template=template,
        key="security",
        heading="Security",
        guidance="New guidance",
        default_text="A stricter clause.",
        locked=True,
        change_note="Stricter",
        actor=admin,
        area=area,
    )
    assert version.number == 2
    # Proposed, not yet in use: new drafts still start from version 1.
    assert draft(area=area, officer=officer).sections.get(key="security").body == before
    essex = AreaFactory(slug="essex", name="Essex")
    other_admin = member_of(essex, Role.AREA_ADMIN, full_name="Daniel Okafor")
    services.template_revision_approve(version=version, actor=other_admin, area=essex)
    assert section(agreement, "security").body == before
    assert (
        draft(area=area, officer=officer).sections.get(key="security").body == "A stricter clause."
    )
    event = Event.objects.get(verb="template.revision_proposed", area_id=area.pk)
    assert event.data["default_text"]["to"] == "A stricter clause."


def test_a_template_revision_shows_in_every_areas_audit_trail(area: Area, admin: User) -> None:
    load_templates()
    essex = AreaFactory(slug="essex", name="Essex")
    client = Client()
    client.force_login(admin)
    url = "/areas/leeds/agreements/templates/information-sharing-protocol/sections/security/"
    response = client.post(
        url,
        {
            "heading": "Security",
            "guidance": "Say how the data is kept safe.",
            "default_text": "Encrypted at rest and in transit.",
            "locked": "on",
            "change_note": "Name encryption",
        },
    )
    assert response.status_code == 302
    proposed = Event.objects.filter(verb="template.revision_proposed")
    assert sorted(proposed.values_list("area_name", flat=True)) == ["Essex", "Leeds"]
    assert {e.data["proposed_from"] for e in proposed} == {"Leeds"}
    assert essex.name == "Essex"


def test_a_save_from_an_old_revision_is_a_conflict_not_a_lost_edit(
    area: Area, officer: User
) -> None:
    agreement = draft(area=area, officer=officer)
    other = member_of(area, Role.OFFICER, full_name="Ben Hartley")
    purpose = section(agreement, "purpose")
    services.section_save(
        section=purpose, body="Ben's text", base_revision=purpose.revision, actor=other
    )
    with pytest.raises(services.SectionConflict) as conflict:
        services.section_save(
            section=purpose, body="Aisha's text", base_revision=purpose.revision, actor=officer
        )
    assert conflict.value.current_body == "Ben's text"
    assert conflict.value.saved_by == "Ben Hartley"
    assert section(agreement, "purpose").body == "Ben's text"
    # Choosing to save over it, knowingly, from the new revision works.
    services.section_save(
        section=purpose,
        body="Aisha's text",
        base_revision=conflict.value.current_revision,
        actor=officer,
    )
    assert section(agreement, "purpose").body == "Aisha's text"


def test_a_section_save_is_recorded_with_what_changed(area: Area, officer: User) -> None:
    agreement = draft(area=area, officer=officer)
    purpose = section(agreement, "purpose")
    services.section_save(
        section=purpose, body="New purpose text", base_revision=purpose.revision, actor=officer
    )
    event = Event.objects.get(verb="section.saved")
    assert event.data["section"] == "purpose"
    assert event.data["revision"] == {"from": 1, "to": 2}
    assert "+New purpose text" in event.data["diff"]
    assert event.actor_name == "Aisha Rahman"


def test_locked_clauses_are_changed_only_by_area_admins(
    area: Area, officer: User, admin: User
) -> None:
    agreement = draft(area=area, officer=officer)
    security = section(agreement, "security")
    with pytest.raises(services.AgreementError, match="locked clause"):
        services.section_save(
            section=security, body="Weaker", base_revision=security.revision, actor=officer
        )
    services.section_save(
        section=security, body="Agreed variation", base_revision=security.revision, actor=admin
    )
    assert section(agreement, "security").body == "Agreed variation"


def test_a_section_over_the_limit_is_refused(area: Area, officer: User) -> None:
    agreement = draft(area=area, officer=officer)
    purpose = section(agreement, "purpose")
    with pytest.raises(services.AgreementError, match="at most 100,000 characters"):
        services.section_save(
            section=purpose, body="x" * 100_001, base_revision=purpose.revision, actor=officer
        )
    assert section(agreement, "purpose").revision == 1


def test_a_version_freezes_everything_with_its_hash(area: Area, officer: User) -> None:
    agreement = complete(draft(area=area, officer=officer), officer)
    version = services.version_issue(agreement=agreement, actor=officer, note="First")
    assert version.number == 1
    assert version.sha256 == sha256(version.canonical)
    assert canonical(version.content) == version.canonical
    content = version.content
    assert next(s["key"] for s in content["sections"]) == "purpose"
    assert {p["organisation"] for p in content["parties"]} == set(
        agreement.parties.values_list("organisation__name", flat=True)
    )
    assert content["gateways"][0]["legislation_url"].startswith("https://www.legislation.gov.uk/")
    assert content["lawful_bases"][0]["art6"]["code"] == "art6-1-e"
    assert all("{{" not in s["text"] for s in content["sections"])  # placeholders filled in
    agreement.refresh_from_db()
    assert agreement.status == S.IN_REVIEW
    # Later edits never touch it.
    purpose = section(agreement, "purpose")
    services.section_save(
        section=purpose, body="Changed later", base_revision=purpose.revision, actor=officer
    )
    frozen = Version.objects.get(pk=version.pk)
    assert frozen.canonical == version.canonical
    assert "Changed later" not in frozen.canonical
    event = Event.objects.get(verb="version.issued")
    assert event.data["sha256"] == version.sha256


def test_issuing_with_nothing_new_is_refused(area: Area, officer: User) -> None:
    agreement = draft(area=area, officer=officer)
    services.version_issue(agreement=agreement, actor=officer)
    with pytest.raises(services.AgreementError, match="Nothing has changed since version 1"):
        services.version_issue(agreement=agreement, actor=officer)


def test_sign_off_needs_a_complete_agreement_and_says_what_is_missing(
    area: Area, officer: User
) -> None:
    agreement = draft(area=area, officer=officer)
    services.version_issue(agreement=agreement, actor=officer)
    with pytest.raises(services.Incomplete) as incomplete:
        services.agreement_request_signoff(agreement=agreement, actor=officer)
    messages = [gap.message for gap in incomplete.value.gaps]
    assert "Add the parties: at least 2." in messages
    assert any("legal gateway" in m for m in messages)
    assert any("categories of data" in m for m in messages)
    assert any(m.startswith("Fill in") for m in messages)
    agreement.refresh_from_db()
    assert agreement.status == S.IN_REVIEW


def test_sign_off_is_for_exactly_what_was_published(area: Area, officer: User) -> None:
    agreement = complete(draft(area=area, officer=officer), officer)
    services.version_issue(agreement=agreement, actor=officer)
    purpose = section(agreement, "purpose")
    services.section_save(
        section=purpose, body="Unpublished change", base_revision=purpose.revision, actor=officer
    )
    with pytest.raises(services.AgreementError, match="changes since the last version"):
        services.agreement_request_signoff(agreement=agreement, actor=officer)
    services.version_issue(agreement=agreement, actor=officer)
    services.agreement_request_signoff(agreement=agreement, actor=officer)
    agreement.refresh_from_db()
    assert agreement.status == S.AWAITING_SIGNOFF


def test_an_edit_while_awaiting_sign_off_takes_it_back_to_draft(area: Area, officer: User) -> None:
    agreement = complete(draft(area=area, officer=officer), officer)
    services.version_issue(agreement=agreement, actor=officer)
    services.agreement_request_signoff(agreement=agreement, actor=officer)
    purpose = section(agreement, "purpose")
    services.section_save(
        section=purpose, body="A late change", base_revision=purpose.revision, actor=officer
    )
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT
    assert Event.objects.filter(verb="agreement.reopened").exists()
    assert agreement.versions.count() == 1  # the version sent for sign-off is kept


def test_a_save_that_changes_nothing_leaves_sign_off_alone(area: Area, officer: User) -> None:
    agreement = complete(draft(area=area, officer=officer), officer)
    services.version_issue(agreement=agreement, actor=officer)
    services.agreement_request_signoff(agreement=agreement, actor=officer)
    agreement.refresh_from_db()
    purpose = section(agreement, "purpose")
    services.section_save(
        section=purpose, body=purpose.body, base_revision=purpose.revision, actor=officer
    )
    services.agreement_update_details(
        agreement=agreement,
        title=agreement.title,
        lead_organisation=agreement.lead_organisation,
        review_date=agreement.review_date,
        actor=officer,
    )
    party = agreement.parties.first()
    services.party_update(party=party, role=party.role, signatory=party.signatory, actor=officer)
    basis = agreement.category_bases.first()
    services.category_basis_save(
        agreement=agreement,
        data_category=basis.data_category,
        basis=basis,
        law_enforcement=basis.law_enforcement,
        public_task=basis.public_task,
        art6=basis.art6,
        art9=basis.art9,
        art10=basis.art10,
        schedule1=list(basis.schedule1.all()),
        part3=basis.part3,
        schedule8=list(basis.schedule8.all()),
        common_law=basis.common_law,
        note=basis.note,
        actor=officer,
    )
    agreement.refresh_from_db()
    assert agreement.status == S.AWAITING_SIGNOFF
    assert not Event.objects.filter(verb="agreement.reopened").exists()


def test_an_undone_edit_can_go_back_in_review_without_a_new_version(
    area: Area, officer: User
) -> None:
    agreement = complete(draft(area=area, officer=officer), officer)
    services.version_issue(agreement=agreement, actor=officer)
    services.agreement_request_signoff(agreement=agreement, actor=officer)
    purpose = section(agreement, "purpose")
    original = purpose.body
    purpose = services.section_save(
        section=purpose, body="A slip", base_revision=purpose.revision, actor=officer
    )
    with pytest.raises(services.AgreementError, match="changes since version 1"):
        services.agreement_resume_review(agreement=agreement, actor=officer)
    services.section_save(
        section=purpose, body=original, base_revision=purpose.revision, actor=officer
    )
    services.agreement_resume_review(agreement=agreement, actor=officer)
    agreement.refresh_from_db()
    assert agreement.status == S.IN_REVIEW
    assert agreement.versions.count() == 1
    event = Event.objects.get(verb="agreement.review_resumed")
    assert event.data == {"status": {"from": "draft", "to": "in_review"}, "version": 1}
    services.agreement_request_signoff(agreement=agreement, actor=officer)


def test_a_new_revision_of_a_signed_agreement_is_not_put_back_in_review(
    area: Area, officer: User
) -> None:
    agreement = published(area=area, officer=officer)
    services.agreement_start_revision(agreement=agreement, actor=officer)
    with pytest.raises(services.AgreementError, match="new revision of a signed agreement"):
        services.agreement_resume_review(agreement=agreement, actor=officer)
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT


def test_nothing_signed_is_edited(area: Area, officer: User) -> None:
    agreement = published(area=area, officer=officer)
    purpose = section(agreement, "purpose")
    with pytest.raises(
        services.AgreementError, match="is published, so its text cannot be changed"
    ):
        services.section_save(
            section=purpose, body="Sneaky", base_revision=purpose.revision, actor=officer
        )
    services.agreement_start_revision(agreement=agreement, actor=officer)
    services.section_save(
        section=purpose, body="Revised", base_revision=purpose.revision, actor=officer
    )
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT
    assert "Revised" not in agreement.versions.order_by("-number").first().canonical  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (S.DRAFT, "agreement_request_signoff"),
        (S.DRAFT, "agreement_publish"),
        (S.DRAFT, "agreement_start_revision"),
        (S.IN_REVIEW, "agreement_publish"),
        (S.PUBLISHED, "version_issue"),
        (S.PUBLISHED, "agreement_request_signoff"),
        (S.WITHDRAWN, "agreement_start_revision"),
        (S.WITHDRAWN, "agreement_withdraw"),
    ],
)
def test_each_step_is_guarded_by_the_state(
    area: Area, officer: User, state: str, action: str
) -> None:
    agreement = draft(area=area, officer=officer)
    if state == S.IN_REVIEW:
        services.version_issue(agreement=agreement, actor=officer)
    elif state == S.PUBLISHED:
        agreement = published(area=area, officer=officer)
    elif state == S.WITHDRAWN:
        services.agreement_withdraw(agreement=agreement, actor=officer, reason="Not needed")
    kwargs: dict[str, Any] = {"agreement": agreement, "actor": officer}
    if action == "agreement_withdraw":
        kwargs["reason"] = "Again"
    with pytest.raises(services.AgreementError, match="cannot be done while the agreement is"):
        getattr(services, action)(**kwargs)


def test_the_whole_life_of_an_agreement_is_recorded(area: Area, officer: User) -> None:
    agreement = published(area=area, officer=officer)
    verbs = list(
        Event.objects.filter(
            target_id=str(agreement.pk), target_type="agreements.agreement"
        ).values_list("verb", flat=True)
    )
    for verb in (
        "agreement.created",
        "version.issued",
        "agreement.signoff_requested",
        "signoff.recorded",
        "agreement.signed",
        "agreement.published",
    ):
        assert verb in verbs


def test_withdrawal_needs_a_reason(area: Area, officer: User) -> None:
    agreement = draft(area=area, officer=officer)
    with pytest.raises(services.AgreementError, match="Say why"):
        services.agreement_withdraw(agreement=agreement, actor=officer, reason=" ")


def test_agreements_past_their_review_date_lapse(area: Area, officer: User) -> None:
    agreement = published(area=area, officer=officer)
    assert services.lapse_overdue_agreements() == 0
    with pytest.raises(services.AgreementError, match="review date has not passed"):
        services.agreement_lapse(agreement=agreement)
    services.agreement_start_revision(agreement=agreement, actor=officer)
    services.agreement_update_details(
        agreement=agreement,
        title=agreement.title,
        lead_organisation=agreement.lead_organisation,
        review_date=timezone.localdate() - timezone.timedelta(days=1),
        actor=officer,
    )
    services.version_issue(agreement=agreement, actor=officer)
    services.agreement_request_signoff(agreement=agreement, actor=officer)
    sign_all(agreement)
    services.agreement_publish(agreement=agreement, actor=officer)
    assert services.lapse_overdue_agreements() == 1
    agreement.refresh_from_db()
    assert agreement.status == S.LAPSED
    event = Event.objects.get(verb="agreement.lapsed")
    assert event.actor_id is None


def test_the_lawful_basis_rules_are_enforced_when_saving(area: Area, officer: User) -> None:
    agreement = draft(area=area, officer=officer)
    health = DataCategory.objects.get(slug="health-and-care-records")
    with pytest.raises(services.AgreementError, match="Article 9 condition") as error:
        services.category_basis_save(
            agreement=agreement,
            data_category=health,
            law_enforcement=False,
            public_task=True,
            art6=LawfulBasis.objects.get(code="art6-1-e"),
            art9=None,
            art10=False,
            schedule1=[],
            part3=False,
            schedule8=[],
            common_law=None,
            note="",
            actor=officer,
        )
    assert error.value.field == "art9"
    assert not agreement.category_bases.exists()


def test_adopting_copies_a_published_agreement_of_another_area(area: Area, officer: User) -> None:
    essex = AreaFactory(slug="essex", name="Essex")
    OrganisationFactory(area=essex, kind=OrganisationKind.LOCAL_AUTHORITY)
    essex_officer = member_of(essex, Role.OFFICER)
    source = published(area=essex, officer=essex_officer, title="Essex families")
    version = source.versions.order_by("-number").first()
    assert version is not None
    council = area.organisations.get(kind=OrganisationKind.LOCAL_AUTHORITY)
    adopted = services.agreement_adopt(
        version=version, area=area, lead_organisation=council, actor=officer
    )
    assert adopted.area == area
    assert adopted.status == S.DRAFT
    assert adopted.adopted_from == version
    assert list(adopted.sections.order_by("position").values_list("key", "locked")) == [
        (s["key"], s["locked"]) for s in version.content["sections"]
    ]
    assert section(adopted, "security").locked
    # Sections come as written, so placeholders name this area's organisations, not Essex's.
    written = dict(source.sections.values_list("key", "body"))
    assert dict(adopted.sections.values_list("key", "body")) == written
    assert "{{lead_organisation}}" in section(adopted, "parties").body
    filled = {s["key"]: s["text"] for s in build_snapshot(adopted)["sections"]}
    assert council.name in filled["parties"]
    assert source.lead_organisation.name not in filled["parties"]
    assert adopted.gateway_links.count() == source.gateway_links.count()
    assert list(adopted.parties.values_list("organisation", flat=True)) == [council.pk]
    with pytest.raises(services.AgreementError, match="already in your area"):
        services.agreement_adopt(
            version=version, area=essex, lead_organisation=council, actor=essex_officer
        )
    event = Event.objects.get(verb="agreement.adopted")
    assert event.data["from_sha256"] == version.sha256


def test_an_unpublished_agreement_cannot_be_adopted(area: Area, officer: User) -> None:
    essex = AreaFactory(slug="essex")
    OrganisationFactory(area=essex, kind=OrganisationKind.LOCAL_AUTHORITY)
    essex_officer = member_of(essex, Role.OFFICER)
    source = draft(area=essex, officer=essex_officer)
    version = services.version_issue(agreement=source, actor=essex_officer)
    council = area.organisations.get(kind=OrganisationKind.LOCAL_AUTHORITY)
    with pytest.raises(services.AgreementError, match="Only published agreements"):
        services.agreement_adopt(
            version=version, area=area, lead_organisation=council, actor=officer
        )


def test_a_party_must_be_of_the_area_and_not_a_civil_society_group(
    area: Area, officer: User
) -> None:
    agreement = draft(area=area, officer=officer)
    with pytest.raises(services.AgreementError, match="this area's organisations"):
        services.party_add(
            agreement=agreement,
            organisation=OrganisationFactory(),
            role="provider",
            signatory=None,
            actor=officer,
        )
    group = OrganisationFactory(area=area, kind=OrganisationKind.ADVOCACY)
    with pytest.raises(services.AgreementError, match="cannot be parties"):
        services.party_add(
            agreement=agreement, organisation=group, role="provider", signatory=None, actor=officer
        )
    police = OrganisationFactory(area=area, kind=OrganisationKind.POLICE)
    with pytest.raises(services.AgreementError, match="signatory of that organisation"):
        services.party_add(
            agreement=agreement,
            organisation=police,
            role="provider",
            signatory=officer,
            actor=officer,
        )


def test_templates_load_once() -> None:
    load_templates()
    assert Template.objects.count() == 4
    load_templates()
    assert Template.objects.count() == 4


def test_the_database_refuses_to_change_a_version(area: Area, officer: User) -> None:
    from django.db import DatabaseError, transaction

    agreement = draft(area=area, officer=officer)
    version = services.version_issue(agreement=agreement, actor=officer)
    original = version.canonical
    with pytest.raises(DatabaseError, match="versions never change"), transaction.atomic():
        Version.objects.filter(pk=version.pk).update(note="rewritten")
    with pytest.raises(DatabaseError, match="versions never change"), transaction.atomic():
        version.canonical = version.canonical.replace("protocol", "contract")
        version.save()
    assert Version.objects.get(pk=version.pk).canonical == original


def test_a_version_frozen_under_the_first_snapshot_schema_still_matches_its_draft(
    area: Area, officer: User
) -> None:
    agreement = complete(draft(area=area, officer=officer), officer, assessed=False)
    old = build_snapshot(agreement, schema=1)
    assert old["schema"] == 1
    assert all("source" not in s for s in old["sections"])
    Version.objects.create(
        agreement=agreement,
        number=1,
        content=old,
        canonical=canonical(old),
        sha256=sha256(canonical(old)),
        issued_by=officer,
        issued_at=timezone.now(),
    )
    agreement.status = S.IN_REVIEW
    agreement.save(update_fields=["status"])
    with pytest.raises(services.AgreementError, match="Nothing has changed"):
        services.version_issue(agreement=agreement, actor=officer)
    # Sign-off now needs the trade-off, which only a version of the current schema holds.
    with pytest.raises(services.Incomplete):
        services.agreement_request_signoff(agreement=agreement, actor=officer)
    assess(agreement, officer)
    version = services.version_issue(agreement=agreement, actor=officer)
    assert version.content["schema"] == SNAPSHOT_SCHEMA
    services.agreement_request_signoff(agreement=agreement, actor=officer)
    agreement.refresh_from_db()
    assert agreement.status == S.AWAITING_SIGNOFF


def _save_basis(agreement: Any, officer: User, category: str, **layers: Any) -> Any:
    values: dict[str, Any] = {
        "art6": None,
        "art9": None,
        "art10": False,
        "schedule1": [],
        "part3": False,
        "schedule8": [],
        "common_law": None,
    }
    for name, value in layers.items():
        if name in ("art6", "art9", "common_law"):
            value = LawfulBasis.objects.get(code=value)
        elif name in ("schedule1", "schedule8", "annex1"):
            value = list(LawfulBasis.objects.filter(code__in=value))
        values[name] = value
    return services.category_basis_save(
        agreement=agreement,
        data_category=DataCategory.objects.get(slug=category),
        law_enforcement=False,
        public_task=True,
        note="",
        actor=officer,
        **values,
    )


def test_a_party_that_is_no_public_authority_does_not_free_the_council(
    area: Area, officer: User
) -> None:
    """DPA 2018 s.7 and UK GDPR Article 6(1), closing words: whether a party is a public
    authority is a fact about that party, so a housing association beside the council
    does not let the council rely on legitimate interests."""
    agreement = draft(area=area, officer=officer)
    homes = OrganisationFactory(area=area, kind=OrganisationKind.HOUSING, name="Leeds Homes")
    services.party_add(
        agreement=agreement, organisation=homes, role="provider", signatory=None, actor=officer
    )
    with pytest.raises(services.AgreementError, match="Leeds City Council") as error:
        _save_basis(agreement, officer, "contact-details", art6="art6-1-f")
    assert "Leeds Homes" not in str(error.value)
    assert error.value.field == "art6"


def test_a_housing_association_is_not_a_public_authority(area: Area, officer: User) -> None:
    agreement = draft(area=area, officer=officer)
    agreement.parties.get().delete()
    homes = OrganisationFactory(area=area, kind=OrganisationKind.HOUSING, name="Leeds Homes")
    assert not homes.public_authority
    party = services.party_add(
        agreement=agreement, organisation=homes, role="provider", signatory=None, actor=officer
    )
    basis = _save_basis(agreement, officer, "contact-details", art6="art6-1-f", party=party)
    assert basis.art6_id == "art6-1-f"


def test_a_stack_keeps_its_annex_1_condition_official_authority_and_policy_document(
    area: Area, officer: User
) -> None:
    agreement = draft(area=area, officer=officer)
    incidents = _save_basis(
        agreement, officer, "police-incidents", art6="art6-1-e", official_authority=True
    )
    assert incidents.official_authority
    with pytest.raises(services.AgreementError, match="Paragraphs 36 and 37 only extend"):
        _save_basis(
            agreement,
            officer,
            "criminal-offences",
            art6="art6-1-e",
            art10=True,
            schedule1=["sch1-p3-36"],
        )
    basis = _save_basis(
        agreement,
        officer,
        "criminal-offences",
        art6="art6-1-e",
        art10=True,
        schedule1=["sch1-p2-10", "sch1-p3-36"],
        policy_document="APD 4",
    )
    assert basis.policy_document == "APD 4"
    snapshot = build_snapshot(agreement)
    stacks = {b["data_category"]: b for b in snapshot["lawful_bases"]}
    assert stacks["Crimes and convictions"]["policy_document"] == "APD 4"
    assert stacks["Police incident records"]["official_authority"] is True
    assert stacks["Crimes and convictions"]["official_authority"] is False
    assert stacks["Crimes and convictions"]["annex1"] == []
    assert stacks["Crimes and convictions"]["party"] == "Leeds City Council"
    # Built as schema 3 did, a layer not used adds nothing, so versions frozen before the
    # layers existed still compare equal.
    old = {b["data_category"]: b for b in build_snapshot(agreement, schema=3)["lawful_bases"]}
    assert "official_authority" not in old["Crimes and convictions"]
    assert "annex1" not in old["Crimes and convictions"]
    assert "party" not in old["Crimes and convictions"]


def test_adopting_asks_the_adopting_area_for_its_own_policy_document(
    area: Area, officer: User
) -> None:
    """DPA 2018 Sch 1 Part 4: each controller keeps its own appropriate policy document,
    so adoption copies the stack but not the reference."""
    from agreements.completeness import completeness_gaps

    essex = AreaFactory(slug="essex", name="Essex")
    OrganisationFactory(area=essex, kind=OrganisationKind.LOCAL_AUTHORITY)
    essex_officer = member_of(essex, Role.OFFICER)
    source = complete(draft(area=essex, officer=essex_officer), essex_officer)
    _save_basis(
        source,
        essex_officer,
        "criminal-offences",
        art6="art6-1-e",
        art10=True,
        schedule1=["sch1-p2-18", "sch1-p3-36"],
        policy_document="Essex APD 3",
    )
    _save_basis(source, essex_officer, "police-incidents", art6="art6-1-e", official_authority=True)
    services.version_issue(agreement=source, actor=essex_officer)
    services.agreement_request_signoff(agreement=source, actor=essex_officer)
    sign_all(source)
    services.agreement_publish(agreement=source, actor=essex_officer)
    version = Version.objects.filter(agreement=source).get()
    council = area.organisations.get(kind=OrganisationKind.LOCAL_AUTHORITY)
    adopted = services.agreement_adopt(
        version=version, area=area, lead_organisation=council, actor=officer
    )
    copied = {b.data_category.slug: b for b in adopted.category_bases.all()}
    assert copied["police-incidents"].official_authority
    assert copied["criminal-offences"].policy_document == ""
    assert any("appropriate policy document" in gap.message for gap in completeness_gaps(adopted))
