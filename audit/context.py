"""The id of the request being served, so events can name the request that caused them."""

from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("audit_request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


def set_request_id(value: str) -> object:
    return _request_id.set(value)


def reset_request_id(token: object) -> None:
    _request_id.reset(token)  # type: ignore[arg-type]
