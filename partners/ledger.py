"""The partners app's ledger entries in words (see audit.vocabulary), and how to name the
people, organisations and areas that events are about."""

from collections.abc import Mapping
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.text import get_text_list

from audit.vocabulary import HIDDEN, Detail, Target, Verb, describe, describe_targets, words_for

from .models import Area, NotificationMode, Organisation, OrganisationKind, Role, User


def _via(path: Any) -> str:
    """Where someone signed in, from the path the ledger keeps."""
    pages = {"accounts:sign-in": "the sign-in page", "admin:login": "the platform admin pages"}
    for name, words in pages.items():
        try:
            if str(path).startswith(reverse(name)):
                return words
        except NoReverseMatch:
            continue
    if "password" in str(path) or "reset" in str(path):
        return "a link to set a password"
    return "the service" if not path else str(path)


def _demo_areas(slugs: Any) -> str:
    from .demo import AREAS

    names = {str(spec["slug"]): str(spec["name"]) for spec in AREAS}
    return get_text_list([names.get(str(slug), str(slug)) for slug in slugs or []], "and")


VIA = Detail("Through", show=_via)
ROLE = Detail("Role", values=words_for(Role))
KIND = Detail("Kind", values=words_for(OrganisationKind))
PERSON = {
    "email": Detail("E-mail address"),
    "full_name": Detail("Name"),
    "job_title": Detail("Job title"),
    "is_active": Detail("Account open"),
    "is_staff": Detail("Platform admin"),
    "is_superuser": Detail("Every permission in the Django admin"),
    "password": Detail("Password", values={"set": "changed (not recorded)"}),
}
AREA = {
    "name": Detail("Name"),
    "lead_body": Detail("Led by"),
    "description": Detail("Description"),
}
ORGANISATION = {
    "name": Detail("Name"),
    "kind": KIND,
    "website": Detail("Website"),
    "description": Detail("Description"),
    "public_authority": Detail("A public authority"),
}
MEMBERSHIP = {
    "user": Detail("Person"),
    "email": Detail("E-mail address"),
    "organisation": Detail("Organisation"),
    "role": ROLE,
    "user_id": HIDDEN,
    "organisation_id": HIDDEN,
}
ACCOUNT_KNOWN = Detail(
    "The address", values={True: "belongs to an account", False: "belongs to no account"}
)

VERBS: Mapping[str, Verb] = {
    "auth.signed_in": Verb("signed in through {via}", "signed in", {"via": VIA}),
    "auth.signed_out": Verb("signed out", "signed out"),
    "auth.sign_in_failed": Verb(
        "failed to sign in through {via}",
        "failed to sign in",
        {"via": VIA, "account_known": ACCOUNT_KNOWN},
        nobody="Someone",
    ),
    "auth.password_reset_requested": Verb(
        "asked for a link to set a password",
        "asked for a link to set a password",
        {"account_known": ACCOUNT_KNOWN},
        nobody="Someone",
    ),
    "area.created": Verb("added the area {name}", "added an area", AREA),
    "area.changed": Verb("changed the area's details", "changed an area's details", AREA),
    "organisation.created": Verb(
        "added the organisation {name}", "added an organisation", ORGANISATION
    ),
    "organisation.changed": Verb(
        "changed an organisation's details", "changed an organisation's details", ORGANISATION
    ),
    "user.created": Verb("made an account for {full_name}", "made an account", PERSON),
    "user.changed": Verb("changed someone's account", "changed an account", PERSON),
    "user.invited": Verb(
        "sent {email} a link to set a password",
        "sent a link to set a password",
        {"email": Detail("E-mail address")},
    ),
    "user.password_set": Verb("set a password", "set a password", {"via": VIA}),
    "user.password_removed": Verb(
        "took away an account's password", "took away a password", {"via": VIA}
    ),
    "user.notifications_changed": Verb(
        "chose how often to be e-mailed: {notification_mode}",
        "chose how often to be e-mailed",
        {
            "notification_mode": Detail(
                "E-mails",
                values=words_for(NotificationMode),
            )
        },
    ),
    "membership.granted": Verb(
        "made {user} {role} at {organisation}", "gave someone a role", MEMBERSHIP
    ),
    "membership.revoked": Verb(
        "took away {user}'s role as {role} at {organisation}", "took away a role", MEMBERSHIP
    ),
    "demo.seeded": Verb(
        "loaded the demo data",
        "loaded the demo data",
        {"areas": Detail("Areas", show=_demo_areas), "new_roles": Detail("Demo roles added")},
    ),
}


def _people(ids: list[str]) -> dict[str, Target]:
    numbers = [int(i) for i in ids if i.isdigit()]
    return {
        str(pk): Target(name or email)
        for pk, name, email in User.objects.filter(pk__in=numbers).values_list(
            "pk", "full_name", "email"
        )
    }


def _organisations(ids: list[str]) -> dict[str, Target]:
    numbers = [int(i) for i in ids if i.isdigit()]
    return {
        str(o.pk): Target(o.name, o.get_absolute_url())
        for o in Organisation.objects.filter(pk__in=numbers).select_related("area")
    }


def _areas(ids: list[str]) -> dict[str, Target]:
    numbers = [int(i) for i in ids if i.isdigit()]
    return {
        str(a.pk): Target(a.name, a.get_absolute_url()) for a in Area.objects.filter(pk__in=numbers)
    }


def register() -> None:
    describe(VERBS)
    describe_targets("partners.user", _people)
    describe_targets("partners.organisation", _organisations)
    describe_targets("partners.area", _areas)
