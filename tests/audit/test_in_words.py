"""The ledger in words: every verb the code records reads as a sentence, every key of its
data has a label, every code a word; and no audit page or CSV shows a raw status code,
field name or Python value.

The events come from the demo seed, from the flows below for whatever the seed does not
do, and (for verbs no longer recorded, and the Django admin's) from events written as
those places wrote them."""

import ast
import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from agreements import services
from agreements.models import (
    Agreement,
    AssessmentQuestion,
    Benefit,
    Comment,
    Risk,
    Section,
    Template,
    Version,
)
from agreements.services import review_dates
from agreements.services.documents import document_render_failed, document_request
from audit import services as audit_services
from audit import vocabulary
from audit.models import Event
from audit.services import record_event
from gateways import services as gateway_services
from gateways.models import DataCategory, Gateway, LawfulBasis
from notifications import outbox
from notifications import services as notification_services
from partners import services as partner_services
from partners.demo import DEMO_PASSWORD, demo_email
from partners.models import Area, Membership, Organisation, Role, User
from tests.agreements.factories import assess
from tests.gateways.factories import details

ROOT = Path(__file__).resolve().parents[2]
APPS = ("audit", "partners", "gateways", "agreements", "register", "documents", "notifications")
VERB = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*$")
# Dotted strings that are not verbs: app labels and modules.
NOT_VERBS = {*APPS, "django", "datasharing", "celery", "tests", "crispy_forms", "axes"}
# Dotted strings that are file or domain names.
NOT_VERB_ENDINGS = {"json", "py", "html", "txt", "csv", "pem", "pdf", "atom", "org", "com", "uk"}
# Verbs the code no longer records, which existing ledgers still hold.
RETIRED = {"version.published", "agreement.signed_offline"}

SNAKE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")
CODE_WITH_NUMBER = re.compile(r"\b(?:art|sch|schedule|part|sha)\d+\b")
PYTHON = re.compile(r"\b(?:True|False|None)\b|[{}]|\[\]|\bdict\(|\bdatetime\.")


def _verb_like(value: str) -> bool:
    first, _, last = value.partition(".")
    return bool(VERB.match(value)) and first not in NOT_VERBS and last not in NOT_VERB_ENDINGS


def verbs_in_code() -> set[str]:
    """Every verb-shaped string constant in the apps' code, and each f-string verb as a
    pattern ("assessment.{kind}_removed" -> assessment.*_removed)."""
    found: set[str] = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py") if (ROOT / app).is_dir() else []:
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    if _verb_like(node.value):
                        found.add(node.value)
                elif (
                    isinstance(node, ast.JoinedStr)
                    and isinstance(node.values[0], ast.Constant)
                    and "." in str(node.values[0].value)
                ):
                    pattern = "".join(
                        re.escape(part.value) if isinstance(part, ast.Constant) else "[a-z_]+"
                        for part in node.values
                    )
                    text = "".join(
                        part.value if isinstance(part, ast.Constant) else "x"
                        for part in node.values
                    )
                    if _verb_like(text):
                        found.add(f"re:{pattern}")
    return found


def test_every_verb_the_code_records_is_described() -> None:
    described = vocabulary.described_verbs()
    for verb in sorted(verbs_in_code()):
        if verb.startswith("re:"):
            assert any(re.fullmatch(verb[3:], name) for name in described), verb
        else:
            assert verb in described, f"{verb} has no words: describe it in its app's ledger.py"
    for verb in RETIRED:
        assert verb in described, verb


def assert_plain(text: str, where: str) -> None:
    """No raw status code, field name or Python value in text people read."""
    for pattern in (SNAKE, CODE_WITH_NUMBER, PYTHON):
        match = pattern.search(text)
        assert match is None, f"{where}: {match.group(0)!r} in {text!r}"
    for verb in vocabulary.described_verbs():
        assert verb not in text, f"{where}: the verb {verb} in {text!r}"


def assert_every_code_has_words(event: Event) -> None:
    described = vocabulary.verb(event.verb)
    assert described is not None, f"{event.verb} is not described"
    for key, value in event.data.items():
        detail = described.detail(key)
        assert detail is not None, f"{event.verb}: no label for {key!r}"
        if detail.values is None or detail.show is not None:
            continue
        items = [value["from"], value["to"]] if isinstance(value, dict) else value
        for item in items if isinstance(items, list) else [items]:
            if item in (None, "", []) or (
                isinstance(item, str) and not vocabulary._CODE.match(item)
            ):
                continue  # free text, such as a person's name
            assert vocabulary._known(item, detail) is not None, (
                f"{event.verb}: {key}={item!r} has no words"
            )


