"""pyHanko's blocking functions start an event loop of their own (``asyncio.run``), which
fails in a thread that is already running one: an async view, or a worker that drives
a browser. This runs them where they can work."""

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor


def outside_event_loop[**P, T](function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Call ``function`` here, or in a short-lived thread if this one runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="documents") as pool:
        return pool.submit(function, *args, **kwargs).result()
