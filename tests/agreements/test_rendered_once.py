"""Sections are rendered once: an issued version's when it is issued (kept beside its
snapshot, or the first time an older version is read), the working copy's once per
revision of each section. What readers see never lags behind the text."""

from typing import Any

import pytest
from django.test import Client

from agreements import rendering, services
from agreements.models import Section, SectionHtml, Version
from partners.models import Area, OrganisationKind, Role, User
from tests.agreements.factories import draft
from tests.partners.factories import AreaFactory, OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def area() -> Area:
    area = AreaFactory(slug="sheffield", name="Sheffield")
    OrganisationFactory(area=area, kind=OrganisationKind.LOCAL_AUTHORITY)
    return area


@pytest.fixture
def officer(area: Area) -> User:
    return member_of(area, Role.OFFICER)


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every Markdown text rendered from now on (rendering still happens)."""
    seen: list[str] = []
    render = rendering.render_markdown

    def counted(text: str) -> Any:
        seen.append(text)
        return render(text)

    monkeypatch.setattr(rendering, "render_markdown", counted)
    return seen


def save(section: Section, body: str, officer: User) -> Section:
    return services.section_save(
        section=section, body=body, base_revision=section.revision, actor=officer
    )


def test_the_working_copy_is_rendered_once_per_revision_of_a_section(
    area: Area, officer: User, renders: list[str]
) -> None:
    agreement = draft(area=area, officer=officer)
    purpose = save(Section.objects.get(agreement=agreement, key="purpose"), "**Once**.", officer)
    client = Client()
    client.force_login(officer)

    first = client.get(agreement.get_absolute_url()).content.decode()
    rendered = len(renders)
    again = client.get(agreement.get_absolute_url()).content.decode()

    assert "<strong>Once</strong>." in first
    assert rendered >= agreement.sections.count()
    assert len(renders) == rendered  # the second time, nothing was rendered
    assert "<strong>Once</strong>." in again

    save(purpose, "**Twice**.", officer)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "<strong>Twice</strong>." in page
    assert "<strong>Once</strong>." not in page
    assert renders[rendered:] == ["**Twice**."]  # that section alone, at its new revision


def test_a_cached_section_is_used_only_for_the_text_it_was_rendered_from(
    renders: list[str],
) -> None:
    first = rendering.render_section(10_001, 3, "The council of {{area}}.")
    assert rendering.render_section(10_001, 3, "The council of {{area}}.") is first
    # The same revision with another placeholder filled in (the area renamed, say).
    assert "Leeds" in rendering.render_section(10_001, 3, "The council of Leeds.")
    assert "Leeds" not in rendering.render_section(10_001, 4, "The council of Sheffield.")
    assert len(renders) == 3


def test_an_issued_versions_sections_are_kept_rendered_when_it_is_issued(
    area: Area, officer: User, renders: list[str]
) -> None:
    agreement = draft(area=area, officer=officer)
    save(Section.objects.get(agreement=agreement, key="purpose"), "Read *this*.", officer)
    version = services.version_issue(agreement=agreement, actor=officer)
    kept = dict(SectionHtml.objects.filter(version=version).values_list("key", "html"))
    assert set(kept) == {s["key"] for s in version.content["sections"]}
    assert kept["purpose"] == "<p>Read <em>this</em>.</p>"

    renders.clear()
    client = Client()
    client.force_login(officer)
    page = client.get(f"{agreement.get_absolute_url()}versions/1/").content.decode()
    assert "<p>Read <em>this</em>.</p>" in page
    assert renders == []


def test_a_version_issued_before_its_html_was_kept_is_rendered_once_when_first_read(
    area: Area, officer: User, renders: list[str]
) -> None:
    agreement = draft(area=area, officer=officer)
    save(Section.objects.get(agreement=agreement, key="purpose"), "Read *this*.", officer)
    version = services.version_issue(agreement=agreement, actor=officer)
    SectionHtml.objects.filter(version=version).delete()
    renders.clear()

    shown = services.version_sections_html(version=Version.objects.get(pk=version.pk))
    assert shown["purpose"] == "<p>Read <em>this</em>.</p>"
    assert len(renders) == len(version.content["sections"])
    assert SectionHtml.objects.filter(version=version).count() == len(renders)
    renders.clear()
    services.version_sections_html(version=version)
    assert renders == []


def test_a_new_version_renders_only_the_sections_that_changed(
    area: Area, officer: User, renders: list[str]
) -> None:
    agreement = draft(area=area, officer=officer)
    save(Section.objects.get(agreement=agreement, key="purpose"), "First *words*.", officer)
    first = services.version_issue(agreement=agreement, actor=officer)
    save(Section.objects.get(agreement=agreement, key="purpose"), "Second *words*.", officer)
    renders.clear()

    second = services.version_issue(agreement=agreement, actor=officer)

    assert renders == ["Second *words*."]
    kept = dict(SectionHtml.objects.filter(version=second).values_list("key", "html"))
    assert kept["purpose"] == "<p>Second <em>words</em>.</p>"
    assert set(kept) == {s["key"] for s in second.content["sections"]}
    earlier = dict(SectionHtml.objects.filter(version=first).values_list("key", "html"))
    assert {k: v for k, v in kept.items() if k != "purpose"} == {
        k: v for k, v in earlier.items() if k != "purpose"
    }