def _leeds() -> tuple[Area, User, User, User, User]:
    leeds = Area.objects.get(slug="leeds")
    people = [User.objects.get(email=demo_email(role, "leeds")) for role in Role]
    officer, reviewer, signatory, admin = (
        next(p for p, r in zip(people, Role, strict=True) if r == role)
        for role in (Role.OFFICER, Role.REVIEWER, Role.SIGNATORY, Role.AREA_ADMIN)
    )
    return leeds, officer, reviewer, signatory, admin


def _accounts_and_roles(leeds: Area, officer: User, admin: User) -> None:
    client = Client()
    client.post("/account/sign-in/", {"username": officer.email, "password": "wrong"})
    client.post("/account/sign-in/", {"username": officer.email, "password": DEMO_PASSWORD})
    client.post("/account/sign-out/")
    partner_services.user_set_notification_mode(user=officer, mode="digest")
    membership, _ = partner_services.member_add(
        area=leeds,
        email="new.person@example.org",
        full_name="New Person",
        job_title="",
        organisation=Organisation.objects.filter(area=leeds).first(),
        role=Role.REVIEWER,
        actor=admin,
    )
    partner_services.membership_revoke(membership=membership, actor=admin)
    partner_services.area_upsert(
        slug=leeds.slug,
        name=leeds.name,
        lead_body=leeds.lead_body,
        description=leeds.description + " Changed.",
        actor=admin,
    )
    council = Organisation.objects.get(area=leeds, name="Leeds City Council")
    partner_services.organisation_upsert(
        area=leeds,
        slug=council.slug,
        name=council.name,
        kind=council.kind,
        website="https://www.leeds.gov.uk/",
        description=council.description,
        actor=admin,
    )
    partner_services.user_set_platform_admin(user=officer, platform_admin=False, actor=admin)


def _gateways(admin: User, other_admin: User) -> None:
    proposal = gateway_services.gateway_propose(
        details=details(provision="s.999"), reason="Testing words", actor=admin
    )
    gateway_services.gateway_reject(gateway=proposal, actor=other_admin, reason="Wrong Act")
    gateway = Gateway.objects.filter(status="approved").first()
    assert gateway is not None

    def changed(**overrides: Any) -> Any:
        current = {
            name: getattr(gateway, name)
            for name in details().__dataclass_fields__
            if name != "purposes"
        }
        current["purposes"] = list(gateway.purposes.values_list("slug", flat=True))
        return type(details())(**(current | overrides))

    turned_down = gateway_services.gateway_change_propose(
        gateway=gateway, details=changed(summary="A worse summary."), reason="Shorter", actor=admin
    )
    gateway_services.gateway_change_reject(
        change=turned_down, actor=other_admin, reason="Less clear"
    )
    change = gateway_services.gateway_change_propose(
        gateway=gateway,
        details=changed(verified=True, verified_on=date(2026, 11, 20)),
        reason="Checked against the Act",
        actor=admin,
    )
    gateway_services.gateway_change_approve(change=change, actor=other_admin, note="Agreed")


