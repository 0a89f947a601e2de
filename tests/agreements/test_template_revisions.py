"""Templates are shared by all six areas: one area's admin proposes a revision, an admin
of another area approves it, and every area sees both in its trail."""

import re

import pytest
from django.test import Client

from agreements import services
from agreements.models import Template, TemplateVersionStatus
from audit.models import Event
from partners.models import Area, Role, User
from tests.agreements.factories import load_templates
from tests.partners.factories import AreaFactory, member_of

pytestmark = pytest.mark.django_db

SECTION_URL = "/areas/{area}/agreements/templates/information-sharing-protocol/sections/security/"
DETAIL_URL = "/areas/{area}/agreements/templates/information-sharing-protocol/"
DECIDE_URL = DETAIL_URL + "revision/"


@pytest.fixture
def areas() -> dict[str, Area]:
    load_templates()
    return {slug: AreaFactory(slug=slug, name=slug.title()) for slug in ("leeds", "essex")}


@pytest.fixture
def admins(areas: dict[str, Area]) -> dict[str, User]:
    return {
        "leeds": member_of(areas["leeds"], Role.AREA_ADMIN, email="tom@leeds.example.org"),
        "leeds2": member_of(areas["leeds"], Role.AREA_ADMIN, email="ann@leeds.example.org"),
        "essex": member_of(areas["essex"], Role.AREA_ADMIN, email="dan@essex.example.org"),
    }


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _propose(admin: User, text: str = "Encrypted at rest and in transit.") -> None:
    response = _client(admin).post(
        SECTION_URL.format(area="leeds"),
        {
            "heading": "Security",
            "guidance": "Say how the data is kept safe.",
            "default_text": text,
            "locked": "on",
            "change_note": "Name encryption",
        },
    )
    assert response.status_code == 302


def _in_use() -> int:
    template = Template.objects.get(slug="information-sharing-protocol")
    return services.templating.current_version(template).number


def test_a_revision_is_in_use_only_once_another_areas_admin_approves_it(
    admins: dict[str, User],
) -> None:
    _propose(admins["leeds"])
    assert _in_use() == 1
    # Neither the proposer nor another admin of the same area may approve it.
    for same_area in (admins["leeds"], admins["leeds2"]):
        _client(same_area).post(DECIDE_URL.format(area="leeds"), {"decision": "approve"})
        assert _in_use() == 1
    page = _client(admins["essex"]).get(DETAIL_URL.format(area="essex")).content.decode()
    assert "A revision is waiting" in page
    assert "Encrypted at rest and in transit." in page
    _client(admins["essex"]).post(DECIDE_URL.format(area="essex"), {"decision": "approve"})
    assert _in_use() == 2
    approvals = Event.objects.filter(verb="template.revised")
    assert sorted(approvals.values_list("area_name", flat=True)) == ["Essex", "Leeds"]


def test_a_revision_turned_down_leaves_the_template_and_frees_it_for_another(
    admins: dict[str, User],
) -> None:
    _propose(admins["leeds"])
    response = _client(admins["leeds"]).post(
        SECTION_URL.format(area="leeds"),
        {"heading": "Security", "default_text": "Other words", "change_note": "Again"},
    )
    assert "already waiting" in response.content.decode()
    _client(admins["essex"]).post(DECIDE_URL.format(area="essex"), {"decision": "reject"})
    template = Template.objects.get(slug="information-sharing-protocol")
    assert template.versions.filter(status=TemplateVersionStatus.PROPOSED).exists()
    _client(admins["essex"]).post(
        DECIDE_URL.format(area="essex"), {"decision": "reject", "note": "Too vague"}
    )
    assert _in_use() == 1
    assert Event.objects.filter(verb="template.revision_rejected").count() == 2  # both areas
    _propose(admins["leeds"], "Encrypted with keys held by the council.")
    assert template.versions.get(status=TemplateVersionStatus.PROPOSED).number == 3


def test_a_decision_that_cannot_be_recorded_keeps_the_note_and_says_why(
    admins: dict[str, User],
) -> None:
    _propose(admins["leeds"])
    essex = _client(admins["essex"])
    # No decision chosen: the note written stays, with what is missing.
    response = essex.post(DECIDE_URL.format(area="essex"), {"note": "Keys held by whom?"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose whether to approve or turn down the revision" in page
    assert "Keys held by whom?" in page
    assert "<title>Error:" in page
    # Turning down needs a reason; the choice made stays chosen.
    response = essex.post(DECIDE_URL.format(area="essex"), {"decision": "reject"})
    page = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'value="reject"\s+checked', page)
    assert "Say why the revision is not accepted" in page
    template = Template.objects.get(slug="information-sharing-protocol")
    assert template.versions.filter(status=TemplateVersionStatus.PROPOSED).exists()
    assert not Event.objects.filter(verb="template.revision_rejected").exists()
