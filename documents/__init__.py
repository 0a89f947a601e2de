"""PDF documents: render HTML to a tagged PDF, seal it, check a PDF someone was sent.

The only code in the project that imports WeasyPrint and pyHanko (ruff's banned-API rule
enforces it). A leaf: no models, and no imports of the project's other apps. Callers use
three modules, each importable on its own so a process pays only for what it uses:

- ``documents.render``: ``render_pdf(html, ...) -> RenderedPdf``, a tagged PDF (PDF/UA-1)
  with its language and metadata set, fetching nothing but the service's static files.
- ``documents.seal``: ``seal_pdf(pdf) -> bytes``, a PAdES signature by the deployment's
  certificate, time-stamped when ``SIGNING_TSA_URL`` is set.
- ``documents.check``: ``check_pdf(data) -> PdfCheck``, whether bytes are a PDF sealed here
  and unchanged since, in plain words; never raises for bad input.

``documents.certificates`` finds the deployment's signing certificate (settings
``SIGNING_*``) and makes one for development (``manage.py create_signing_cert``).
"""
