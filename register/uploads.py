"""Reading one uploaded file into memory, up to a cap, without ever holding more.

Django's own handlers write uploads past FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file
and read the whole request whatever its size. For a stranger's upload that is only
checked and thrown away, this keeps nothing on disk and stops reading at the cap: a
request that says it is bigger is refused before its body is read at all, and one that
grows past the cap while arriving is cut off there.
"""

import io
from dataclasses import dataclass

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

# Room for the form's other fields and the multipart boundaries around the file.
ENVELOPE = 64 * 1024


@dataclass(frozen=True)
class Upload:
    """What arrived: the file's bytes and declared content type, or why there are none."""

    data: bytes = b""
    content_type: str = ""
    name: str = ""
    chosen: bool = False
    too_big: bool = False
    declared_size: int = 0


class CappedMemoryUploadHandler(FileUploadHandler):
    """Keeps the first file in field ``field`` in memory, up to ``cap`` bytes. Other files,
    and a file past the cap, are skipped: their bytes are read and dropped, never kept,
    and the form's other fields (its CSRF token among them) are still read."""

    def __init__(self, request: HttpRequest, *, field: str, cap: int) -> None:
        super().__init__(request)
        self.field, self.cap = field, cap
        self.buffer: io.BytesIO | None = None
        self.chosen_name = ""
        self.too_big = False

    def new_file(self, field_name: str, *args: object, **kwargs: object) -> None:
        super().new_file(field_name, *args, **kwargs)  # type: ignore[arg-type]
        if field_name != self.field or self.buffer is not None:
            raise SkipFile
        self.buffer = io.BytesIO()
        self.chosen_name = self.file_name or ""

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        assert self.buffer is not None
        if self.too_big or start + len(raw_data) > self.cap:
            self.too_big = True
            self.buffer = io.BytesIO()  # what was read so far is dropped
            raise SkipFile
        self.buffer.write(raw_data)

    def file_complete(self, file_size: int) -> InMemoryUploadedFile | None:
        if self.buffer is None or self.too_big:
            return None
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            self.buffer,
            self.field_name,
            self.file_name or "",
            self.content_type or "",
            file_size,
            self.charset,
            self.content_type_extra,
        )


def declared_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def read_upload(request: HttpRequest, *, field: str, cap: int) -> Upload:
    """The file in ``field`` of this POST, read into memory up to ``cap`` bytes. Call it
    before anything reads ``request.POST`` or ``request.FILES``."""
    length = declared_length(request)
    if length > cap + ENVELOPE:
        return Upload(chosen=True, too_big=True, declared_size=length)
    handler = CappedMemoryUploadHandler(request, field=field, cap=cap)
    request.upload_handlers = [handler]
    uploaded = request.FILES.get(field)
    if handler.too_big:
        return Upload(chosen=True, too_big=True, declared_size=length)
    if uploaded is None:
        return Upload(chosen=bool(handler.chosen_name), name=handler.chosen_name)
    return Upload(
        data=uploaded.read(),
        content_type=(uploaded.content_type or "").lower(),
        name=uploaded.name or "",
        chosen=True,
    )
