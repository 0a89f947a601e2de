"""Anyone can check a PDF they were sent: was it sealed by this service, is it unchanged
since, and which agreement and version is it. Nothing uploaded is kept: the file is read
into memory (never more than the limit), checked in a process of its own with a ceiling
on time and memory, and dropped; the ledger keeps only the outcome and its fingerprint.

What the public may learn: for an agreement on the register, its reference, title and
version, with a link; for one never published, only that this service issued it and the
version's fingerprint, never its title.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from agreements.services.verification import Verification, document_verify
from documents.certificates import SigningCertificateError
from documents.check import DEFAULT_LIMITS, Verdict
from partners.access import public_view
from partners.clients import client_address
from partners.limits import over_limit

from ..uploads import Upload, read_upload

FIELD = "pdf"
MAX_BYTES = DEFAULT_LIMITS.max_bytes
# Checks one network may ask for in an hour.
FROM_ONE_NETWORK = "30/h"

NOTHING_CHOSEN = "Choose the PDF you want to check."
TOO_BIG = (
    "The file you chose is bigger than 20 MB, so it was not checked. Documents from this "
    "service are far smaller: check that this is the file you were sent."
)


def _page(
    request: HttpRequest,
    *,
    error: str = "",
    verification: Verification | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "register/verify.html",
        {"error": error, "verification": verification, "max_mb": MAX_BYTES // (1024 * 1024)},
        status=status,
    )


@public_view(methods=("GET", "POST"))
@csrf_exempt  # checked below, once the upload has been read within its limit
def verify(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request)
    if over_limit(request, group="verify-pdf", key=client_address(request), rate=FROM_ONE_NETWORK):
        return render(request, "register/verify_too_many.html", status=429)
    upload = read_upload(request, field=FIELD, cap=MAX_BYTES)
    if upload.too_big and upload.declared_size > MAX_BYTES:
        # Refused before its body was read; no form was read, so no token to check.
        return _page(request, error=TOO_BIG, status=413)
    return _checked(request, upload)


@csrf_protect
def _checked(request: HttpRequest, upload: Upload) -> HttpResponse:
    if upload.too_big:
        return _page(request, error=TOO_BIG, status=413)
    if not upload.chosen:
        return _page(request, error=NOTHING_CHOSEN, status=400)
    user = request.user if request.user.is_authenticated else None
    try:
        verification = document_verify(
            data=upload.data, content_type=upload.content_type, actor=user
        )
    except SigningCertificateError:
        return render(request, "register/verify_unavailable.html", status=503)
    check = verification.check
    if check.verdict == Verdict.NOT_PDF:
        return _page(request, error=f"{check.summary} {' '.join(check.reasons)}", status=400)
    if check.verdict == Verdict.TOO_BIG:
        return _page(request, error=TOO_BIG, status=413)
    return _page(request, verification=verification)
