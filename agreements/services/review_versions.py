"""What issuing a new version means for review: open threads follow their words to it
(or are marked outdated), and the area's reviewers and those invited are told it is open
for comment. Called by ``version_issue``, which records the ledger's events."""

from collections.abc import Mapping

from django.conf import settings
from django.urls import reverse

from notifications.services import notify
from partners.models import Role, User

from ..anchoring import find_anchor, plain_text, plain_text_of_html
from ..models import Agreement, Comment, Version


def comments_reanchor(
    *, agreement: Agreement, version: Version, sections_html: Mapping[str, str] | None = None
) -> tuple[int, int]:
    """After a new version: each open thread moves to it where its words (or, for a
    section comment, its section) are there, and is marked outdated where they are not
    (an outdated thread whose words come back moves again); outdated threads stay
    visible on the version they were made on. The threads are written in two
    statements, however many there are. ``sections_html``, the version's sections as
    rendered (by key), saves rendering them again.

    Returns (moved, outdated). Records nothing: the caller records
    ``comments.reanchored`` when any changed, last in its transaction (see
    ``version_issue``)."""
    sections = {s["key"]: s for s in version.content["sections"]}
    texts: dict[str, str] = {}

    def text_of(key: str) -> str:
        if key not in texts:
            rendered = (sections_html or {}).get(key)
            texts[key] = (
                plain_text_of_html(rendered)
                if rendered is not None
                else plain_text(sections[key]["text"])
            )
        return texts[key]

    moved: list[Comment] = []
    outdated: list[Comment] = []
    threads = (
        Comment.objects.filter(agreement=agreement, resolved_at=None)
        .exclude(anchor_version=version)
        .only("pk", "section_key", "quote", "prefix", "suffix", "outdated", "start", "end")
    )
    for comment in threads:
        section = sections.get(comment.section_key)
        anchor = None
        if section is not None and comment.quote:
            anchor = find_anchor(
                text_of(comment.section_key), comment.quote, comment.prefix, comment.suffix
            )
        if section is not None and (anchor is not None or not comment.quote):
            comment.anchor_version, comment.outdated = version, False
            if anchor is not None:
                comment.start, comment.end = anchor.start, anchor.end
            moved.append(comment)
        elif not comment.outdated:
            comment.outdated = True
            outdated.append(comment)
    Comment.objects.bulk_update(moved, ["anchor_version", "outdated", "start", "end"])
    Comment.objects.bulk_update(outdated, ["outdated"])
    return len(moved), len(outdated)


def reviewers_to_tell(agreement: Agreement) -> list[User]:
    """Reviewers of the area and people invited to this agreement."""
    area_reviewers = User.objects.filter(
        is_active=True,
        memberships__organisation__area=agreement.area,
        memberships__role=Role.REVIEWER,
    )
    invited = User.objects.filter(is_active=True, review_invitations__agreement=agreement)
    return list((area_reviewers | invited).distinct())


def notify_version_open(*, agreement: Agreement, version: Version) -> None:
    path = reverse(
        "agreements:version",
        kwargs={
            "area_slug": agreement.area.slug,
            "reference": agreement.reference,
            "number": version.number,
        },
    )
    for user in reviewers_to_tell(agreement):
        notify(
            user=user,
            subject=f"{agreement.reference}: version {version.number} is open for review",
            body=(
                f"Version {version.number} of {agreement.title} ({agreement.area.name}) is open for "
                "your comments."
                + (f"\n\nWhat changed: {version.note}" if version.note else "")
                + f"\n\n{str(settings.SITE_URL).rstrip('/')}{path}"
            ),
        )
