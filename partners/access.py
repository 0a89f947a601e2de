"""Who may reach a view, declared on the view itself.

Each view is wrapped in one of ``public_view``, ``signed_in_view`` or ``area_view``. The
wrapper enforces the rule and records it as ``view.access``, which the authorisation
sweep (tests/test_authorisation_sweep.py) reads to know what every URL should answer to
every kind of user. The order of checks is fixed: signed in, then the area exists for
this user (else 404), then the role (else 403), then the HTTP method (else 405).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Literal

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase, HttpResponseNotAllowed

from . import permissions, selectors
from .models import Area, User

View = Callable[..., HttpResponseBase]


class AuthenticatedRequest(HttpRequest):
    """The request a signed-in or area view receives: its user is signed in."""

    user: User


@dataclass(frozen=True)
class AccessRule:
    kind: Literal["public", "signed_in", "area"]
    methods: tuple[str, ...]
    # For area views: the roles that may use it (None: any member of the area) and
    # whether platform admins may.
    roles: frozenset[str] | None = None
    staff: bool = False

    def allows_method(self, method: str) -> bool:
        return method in self.methods


def _methods(methods: Iterable[str]) -> tuple[str, ...]:
    allowed = tuple(m.upper() for m in methods)
    return (*allowed, "HEAD") if "GET" in allowed and "HEAD" not in allowed else allowed


def public_view(view: View | None = None, *, methods: Iterable[str] = ("GET",)) -> Any:
    """Anyone, signed in or not."""
    rule = AccessRule(kind="public", methods=_methods(methods))

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in rule.methods:
                return HttpResponseNotAllowed(rule.methods)
            return view(request, *args, **kwargs)

        wrapped.access = rule  # type: ignore[attr-defined]
        return wrapped

    return decorator(view) if view is not None else decorator


def signed_in_view(
    view: View | None = None,
    *,
    methods: Iterable[str] = ("GET",),
    roles: Iterable[str] | None = None,
    staff: bool = True,
) -> Any:
    """Anyone signed in; others are sent to the sign-in page. With ``roles``, only people
    who hold one of them in some area (and platform admins, if ``staff``); others get 403.
    For pages every area shares, such as the gateway register."""
    rule = AccessRule(
        kind="signed_in",
        methods=_methods(methods),
        roles=frozenset(roles) if roles is not None else None,
        staff=staff,
    )

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if rule.roles is not None:
                allowed = permissions.user_has_role_anywhere(request.user, rule.roles) or (
                    rule.staff and permissions.user_is_platform_admin(request.user)
                )
                if not allowed:
                    raise PermissionDenied
            if request.method not in rule.methods:
                return HttpResponseNotAllowed(rule.methods)
            return view(request, *args, **kwargs)

        wrapped.access = rule  # type: ignore[attr-defined]
        return wrapped

    return decorator(view) if view is not None else decorator


GuestRule = Callable[[Any, Area, dict[str, Any]], bool]


def area_view(
    *,
    roles: Iterable[str] | None = None,
    staff: bool = True,
    methods: Iterable[str] = ("GET",),
    guest: GuestRule | None = None,
) -> Callable[[View], View]:
    """A page inside one area, reached as ``.../areas/<area_slug>/...``.

    The view is called as ``view(request, area, **other_kwargs)``. People outside the
    area get 404, so they cannot learn what exists there; people inside it without one
    of ``roles`` get 403. ``staff`` says whether platform admins may use it. ``guest``
    lets people without a role in the area in when it says yes for this request's
    arguments (someone invited to review one agreement); for anyone else outside the
    area it is still 404.
    """
    rule = AccessRule(
        kind="area",
        methods=_methods(methods),
        roles=frozenset(roles) if roles is not None else None,
        staff=staff,
    )

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(
            request: HttpRequest, area_slug: str, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            area = selectors.area_list_visible_to(user=user).filter(slug=area_slug).first()
            if area is None:
                outside = Area.objects.filter(slug=area_slug).first() if guest else None
                if outside is None or guest is None or not guest(user, outside, kwargs):
                    raise Http404
                area, allowed = outside, True
            elif rule.roles is None:
                allowed = bool(permissions.user_roles_in_area(user, area))
            else:
                allowed = permissions.user_has_role_in_area(user, area, rule.roles)
            if not allowed and rule.staff:
                allowed = permissions.user_is_platform_admin(user)
            if not allowed:
                raise PermissionDenied
            if request.method not in rule.methods:
                return HttpResponseNotAllowed(rule.methods)
            return view(request, area, *args, **kwargs)

        wrapped.access = rule  # type: ignore[attr-defined]
        return wrapped

    return decorator
