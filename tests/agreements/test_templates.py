"""The four templates against the ICO data sharing code (2021), its Annex B request and
decision form, and UK GDPR Article 26(3); and how a revised template arrives without
touching agreements already drafted."""

import copy
import json
import re
from typing import Any

import pytest

from agreements import services
from agreements.models import Template
from audit.models import Event
from partners.models import Area, OrganisationKind, Role, User
from tests.agreements.factories import TEMPLATES, draft
from tests.partners.factories import AreaFactory, OrganisationFactory, member_of


def specs() -> dict[str, dict[str, Any]]:
    with open(TEMPLATES, encoding="utf-8") as file:
        return {spec["slug"]: spec for spec in json.load(file)}


def keys(slug: str) -> set[str]:
    return {section["key"] for section in specs()[slug]["sections"]}


def section(slug: str, key: str) -> dict[str, Any]:
    return next(s for s in specs()[slug]["sections"] if s["key"] == key)


# What the ICO data sharing code asks an agreement to cover, as section keys.
ICO_CODE_ELEMENTS = {
    "purpose": "purpose",
    "roles of the parties": "parties",
    "data items": "data-items",
    "lawful basis and legal power": "lawful-basis",
    "special category and criminal offence data": "special-category",
    "common-law duty of confidentiality": "confidentiality",
    "purpose compatibility for further use": "purpose-compatibility",
    "children": "children",
    "DPIA, its outcome and the DPO's advice": "dpia",
    "transparency: who tells people, what, when, exemptions": "transparency",
    "how, when and by whom data is shared": "sharing-and-access",
    "processors and international transfers": "processors-and-transfers",
    "security": "security",
    "retention and deletion": "retention",
    "data quality": "data-quality",
    "rights, complaints and information requests": "rights-and-requests",
    "breaches": "breaches",
    "joining and leaving": "joining-and-leaving",
    "review and termination with return or deletion": "review-and-termination",
    "sanctions": "sanctions",
    "sign-off": "sign-off",
}

PER_TEMPLATE = {
    "information-sharing-protocol": set(ICO_CODE_ELEMENTS.values()),
    "data-disclosure-agreement": set(ICO_CODE_ELEMENTS.values()),
    "joint-controller-arrangement": set(ICO_CODE_ELEMENTS.values())
    | {"responsibilities", "rights-against-each"},
}

# Every field of the request form in Annex B of the ICO code, as section keys.
ANNEX_B = {
    "receiving organisation": "request-to",
    "requesting organisation, requester's name and position": "request-from",
    "date received": "request-received",
    "description of the data requested": "request-what",
    "joint or separate controllers; whether an agreement will be in place": "controllers",
    "purpose": "request-why",
    "lawful basis and legal power": "lawful-basis",
    "why sharing is necessary": "necessity",
    "special category, criminal offence data, Part 3 provisions": "special-category",
    "DPIA considered, its outcome, the DPO's views": "dpia",
    "retention and deletion": "retention",
    "security": "security",
    "information rights": "rights",
    "date or interval of sharing": "when",
    "decision": "decision",
    "reasons for sharing or not": "reasons",
    "decided by, name and position, signed and dated": "decided-by",
}


@pytest.mark.parametrize("slug", sorted(PER_TEMPLATE))
def test_each_agreement_template_covers_every_element_of_the_ico_code(slug: str) -> None:
    missing = PER_TEMPLATE[slug] - keys(slug)
    assert not missing, f"{slug} lacks {sorted(missing)}"


def test_the_one_off_template_has_every_field_of_the_ico_annex_b_form() -> None:
    missing = set(ANNEX_B.values()) - keys("one-off-request-and-decision")
    assert not missing
    assert "confidentiality" in keys("one-off-request-and-decision")


def test_joint_controllers_say_people_may_use_their_rights_against_each_art_26_3() -> None:
    clause = section("joint-controller-arrangement", "rights-against-each")
    assert clause["locked"]
    assert "against each of the joint controllers" in clause["default_text"]
    assert "Article 26(3)" in clause["guidance"]


def test_guidance_cites_the_law_and_the_code() -> None:
    isp = "information-sharing-protocol"
    assert "Article 35" in section(isp, "dpia")["guidance"]
    assert "data protection officer" in section(isp, "dpia")["default_text"]
    assert "Article 14(3)" in section(isp, "transparency")["guidance"]
    assert "exemption" in section(isp, "transparency")["default_text"]
    assert "Article 6(4)" in section(isp, "purpose-compatibility")["guidance"]
    assert "compelling reason" in section(isp, "children")["default_text"]
    assert "Article 28" in section(isp, "processors-and-transfers")["guidance"]
    assert "s.251" in section(isp, "confidentiality")["guidance"]
    assert "Freedom of Information" in section(isp, "rights-and-requests")["default_text"]


@pytest.mark.parametrize("slug", sorted(specs()))
def test_defaults_assert_nothing_that_may_be_false(slug: str) -> None:
    """No party is assumed to be a separate controller, and nothing is deleted on the
    review date: a review date is not a deletion date."""
    for spec_section in specs()[slug]["sections"]:
        text = spec_section["default_text"]
        assert "separate controller of the data it holds" not in text
        assert "Each is a separate controller" not in text
        assert not re.search(r"delet\w*[^.]*\{\{review_date\}\}", text), spec_section["key"]
    if slug != "one-off-request-and-decision":
        ending = section(slug, "review-and-termination")["default_text"]
        assert "returns or securely deletes" in ending


def test_templates_are_revisions_of_the_file() -> None:
    assert all(spec["revision"] >= 2 and spec["change_note"] for spec in specs().values())


@pytest.mark.django_db
def test_a_newer_revision_makes_a_new_version_and_leaves_agreements_alone() -> None:
    area: Area = AreaFactory(slug="leeds", name="Leeds")
    OrganisationFactory(area=area, name="Leeds City Council", kind=OrganisationKind.LOCAL_AUTHORITY)
    officer: User = member_of(area, Role.OFFICER)
    first = copy.deepcopy(specs()["information-sharing-protocol"])
    first.update(revision=1, sections=first["sections"][:3])
    template, created = services.template_load(spec=first)
    assert created
    agreement = draft(area=area, officer=officer)
    assert agreement.template_version.number == 1
    assert agreement.sections.count() == 3

    template, created = services.template_load(spec=specs()["information-sharing-protocol"])
    assert created
    latest = template.versions.order_by("-number").first()
    assert latest is not None
    assert (latest.number, latest.seed_revision) == (2, 2)
    assert latest.sections.count() == len(specs()["information-sharing-protocol"]["sections"])
    agreement.refresh_from_db()
    assert agreement.template_version.number == 1
    assert agreement.sections.count() == 3
    assert Event.objects.filter(verb="template.revised", target_id=str(template.pk)).count() == 1
    # Loading again changes nothing.
    assert services.template_load(spec=specs()["information-sharing-protocol"]) == (
        template,
        False,
    )
    assert Template.objects.get(pk=template.pk).versions.count() == 2
