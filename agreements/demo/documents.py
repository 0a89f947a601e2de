"""The demo's signed agreements get their sealed PDFs at once, while seeding, so that a
first run shows them without a worker (and checks them against the certificate the
register serves). Signing already owed them through the outbox; making them here first
leaves that job nothing to do."""

import io
from typing import TextIO

from django.core.management import call_command
from django.core.management.base import CommandError

from ..models import Agreement, DocumentKind, DocumentStatus
from ..services.documents import document_render, document_request


def seed(*, stdout: TextIO) -> None:
    try:
        call_command("create_signing_cert", stdout=io.StringIO())
    except CommandError as error:
        stdout.write(
            f"documents: no sealed PDFs, as the signing certificate is unusable: {error}\n"
        )
        return
    made = 0
    signed = Agreement.objects.exclude(signed_version=None).select_related("signed_version")
    for agreement in signed.order_by("reference"):
        assert agreement.signed_version is not None
        document = document_request(
            version=agreement.signed_version, user=None, kind=DocumentKind.SEALED
        )
        if document.status != DocumentStatus.READY:
            made += document_render(document_id=document.pk) == "ready"
    stdout.write(f"documents: {made} sealed PDFs made\n")