def _drafting(
    leeds: Area, officer: User, admin: User, other_admin: User, other_admin_area: Area
) -> Agreement:
    template = Template.objects.get(slug="information-sharing-protocol")
    council = Organisation.objects.get(area=leeds, name="Leeds City Council")
    agreement = services.agreement_create(
        area=leeds,
        template=template,
        title="Words for every verb",
        lead_organisation=council,
        review_date=timezone.localdate() + timedelta(days=400),
        actor=officer,
    )
    services.agreement_update_details(
        agreement=agreement,
        actor=officer,
        title="Words for every verb, changed",
        lead_organisation=council,
        review_date=timezone.localdate() + timedelta(days=500),
    )
    police = Organisation.objects.filter(area=leeds, kind="police").first()
    assert police is not None
    party = services.party_add(
        agreement=agreement, organisation=police, role="provider", signatory=None, actor=officer
    )
    services.party_remove(party=party, actor=officer)
    link = services.gateway_link_add(
        agreement=agreement,
        gateway=Gateway.objects.filter(status="approved").first(),
        note="",
        actor=officer,
    )
    services.gateway_link_remove(link=link, actor=officer)
    basis = services.category_basis_save(
        agreement=agreement,
        data_category=DataCategory.objects.get(slug="contact-details"),
        law_enforcement=False,
        public_task=True,
        art6=LawfulBasis.objects.get(code="art6-1-e"),
        art9=None,
        art10=False,
        schedule1=[],
        part3=False,
        schedule8=[],
        common_law=LawfulBasis.objects.get(code="cl-public-interest"),
        note="",
        actor=officer,
    )
    services.category_basis_remove(basis=basis, actor=officer)
    benefit = services.benefit_save(
        agreement=agreement,
        actor=officer,
        beneficiary="public",
        description="Fewer crises",
        measure="Counted",
        expected_by=date(2028, 3, 27),
    )
    services.benefit_save(
        agreement=agreement,
        actor=officer,
        beneficiary="groups",
        description="Fewer crises",
        measure="Counted",
        expected_by=None,
        benefit=benefit,
    )
    services.assessment_item_remove(item=Benefit.objects.get(pk=benefit.pk), actor=officer)
    risk = services.risk_save(
        agreement=agreement,
        actor=officer,
        description="A wrong match",
        who_is_affected="Families",
        likelihood=2,
        severity=4,
        mitigation="Checked by hand",
    )
    services.risk_save(
        agreement=agreement,
        actor=officer,
        description="A wrong match",
        who_is_affected="Families",
        likelihood=3,
        severity=4,
        mitigation="Checked by hand",
        risk=risk,
    )
    services.assessment_item_remove(item=Risk.objects.get(pk=risk.pk), actor=officer)
    template_section = template.versions.order_by("-number").first().sections.first()
    for note, decision in (("Clearer heading", "approve"), ("A worse heading", "reject")):
        proposed = services.template_revise_section(
            template=template,
            key=template_section.key,
            heading=f"{template_section.heading} ({note})",
            guidance=template_section.guidance,
            default_text=template_section.default_text,
            locked=template_section.locked,
            change_note=note,
            actor=admin,
            area=leeds,
        )
        if decision == "approve":
            services.template_revision_approve(
                version=proposed, actor=other_admin, area=other_admin_area, note="Agreed"
            )
        else:
            services.template_revision_reject(
                version=proposed, actor=other_admin, area=other_admin_area, reason="Less clear"
            )
    return agreement


def _review(agreement: Agreement, officer: User, reviewer: User) -> None:
    """Threads, suggestions and views on a version of ``agreement`` issued for review."""
    section = Section.objects.filter(agreement=agreement, locked=False).order_by("position").first()
    services.section_save(
        section=section,
        body="We share weekly school attendance so that families get help early.",
        base_revision=section.revision,
        actor=officer,
    )
    version = services.version_issue(agreement=agreement, actor=officer)
    thread = services.comment_add(
        version=version, section_key=section.key, body="Why?", actor=reviewer
    )
    services.comment_resolve(
        comment=thread, resolution="not_accepted", note="Because.", actor=officer
    )
    services.comment_reopen(comment=Comment.objects.get(pk=thread.pk), actor=reviewer)
    for quote, answer in (("weekly school attendance", "reject"), ("help early", "accept")):
        suggested = services.comment_add(
            version=version,
            section_key=section.key,
            body="Other words, please.",
            actor=reviewer,
            quote=quote,
            replacement=quote.upper(),
        )
        suggestion = Comment.objects.get(pk=suggested.pk).suggestion
        if answer == "reject":
            services.suggestion_reject(suggestion=suggestion, actor=officer, reason="Needed.")
        else:
            services.suggestion_accept(suggestion=suggestion, actor=officer)
    questions = [q["code"] for q in version.content["assessment"]["questions"]]
    for score in (2, 3):
        services.perspective_record(
            version=version,
            actor=reviewer,
            scores=dict.fromkeys(questions, score),
            overall_position=score,
            comment=f"Scored {score}",
        )


