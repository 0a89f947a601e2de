"""Templates: loading the seed set and revising them. Each change is a new version;
templates are shared by every area, so one area's admin proposes it and another area's
approves it, and every area's trail shows both."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from partners.models import Area, Role, User
from partners.permissions import user_roles_in_area

from ..models import Template, TemplateSection, TemplateVersion, TemplateVersionStatus
from .errors import AgreementError


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


REVISION_WAITING = (
    "A revision of this template is already waiting for an admin of another area. It "
    "must be approved or turned down before another is proposed."
)
ANOTHER_AREA_DECIDES = (
    "Templates are shared by every area, so an area admin of another area decides on a "
    "revision proposed from {area}."
)
NOT_WAITING = "This revision has already been {status}."
NOT_AN_AREA_ADMIN = "Only area admins decide on template revisions."
OVERTAKEN = (
    "A newer version of this template came into use after this revision was proposed, so "
    "it would change nothing now. Turn it down, and propose the change again if it is "
    "still needed."
)
REASON_NEEDED = "Say why the revision is not accepted, so whoever proposed it can improve it."


def current_version(template: Template) -> TemplateVersion:
    """The version in use: the latest approved one."""
    version = (
        template.versions.filter(status=TemplateVersionStatus.APPROVED).order_by("-number").first()
    )
    assert version is not None, "a template always has an approved version"
    return version


def _tell_every_area(*, actor: User, verb: str, template: Template, data: dict[str, Any]) -> None:
    # Every area drafts from the same templates, so each area's trail shows the change.
    for area in Area.objects.order_by("pk"):
        record_event(actor=actor, verb=verb, target=template, area=area, data=data)


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
    """Propose a change to one section of a template as a new template version (all
    other sections copied). Templates are shared by every area, so nobody drafts from
    it until an admin of another area approves it (``template_revision_approve``);
    ``area`` is the one the admin proposed it from. Returns the current version when
    nothing changed. Raises AgreementError while another revision of the template is
    waiting. Audit: ``template.revision_proposed`` with the fields changed, in every
    area's trail."""
    locked_template = Template.objects.select_for_update().get(pk=template.pk)
    current = current_version(locked_template)
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
    if locked_template.versions.filter(status=TemplateVersionStatus.PROPOSED).exists():
        raise AgreementError(REVISION_WAITING)
    latest = locked_template.versions.order_by("-number").first()
    version = TemplateVersion.objects.create(
        template=locked_template,
        number=(latest.number if latest else 0) + 1,
        change_note=change_note.strip(),
        created_by=actor,
        status=TemplateVersionStatus.PROPOSED,
        proposed_from=area,
    )
    _add_sections(version, sections)
    _tell_every_area(
        actor=actor,
        verb="template.revision_proposed",
        template=locked_template,
        data={
            "version": version.number,
            "section": key,
            "note": version.change_note,
            "proposed_from": area.name if area else "",
            **changed,
        },
    )
    return version


def _decide(
    version: TemplateVersion, actor: User, area: Area, *, approving: bool
) -> TemplateVersion:
    locked = (
        TemplateVersion.objects.select_for_update(of=("self",))
        .select_related("template", "proposed_from", "created_by")
        .get(pk=version.pk)
    )
    if locked.status != TemplateVersionStatus.PROPOSED:
        raise AgreementError(NOT_WAITING.format(status=locked.get_status_display().lower()))
    if Role.AREA_ADMIN not in user_roles_in_area(actor, area):
        raise AgreementError(NOT_AN_AREA_ADMIN)
    if approving and current_version(locked.template).number > locked.number:
        raise AgreementError(OVERTAKEN)
    if locked.created_by_id == actor.pk or (
        locked.proposed_from_id is not None and locked.proposed_from_id == area.pk
    ):
        raise AgreementError(
            ANOTHER_AREA_DECIDES.format(
                area=locked.proposed_from.name if locked.proposed_from else "an area"
            )
        )
    return locked


@transaction.atomic
def template_revision_approve(
    *, version: TemplateVersion, actor: User, area: Area, note: str = ""
) -> TemplateVersion:
    """Put a proposed revision in use: new drafts start from it; agreements already
    drafted keep their text. ``actor`` decides as an area admin of ``area``, which must
    not be the area it was proposed from, and must not have proposed it. Raises
    AgreementError otherwise, or when it was decided already. Audit:
    ``template.revised`` in every area's trail."""
    locked = _decide(version, actor, area, approving=True)
    locked.status = TemplateVersionStatus.APPROVED
    locked.reviewed_by, locked.reviewed_at, locked.review_note = actor, timezone.now(), note
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    _tell_every_area(
        actor=actor,
        verb="template.revised",
        template=locked.template,
        data={
            "version": locked.number,
            "note": locked.change_note,
            "approved_from": area.name,
            "proposed_by": locked.created_by.full_name if locked.created_by else "",
        },
    )
    return locked


@transaction.atomic
def template_revision_reject(
    *, version: TemplateVersion, actor: User, area: Area, reason: str
) -> TemplateVersion:
    """Turn a proposed revision down, saying why; the template stays as it was. Raises
    AgreementError as template_revision_approve does, and without a reason.
    Audit: ``template.revision_rejected`` in every area's trail."""
    if not reason.strip():
        raise AgreementError(REASON_NEEDED, field="note")
    locked = _decide(version, actor, area, approving=False)
    locked.status = TemplateVersionStatus.REJECTED
    locked.reviewed_by, locked.reviewed_at = actor, timezone.now()
    locked.review_note = reason.strip()
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    _tell_every_area(
        actor=actor,
        verb="template.revision_rejected",
        template=locked.template,
        data={"version": locked.number, "reason": locked.review_note, "rejected_from": area.name},
    )
    return locked
