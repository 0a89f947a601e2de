"""The sealed PDF of each agreement on the register, for anyone to download."""

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.cache import cache_control

from agreements.models import RenderedDocument
from agreements.selectors import public as selectors
from agreements.views.documents import pdf_response
from partners.access import public_view


@public_view
@cache_control(public=True, max_age=600)
def agreement_pdf(request: HttpRequest, public_reference: str) -> FileResponse:
    """The sealed PDF of the version on the register: nothing else (no draft, no
    version not published, nothing while the PDF is being made) is found here."""
    try:
        document = selectors.published_document(reference=public_reference)
    except RenderedDocument.DoesNotExist as exc:
        raise Http404 from exc
    return pdf_response(document)
