from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from partners.demo import AREAS, DEMO_PASSWORD, demo_email
from partners.models import Area, Membership, OrganisationKind, Role, User

pytestmark = pytest.mark.django_db

SIX = {
    "Essex County Council",
    "Leeds City Council",
    "Greater Manchester Combined Authority",
    "Melton Borough Council",
    "Sheffield City Council",
    "West Midlands Combined Authority",
}


def seed(**kwargs: Any) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **kwargs)
    return out.getvalue()


def test_refuses_when_debug_is_off_unless_forced(settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run when DEBUG is off"):
        seed()
    assert not Area.objects.exists()
    output = seed(force=True)
    assert Area.objects.count() == 6
    # A forced demo deployment does not hand out platform admin with the published password.
    admin = User.objects.get(email="admin@example.org")
    assert admin.is_staff
    assert not admin.check_password(DEMO_PASSWORD)
    shown = output.split("has the password ")[1].split(" ")[0]
    assert admin.check_password(shown)


def test_seeds_the_six_partner_areas_with_their_organisations_and_people(settings: Any) -> None:
    settings.DEBUG = True
    seed()
    assert set(Area.objects.values_list("lead_body", flat=True)) == SIX
    for area in Area.objects.all():
        kinds = list(area.organisations.values_list("kind", flat=True))
        for needed in (
            OrganisationKind.LOCAL_AUTHORITY,
            OrganisationKind.NHS_BODY,
            OrganisationKind.POLICE,
            OrganisationKind.HOUSING,
        ):
            assert needed in kinds, (area, needed)
        civil = [k for k in kinds if k in (OrganisationKind.VOLUNTARY, OrganisationKind.ADVOCACY)]
        assert len(civil) >= 2, area
        for role in Role:
            user = User.objects.get(email=demo_email(role, area.slug))
            assert user.check_password(DEMO_PASSWORD)
            assert Membership.objects.filter(user=user, role=role, organisation__area=area).exists()
    assert User.objects.get(email="admin@example.org").is_staff
    assert User.objects.get(email="admin@example.org").check_password(DEMO_PASSWORD)


def test_running_twice_changes_nothing(settings: Any) -> None:
    settings.DEBUG = True
    seed()
    counts = (Area.objects.count(), User.objects.count(), Membership.objects.count())
    seed()
    assert counts == (Area.objects.count(), User.objects.count(), Membership.objects.count())
    assert counts[0] == len(AREAS)


def test_the_readme_lists_every_demo_sign_in() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert DEMO_PASSWORD in readme
    for spec in AREAS:
        for role in Role:
            assert demo_email(role, str(spec["slug"])) in readme


def test_seeding_is_recorded_and_leaves_a_valid_chain(settings: Any) -> None:
    from audit.models import Event
    from audit.verification import verify_chain

    settings.DEBUG = True
    seed()
    verbs = set(Event.objects.values_list("verb", flat=True))
    assert {"demo.seeded", "auth.signed_in", "membership.granted", "area.created"} <= verbs
    assert verify_chain().ok


def test_demo_agreements_cover_every_state(settings: Any) -> None:
    from agreements.models import Agreement, AgreementStatus

    settings.DEBUG = True
    seed()
    states = set(Agreement.objects.values_list("status", flat=True))
    assert states == set(AgreementStatus.values)
    published = Agreement.objects.filter(status=AgreementStatus.PUBLISHED)
    assert published.exists()
    assert all(a.versions.exists() for a in published)
    assert Agreement.objects.exclude(adopted_from=None).exists()
    # Every agreement that reached sign-off had no gaps when it did.
    from agreements.completeness import completeness_gaps

    signed = Agreement.objects.filter(
        status__in=(AgreementStatus.SIGNED, AgreementStatus.PUBLISHED)
    )
    assert all(not completeness_gaps(a) for a in signed)


def test_the_demo_invited_reviewer_can_sign_in_to_their_one_agreement(settings: Any) -> None:
    from django.test import Client

    from agreements.demo import invited_email

    settings.DEBUG = True
    seed()
    client = Client()
    signed_in = client.post(
        "/account/sign-in/", {"username": invited_email("leeds"), "password": DEMO_PASSWORD}
    )
    assert signed_in.status_code == 302
    page = client.get("/").content.decode()
    assert "School attendance data for early help" in page
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert invited_email("leeds") in readme


def test_the_demo_shows_the_trade_off_weighed_and_signed_off_across_areas(settings: Any) -> None:
    from agreements.models import Agreement, AgreementStatus, Perspective, SignOff

    settings.DEBUG = True
    seed()
    in_service = SignOff.objects.filter(method="in_service", superseded_at=None)
    everyone = [
        a
        for a in Agreement.objects.filter(status__in=("signed", "published", "lapsed"))
        if {p.organisation_id for p in a.parties.all()}
        <= set(in_service.filter(agreement=a).values_list("organisation_id", flat=True))
    ]
    assert everyone, "an agreement signed in the service by every party"
    conditional = SignOff.objects.get(decision="approve_with_conditions")
    declined = SignOff.objects.get(decision="decline")
    assert declined.superseded_at is not None  # the agreement was revised after it
    assert declined.agreement.versions.count() == 2
    assert declined.agreement.status == AgreementStatus.AWAITING_SIGNOFF
    assert SignOff.objects.filter(method="outside").exists()
    areas = {everyone[0].area_id, conditional.agreement.area_id, declined.agreement.area_id}
    assert len(areas) == 3
    assert Perspective.objects.values("group").distinct().count() >= 4
    assert any(
        Perspective.objects.filter(agreement=a).values("group").distinct().count() >= 4
        for a in everyone
    )
