"""Checking an upload with a ceiling on time and memory: ``check_pdf`` in a child process.

``check_pdf`` refuses what its parser's own limits catch (sizes, decompression, page
and signature counts), but a file can still be built to make a parser work for minutes
within those limits (hundreds of thousands of form fields in a few megabytes take a
quarter of a minute each time). So an upload from a stranger is checked in a process of
its own, which is given ``seconds`` of wall-clock time and an address-space ceiling, and
is killed if it goes past either. The web process never parses the file itself.

Children are forked from a server process that has already imported pyHanko
(multiprocessing's "forkserver"), so a check pays a fork, not a fresh interpreter. Where
processes cannot be started at all, the check runs in this process, unbounded, and says
so in the log.
"""

import logging
import multiprocessing
import os
import resource
from dataclasses import dataclass
from multiprocessing.connection import Connection
from threading import Lock

from .certificates import SigningFiles, signing_files
from .check import DEFAULT_LIMITS, CheckLimits, PdfCheck, Verdict, check_pdf

logger = logging.getLogger(__name__)

MiB = 1024 * 1024


@dataclass(frozen=True)
class Bounds:
    """How long a check may take and how much memory it may add to its process."""

    seconds: float = 10.0
    memory_bytes: int = 512 * MiB


DEFAULT_BOUNDS = Bounds()

TOO_MUCH_WORK = (
    "The file is built so that checking it takes far more work than any document from "
    "this service needs, so checking was stopped. It is not a document from this service."
)

_context_lock = Lock()
_context: multiprocessing.context.BaseContext | None = None


def _process_context() -> multiprocessing.context.BaseContext:
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["documents.check"])
            _context = context
        return _context


def check_pdf_bounded(
    data: bytes,
    *,
    bounds: Bounds | None = None,
    limits: CheckLimits = DEFAULT_LIMITS,
    files: SigningFiles | None = None,
) -> PdfCheck:
    """``check_pdf`` in a child process limited to ``bounds`` (``DEFAULT_BOUNDS`` when
    not given); a check that goes past
    them is reported as unreadable, with a reason. Never raises for bad input; raises
    SigningCertificateError, as ``check_pdf`` does, when this deployment has no root
    certificate to check against."""
    files = files or signing_files()
    bounds = bounds or DEFAULT_BOUNDS
    # What needs no parsing is answered here (and the certificate problem raised here).
    if not data or len(data) > limits.max_bytes or b"%PDF-" not in data[:1024]:
        return check_pdf(data, limits=limits, files=files)
    try:
        context = _process_context()
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(  # type: ignore[attr-defined]
            target=_check_in_child,
            args=(sender, data, limits, files, bounds.memory_bytes, bounds.seconds),
            daemon=True,
        )
        child.start()
    except OSError:
        logger.warning("A child process could not be started; checking in-process", exc_info=True)
        return check_pdf(data, limits=limits, files=files)
    sender.close()
    try:
        if receiver.poll(bounds.seconds):
            result = receiver.recv()
            if isinstance(result, PdfCheck):
                return result
    except (EOFError, OSError):
        pass  # the child died: killed for its memory or its time
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(timeout=5)
    logger.info("Checking an uploaded PDF went past its bounds (exit code %s)", child.exitcode)
    return _stopped(data)


def _stopped(data: bytes) -> PdfCheck:
    import hashlib

    return PdfCheck(
        Verdict.UNREADABLE,
        (TOO_MUCH_WORK,),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _check_in_child(
    sender: Connection,
    data: bytes,
    limits: CheckLimits,
    files: SigningFiles,
    memory_bytes: int,
    seconds: float,
) -> None:
    """Runs in the child: cap its memory and processor time, check, send the answer."""
    _cap_memory(memory_bytes)
    cpu = int(seconds) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        result = check_pdf(data, limits=limits, files=files)
    except MemoryError:
        result = _stopped(data)
    sender.send(result)
    sender.close()


def _cap_memory(memory_bytes: int) -> None:
    """Allow this process ``memory_bytes`` of address space beyond what it has now."""
    current = _address_space()
    if current is None:
        return
    ceiling = current + memory_bytes
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))


def _address_space() -> int | None:
    try:
        with open(f"/proc/{os.getpid()}/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")
