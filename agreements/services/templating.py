"""Templates: loading the seed set and revising them (each change a new version)."""

from typing import Any

from django.db import transaction

from audit.services import record_event
from partners.models import Area, User

from ..models import Template, TemplateSection, TemplateVersion


@transaction.atomic
def template_load(*, spec: dict[str, Any], actor: User | None = None) -> tuple[Template, bool]:
    """Create a template from ``spec`` (agreements/data/templates.json), or leave it as
    it is when it exists. Returns the template and whether it was created.
    Audit: ``template.created``."""
    template = Template.objects.filter(slug=spec["slug"]).first()
    if template is not None:
        return template, False
    template = Template.objects.create(
        slug=spec["slug"],
        name=spec["name"],
        kind=spec["kind"],
        description=spec.get("description", ""),
    )
    version = TemplateVersion.objects.create(
        template=template, number=1, change_note="First version", created_by=actor
    )
    _add_sections(version, spec["sections"])
    record_event(
        actor=actor,
        verb="template.created",
        target=template,
        data={"name": template.name, "sections": [s["key"] for s in spec["sections"]]},
    )
    return template, True


def _add_sections(version: TemplateVersion, sections: list[dict[str, Any]]) -> None:
    TemplateSection.objects.bulk_create(
        TemplateSection(
            version=version,
            position=position,
            key=section["key"],
            heading=section["heading"],
            guidance=section.get("guidance", ""),
            default_text=section.get("default_text", ""),
            locked=section.get("locked", False),
            required=section.get("required", True),
        )
        for position, section in enumerate(sections, start=1)
    )


@transaction.atomic
def template_revise_section(
    *,
    template: Template,
    key: str,
    heading: str,
    guidance: str,
    default_text: str,
    locked: bool,
    change_note: str,
    actor: User,
    area: Area | None = None,
) -> TemplateVersion:
    """Change one section of a template by making a new template version (all other
    sections copied). Agreements already drafted keep their text. Templates are shared
    by every area; ``area`` is the one the admin revised it from, so the change shows
    in that area's audit trail. Audit: ``template.revised`` with the fields changed."""
    current = template.versions.select_for_update().order_by("-number").first()
    assert current is not None
    sections = [
        {
            "key": s.key,
            "heading": s.heading,
            "guidance": s.guidance,
            "default_text": s.default_text,
            "locked": s.locked,
            "required": s.required,
        }
        for s in current.sections.order_by("position")
    ]
    target = next(s for s in sections if s["key"] == key)
    before = dict(target)
    target.update(
        heading=heading.strip(), guidance=guidance.strip(), default_text=default_text, locked=locked
    )
    changed = {k: {"from": before[k], "to": target[k]} for k in target if before[k] != target[k]}
    if not changed:
        return current
    version = TemplateVersion.objects.create(
        template=template,
        number=current.number + 1,
        change_note=change_note.strip(),
        created_by=actor,
    )
    _add_sections(version, sections)
    record_event(
        actor=actor,
        verb="template.revised",
        target=template,
        area=area,
        data={"version": version.number, "section": key, "note": version.change_note, **changed},
    )
    return version