def _back_and_forth() -> None:
    """An agreement awaiting sign-off goes back to draft when changed, and back in
    review when the change is undone."""
    agreement = Agreement.objects.filter(status="awaiting_signoff").select_related("area").first()
    assert agreement is not None, "the demo has an agreement awaiting sign-off"
    officer = User.objects.get(email=demo_email(Role.OFFICER, agreement.area.slug))
    section = Section.objects.filter(agreement=agreement, locked=False).first()
    original = section.body
    services.section_save(
        section=section, body=original + " More.", base_revision=section.revision, actor=officer
    )
    section.refresh_from_db()
    services.section_save(
        section=section, body=original, base_revision=section.revision, actor=officer
    )
    services.agreement_resume_review(
        agreement=Agreement.objects.get(pk=agreement.pk), actor=officer
    )


def _as_written_elsewhere(leeds: Area, admin: User) -> None:
    """Events the Django admin writes, and verbs older releases wrote."""
    question = AssessmentQuestion.objects.first()
    record_event(
        actor=admin,
        verb="assessment_question.added",
        target=question,
        data={
            "code": question.code,
            "test": "purposeful",
            "position": 12,
            "text": "New?",
            "help_text": "",
            "source": "A report",
            "to_check": True,
            "active": True,
        },
    )
    record_event(
        actor=admin,
        verb="assessment_question.changed",
        target=question,
        data={
            "code": question.code,
            "test": {"from": "purposeful", "to": "responsible"},
            "active": {"from": True, "to": False},
        },
    )
    record_event(
        actor=admin, verb="user.password_set", target=admin, data={"via": "/account/reset/x/"}
    )
    record_event(actor=admin, verb="user.password_removed", target=admin, data={"via": "/admin/"})
    record_event(
        actor=None, verb="auth.password_reset_requested", target=admin, data={"account_known": True}
    )
    agreement = Agreement.objects.filter(area=leeds).first()
    version = Version.objects.filter(agreement=agreement).first()
    record_event(
        actor=admin,
        verb="version.published",
        target=agreement,
        area=leeds,
        data={
            "status": {"from": "draft", "to": "in_review"},
            "version": 1,
            "sha256": version.sha256,
            "note": "",
        },
    )
    record_event(
        actor=admin,
        verb="agreement.signed_offline",
        target=agreement,
        area=leeds,
        data={
            "status": {"from": "awaiting_signoff", "to": "signed"},
            "version": 1,
            "sha256": version.sha256,
            "note": "Signed at the board on 3 March.",
        },
    )


def _public_register() -> None:
    """The register's own events the demo does not record: closing the public's window,
    and the warning that a review date is near."""
    open_for_views = Agreement.objects.filter(publication__comments_open=True).first()
    lead_officer = User.objects.get(email=demo_email(Role.OFFICER, open_for_views.area.slug))
    services.public_comment_close(agreement=open_for_views, actor=lead_officer)
    soon = Agreement.objects.filter(publication__isnull=False).exclude(status="withdrawn").first()
    Agreement.objects.filter(pk=soon.pk).update(
        review_date=timezone.localdate() + timedelta(days=30)
    )
    assert review_dates.review_reminders_send() >= 1


def _documents(officer: User) -> None:
    """A signed agreement's sealed PDF downloaded (the seed made it), and a draft PDF
    that could not be made."""
    signed = Agreement.objects.filter(area__slug="sheffield", status="signed").first()
    reader = Client()
    reader.force_login(User.objects.get(email=demo_email(Role.OFFICER, "sheffield")))
    download = reader.get(
        f"{signed.get_absolute_url()}versions/{signed.signed_version.number}/pdf/download/"
    )
    assert download.status_code == 200
    in_review = Agreement.objects.filter(area=officer_area(officer), status="in_review").first()
    document = document_request(version=in_review.versions.first(), user=officer)
    document_render_failed(document_id=document.pk, reason="The storage was full.")


def officer_area(officer: User) -> Area:
    return Membership.objects.filter(user=officer).first().organisation.area


