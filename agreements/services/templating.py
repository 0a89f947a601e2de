"""Templates: loading the seed set and revising them (each change a new version)."""

from typing import Any

from django.db import transaction

from audit.services import record_event
from partners.models import Area, User

from ..models import Template, TemplateSection, TemplateVersion


@transaction.atomic
def template_load(*, spec: dict[str, Any], actor: User | None = None) -> tuple[Template, bool]:
    """Create a template from ``spec`` (agreements/data/templates.json), or, when the
    spec's ``revision`` is newer than any version loaded from the file before, add a new
    version with its sections. Agreements already drafted keep the version they started
    from. Returns the template and whether anything was created.
    Audit: ``template.created``, or ``template.revised`` for a new version."""
    revision = int(spec.get("revision", 1))
    template = Template.objects.select_for_update().filter(slug=spec["slug"]).first()
    if template is None:
        template = Template.objects.create(
            slug=spec["slug"],
            name=spec["name"],
            kind=spec["kind"],
            description=spec.get("description", ""),
        )
        version = TemplateVersion.objects.create(
            template=template,
            number=1,
            change_note="First version",
            seed_revision=revision,
            created_by=actor,
        )
        _add_sections(version, spec["sections"])
        record_event(
            actor=actor,
            verb="template.created",
            target=template,
            data={"name": template.name, "sections": [s["key"] for s in spec["sections"]]},
        )
        return template, True
    versions = list(template.versions.all())
    # The first version of a template made before revisions were recorded came from the
    # file's first revision.
    loaded = max((v.seed_revision for v in versions if v.seed_revision), default=1)
    if revision <= loaded:
        return template, False
    version = TemplateVersion.objects.create(
        template=template,
        number=max(v.number for v in versions) + 1,
        change_note=spec.get("change_note", ""),
        seed_revision=revision,
        created_by=actor,
    )
    _add_sections(version, spec["sections"])
    record_event(
        actor=actor,
        verb="template.revised",
        target=template,
        data={
            "version": version.number,
            "revision": revision,
            "note": version.change_note,
            "sections": [s["key"] for s in spec["sections"]],
        },
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
