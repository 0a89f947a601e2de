"""Lawful bases per party and per flow: a council disclosing under the UK GDPR and the
police receiving under DPA 2018 Part 3 on one agreement; each party's stack checked
against its own facts; versions frozen before (one stack for every party) still shown
and compared as they were."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from agreements import services
from agreements.completeness import completeness_gaps
from agreements.models import AgreementStatus, Party, Version
from agreements.snapshot import SNAPSHOT_SCHEMA, build_snapshot, canonical, sha256
from gateways.models import DataCategory, LawfulBasis
from partners.models import Area, OrganisationKind, Role, User
from tests.agreements.factories import complete, draft
from tests.partners.factories import AreaFactory, OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def area() -> Area:
    area = AreaFactory(slug="leeds", name="Leeds")
    OrganisationFactory(area=area, name="Leeds City Council", kind=OrganisationKind.LOCAL_AUTHORITY)
    return area


@pytest.fixture
def officer(area: Area) -> User:
    return member_of(area, Role.OFFICER)


def save(agreement: Any, officer: User, party: Party, **layers: Any) -> Any:
    values: dict[str, Any] = {
        "art6": None,
        "art9": None,
        "art10": False,
        "schedule1": [],
        "part3": False,
        "schedule8": [],
        "common_law": None,
        "law_enforcement": False,
    }
    for name, value in layers.items():
        if name in ("art6", "art9", "common_law"):
            value = LawfulBasis.objects.get(code=value)
        elif name in ("schedule1", "schedule8", "annex1"):
            value = list(LawfulBasis.objects.filter(code__in=value))
        values[name] = value
    return services.category_basis_save(
        agreement=agreement,
        party=party,
        data_category=DataCategory.objects.get(slug=layers.pop("category", "police-incidents")),
        public_task=True,
        note="",
        actor=officer,
        **{k: v for k, v in values.items() if k != "category"},
    )


def with_police(area: Area, officer: User) -> tuple[Any, Party, Party]:
    agreement = draft(area=area, officer=officer)
    police = OrganisationFactory(
        area=area, kind=OrganisationKind.POLICE, name="West Yorkshire Police"
    )
    police_party = services.party_add(
        agreement=agreement, organisation=police, role="recipient", signatory=None, actor=officer
    )
    return agreement, agreement.parties.get(organisation__name="Leeds City Council"), police_party


def test_a_council_under_uk_gdpr_and_police_under_part_3_on_one_agreement(
    area: Area, officer: User
) -> None:
    """UK GDPR Articles 6 and 10 for the council; DPA 2018 Part 3 (s.35) for the police,
    a competent authority processing for law enforcement (s.30-31)."""
    agreement, council, police = with_police(area, officer)
    save(agreement, officer, council, art6="art6-1-e", official_authority=True, recipient=police)
    save(agreement, officer, police, law_enforcement=True, part3=True)
    stacks = {(b["party"], b["recipient"]): b for b in build_snapshot(agreement)["lawful_bases"]}
    assert stacks[("Leeds City Council", "West Yorkshire Police")]["art6"]["code"] == "art6-1-e"
    assert stacks[("West Yorkshire Police", None)]["part3"] is True
    assert stacks[("West Yorkshire Police", None)]["art6"] is None
    lawful_gaps = [g.message for g in completeness_gaps(agreement) if g.anchor == "lawful-bases"]
    assert lawful_gaps == []


def test_each_partys_stack_is_checked_against_its_own_facts(area: Area, officer: User) -> None:
    """The police stack under UK GDPR without Article 10 fails for the police alone."""
    agreement, council, police = with_police(area, officer)
    save(agreement, officer, council, art6="art6-1-e", official_authority=True)
    with pytest.raises(services.AgreementError, match="Article 10") as error:
        save(agreement, officer, police, art6="art6-1-e")
    assert error.value.field == "art10"
    # Legitimate interests: refused for the council (a public authority), which the
    # police's own stack does not change.
    homes = OrganisationFactory(area=area, kind=OrganisationKind.HOUSING, name="Leeds Homes")
    homes_party = services.party_add(
        agreement=agreement, organisation=homes, role="provider", signatory=None, actor=officer
    )
    save(agreement, officer, homes_party, category="contact-details", art6="art6-1-f")
    with pytest.raises(services.AgreementError, match="Leeds City Council"):
        save(agreement, officer, council, category="contact-details", art6="art6-1-f")


def test_every_party_needs_its_own_lawful_bases(area: Area, officer: User) -> None:
    agreement, council, police = with_police(area, officer)
    save(agreement, officer, council, art6="art6-1-e", official_authority=True)
    gaps = [g.message for g in completeness_gaps(agreement)]
    assert any("West Yorkshire Police relies on" in gap for gap in gaps)
    save(agreement, officer, police, law_enforcement=True, part3=True)
    assert not any("each party needs its own" in g.message for g in completeness_gaps(agreement))


def test_a_flow_goes_between_two_parties_of_the_agreement(area: Area, officer: User) -> None:
    agreement, council, police = with_police(area, officer)
    with pytest.raises(services.AgreementError, match="another of this agreement's parties"):
        save(
            agreement, officer, council, art6="art6-1-e", official_authority=True, recipient=council
        )
    other = draft(area=area, officer=officer, title="Another")
    with pytest.raises(services.AgreementError, match="this agreement's parties"):
        save(other, officer, police, art6="art6-1-e", official_authority=True)
    save(agreement, officer, council, art6="art6-1-e", official_authority=True, recipient=police)
    # The same party may have its own stack beside the flow, but not two for one flow.
    save(agreement, officer, council, art6="art6-1-e", official_authority=True)
    with pytest.raises(services.AgreementError, match="already has lawful bases"):
        save(
            agreement, officer, council, art6="art6-1-e", official_authority=True, recipient=police
        )


def test_the_form_records_the_party_and_the_flow(area: Area, officer: User) -> None:
    agreement, _council, police = with_police(area, officer)
    client = Client()
    client.force_login(officer)
    response = client.post(
        f"{agreement.get_absolute_url()}lawful-bases/add/",
        {
            "data_category": DataCategory.objects.get(slug="police-incidents").pk,
            "party": police.pk,
            "law_enforcement": "on",
            "part3": "on",
        },
    )
    assert response.status_code == 302
    basis = agreement.category_bases.get()
    assert (basis.party, basis.recipient, basis.part3) == (police, None, True)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "West Yorkshire Police" in page
    assert "DPA 2018 s.35 (law enforcement)" in page


def test_versions_frozen_with_one_stack_for_every_party_still_show_and_compare(
    area: Area, officer: User
) -> None:
    """Before schema 4 one stack stood for every party. Once each party holds a copy (as
    the migration leaves them), the working copy built as schema 3 equals the old
    version, its page shows it as it was, and it compares with a version of schema 4."""
    agreement = complete(draft(area=area, officer=officer), officer)
    old = build_snapshot(agreement, schema=3)
    assert len(old["lawful_bases"]) == 1
    assert "party" not in old["lawful_bases"][0]
    Version.objects.create(
        agreement=agreement,
        number=1,
        content=old,
        canonical=canonical(old),
        sha256=sha256(canonical(old)),
        issued_by=officer,
        issued_at=timezone.now(),
    )
    agreement.status = AgreementStatus.IN_REVIEW
    agreement.save(update_fields=["status"])
    with pytest.raises(services.AgreementError, match="Nothing has changed"):
        services.version_issue(agreement=agreement, actor=officer)
    client = Client()
    client.force_login(officer)
    url = agreement.get_absolute_url()
    page = client.get(f"{url}versions/1/").content.decode()
    shown = page.split("<strong>Names, addresses and contact details</strong>", 1)[1]
    assert "<dt>UK GDPR Article 6</dt><dd>UK GDPR Art 6(1)(e): Public task</dd>" in shown
    police = agreement.parties.exclude(organisation=agreement.lead_organisation).get()
    basis = agreement.category_bases.get(party=police)
    services.category_basis_save(
        agreement=agreement,
        basis=basis,
        data_category=basis.data_category,
        law_enforcement=True,
        public_task=True,
        art6=None,
        art9=None,
        art10=False,
        schedule1=[],
        part3=True,
        schedule8=[],
        common_law=None,
        note="",
        actor=officer,
    )
    second = services.version_issue(agreement=agreement, actor=officer)
    assert second.content["schema"] == SNAPSHOT_SCHEMA
    compared = client.get(f"{url}versions/compare/", {"a": "1", "b": "2"}).content.decode()
    assert "DPA 2018 s.35" in compared
    assert "Names, addresses and contact details (" in compared