def _exports_and_checks(leeds: Area, admin: User) -> None:
    """Exports of signed agreements (ready, downloaded, failed, of chosen agreements)
    and checks of PDFs on the register."""
    from agreements.models import Export
    from agreements.services import exports, verification
    from documents.render import render_pdf
    from tests.agreements.sealed import sealed_document
    from tests.documents.pdfs import html_document
    from tests.partners.factories import UserFactory

    export = exports.export_start(area=leeds, actor=admin)
    exports.export_build(export_id=export.pk)
    exports.export_download(export=Export.objects.get(pk=export.pk), actor=admin).close()
    failing = exports.export_start(area=leeds, actor=admin)
    exports.export_failed(export_id=failing.pk, reason="The storage went away")
    signed = Agreement.objects.filter(signed_version__isnull=False).order_by("pk").first()
    assert signed is not None
    staff = UserFactory(is_staff=True, full_name="Platform Admin")
    exports.export_start_chosen(actor=staff, agreements=[signed])
    document = sealed_document(signed)
    with document.file.open("rb") as stored:
        verification.document_verify(data=stored.read(), content_type="application/pdf")
    verification.document_verify(data=render_pdf(html_document(sections=1)).content)
    verification.document_verify(data=b"plain text", content_type="text/plain")


def _page_text(html: str) -> str:
    """What people read of the entries: without the hashes (in <code> and <details>)."""
    html = re.sub(r"<details.*?</details>", " ", html, flags=re.DOTALL)
    html = re.sub(r"<code.*?</code>", " ", html, flags=re.DOTALL)
    html = re.sub(r"<(script|style).*?</\1>", " ", html, flags=re.DOTALL)
    body = html.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


@pytest.mark.django_db
def test_every_entry_reads_in_words_on_the_pages_and_in_the_csv(settings: Any) -> None:
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    leeds, officer, reviewer, _signatory, admin = _leeds()
    other_admin = User.objects.get(email=demo_email(Role.AREA_ADMIN, "sheffield"))
    _accounts_and_roles(leeds, officer, admin)
    _gateways(admin, other_admin)
    drafted = _drafting(leeds, officer, admin, other_admin, Area.objects.get(slug="sheffield"))
    job = outbox.enqueue(
        "agreements.tasks.send_review_invitation_task", area=leeds, description="An e-mail"
    )
    notification_services.job_retry(job=job, actor=admin, area=leeds)
    assess(drafted, officer)
    _review(drafted, officer, reviewer)
    in_review = drafted
    _back_and_forth()
    services.agreement_withdraw(agreement=drafted, actor=officer, reason="No longer needed")
    _as_written_elsewhere(leeds, admin)
    check = audit_services.chain_check_start(actor=admin, area=leeds)
    audit_services.chain_check_run(check_id=check.pk)
    failing = audit_services.chain_check_start(actor=admin, area=leeds)
    audit_services.chain_check_failed(check_id=failing.pk, reason="The database went away")
    _public_register()
    _documents(officer)
    _exports_and_checks(leeds, admin)

    recorded = set(Event.objects.values_list("verb", flat=True).distinct())
    in_code = {verb for verb in verbs_in_code() if not verb.startswith("re:")}
    assert in_code | RETIRED <= recorded, f"not exercised: {sorted((in_code | RETIRED) - recorded)}"

    for event in Event.objects.order_by("seq").iterator():
        words = vocabulary.in_words(event)
        assert words.described, event.verb
        assert_every_code_has_words(event)
        assert_plain(words.sentence, f"{event.verb} sentence")
        for label, text in words.details:
            assert_plain(f"{label}: {text}", f"{event.verb} detail")

    for area in Area.objects.all():
        area_admin = (
            Membership.objects.filter(organisation__area=area, role=Role.AREA_ADMIN).first().user
        )
        client = Client()
        client.force_login(area_admin)
        page_number = 1
        while True:
            response = client.get(f"/areas/{area.slug}/audit/", {"page": page_number})
            assert response.status_code == 200
            assert_plain(_page_text(response.content.decode()), f"{area.slug} page {page_number}")
            if not response.context["trail"].has_next():
                break
            page_number += 1
        export = client.get(f"/areas/{area.slug}/audit.csv")
        rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
        assert len(rows) == Event.objects.filter(area_id=area.pk).count()
        for row in rows:
            for column in ("What happened", "Details", "About", "Who", "Their role"):
                assert_plain(row[column], f"{area.slug} CSV {column}")
    trail = Client()
    trail.force_login(officer)
    page = trail.get(in_review.get_absolute_url()).content.decode()
    assert_plain(
        _page_text(page.split('id="audit-trail-heading"', 1)[1].join(["<main>", "</main>"])),
        "agreement trail",
    )
