"""Demo data for the partners app: the programme's six partner areas, organisations of
the kinds that take part in local data sharing, and one sign-in per role per area.

Public bodies are the real bodies that serve each area; the civil-society and advocacy
groups are either local Healthwatch and voluntary-sector bodies that exist in every area
or clearly invented demo groups. No person named here is real. Called by `seed_demo`.
"""

import secrets
from typing import TextIO

from django.contrib.auth import login
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.test import RequestFactory

from audit.services import record_event

from . import services
from .models import PUBLIC_AUTHORITY_KINDS, Membership, Organisation, OrganisationKind, Role, User

DEMO_PASSWORD = "demo-sharing-2026"  # noqa: S105 - published demo sign-in, DEBUG only
DEMO_EMAIL_DOMAIN = "example.org"

K = OrganisationKind

AREAS: list[dict[str, object]] = [
    {
        "slug": "essex",
        "name": "Essex",
        "lead_body": "Essex County Council",
        "description": (
            "Partners share under the Whole Essex Information Sharing Framework, which "
            "publishes its information sharing protocols with their review dates."
        ),
        "organisations": [
            ("essex-county-council", "Essex County Council", K.LOCAL_AUTHORITY),
            ("mid-and-south-essex-nhs", "Mid and South Essex NHS Foundation Trust", K.NHS_BODY),
            ("essex-police", "Essex Police", K.POLICE),
            ("essex-fire", "Essex County Fire and Rescue Service", K.FIRE_AND_RESCUE),
            ("eastlight-homes", "Eastlight Community Homes", K.HOUSING),
            ("healthwatch-essex", "Healthwatch Essex", K.VOLUNTARY),
            ("essex-data-rights-forum", "Essex Data Rights Forum (demo group)", K.ADVOCACY),
        ],
        "people": {
            Role.OFFICER: ("Priya Shah", "Information Governance Officer"),
            Role.REVIEWER: ("Martin Cole", "Volunteer reviewer"),
            Role.SIGNATORY: ("Helen Ward", "Senior Information Risk Owner"),
            Role.AREA_ADMIN: ("Daniel Okafor", "Information Governance Manager"),
        },
    },
    {
        "slug": "leeds",
        "name": "Leeds",
        "lead_body": "Leeds City Council",
        "description": "",
        "organisations": [
            ("leeds-city-council", "Leeds City Council", K.LOCAL_AUTHORITY),
            ("leeds-teaching-hospitals", "Leeds Teaching Hospitals NHS Trust", K.NHS_BODY),
            ("west-yorkshire-police", "West Yorkshire Police", K.POLICE),
            ("leeds-federated-housing", "Leeds Federated Housing Association", K.HOUSING),
            ("healthwatch-leeds", "Healthwatch Leeds", K.VOLUNTARY),
            ("voluntary-action-leeds", "Voluntary Action Leeds", K.VOLUNTARY),
            ("leeds-citizens-data-panel", "Leeds Citizens' Data Panel (demo group)", K.ADVOCACY),
        ],
        "people": {
            Role.OFFICER: ("Aisha Rahman", "Data Protection Officer (deputy)"),
            Role.REVIEWER: ("Gareth Lloyd", "Panel member"),
            Role.SIGNATORY: ("Catherine Moore", "Data Protection Officer"),
            Role.AREA_ADMIN: ("Tom Brennan", "Head of Information Management"),
        },
    },
    {
        "slug": "greater-manchester",
        "name": "Greater Manchester",
        "lead_body": "Greater Manchester Combined Authority",
        "description": "",
        "organisations": [
            ("gmca", "Greater Manchester Combined Authority", K.LOCAL_AUTHORITY),
            ("nhs-greater-manchester", "NHS Greater Manchester", K.NHS_BODY),
            ("greater-manchester-police", "Greater Manchester Police", K.POLICE),
            ("gm-fire", "Greater Manchester Fire and Rescue Service", K.FIRE_AND_RESCUE),
            ("onward-homes", "Onward Homes", K.HOUSING),
            ("healthwatch-manchester", "Healthwatch Manchester", K.VOLUNTARY),
            (
                "gm-coalition-disabled-people",
                "Greater Manchester Coalition of Disabled People",
                K.ADVOCACY,
            ),
        ],
        "people": {
            Role.OFFICER: ("Kwame Mensah", "Information Sharing Lead"),
            Role.REVIEWER: ("Siobhan Kelly", "Policy volunteer"),
            Role.SIGNATORY: ("Richard Hughes", "Caldicott Guardian"),
            Role.AREA_ADMIN: ("Fatima Begum", "Information Governance Manager"),
        },
    },
    {
        "slug": "melton",
        "name": "Melton",
        "lead_body": "Melton Borough Council",
        "description": "",
        "organisations": [
            ("melton-borough-council", "Melton Borough Council", K.LOCAL_AUTHORITY),
            (
                "llr-icb",
                "NHS Leicester, Leicestershire and Rutland Integrated Care Board",
                K.NHS_BODY,
            ),
            ("leicestershire-police", "Leicestershire Police", K.POLICE),
            ("melton-housing-services", "Melton Borough Council Housing Services", K.HOUSING),
            (
                "healthwatch-leicestershire",
                "Healthwatch Leicester and Leicestershire",
                K.VOLUNTARY,
            ),
            ("melton-tenants-voice", "Melton Tenants' Voice (demo group)", K.ADVOCACY),
        ],
        "people": {
            Role.OFFICER: ("Laura Bennett", "Data Protection and Information Officer"),
            Role.REVIEWER: ("Graham Pike", "Tenants' representative"),
            Role.SIGNATORY: ("Sarah Whitfield", "Chief Executive"),
            Role.AREA_ADMIN: ("Owen Price", "Corporate Governance Officer"),
        },
    },
    {
        "slug": "sheffield",
        "name": "Sheffield",
        "lead_body": "Sheffield City Council",
        "description": "",
        "organisations": [
            ("sheffield-city-council", "Sheffield City Council", K.LOCAL_AUTHORITY),
            (
                "sheffield-teaching-hospitals",
                "Sheffield Teaching Hospitals NHS Foundation Trust",
                K.NHS_BODY,
            ),
            ("south-yorkshire-police", "South Yorkshire Police", K.POLICE),
            ("south-yorkshire-fire", "South Yorkshire Fire and Rescue", K.FIRE_AND_RESCUE),
            ("sheffield-housing-company", "Sheffield Housing Company", K.HOUSING),
            ("healthwatch-sheffield", "Healthwatch Sheffield", K.VOLUNTARY),
            ("voluntary-action-sheffield", "Voluntary Action Sheffield", K.VOLUNTARY),
            ("sheffield-digital-rights", "Sheffield Digital Rights Group (demo group)", K.ADVOCACY),
        ],
        "people": {
            Role.OFFICER: ("Ben Hartley", "Information Governance Officer"),
            Role.REVIEWER: ("Nadia Hussain", "Volunteer reviewer"),
            Role.SIGNATORY: ("Elaine Foster", "Senior Information Risk Owner"),
            Role.AREA_ADMIN: ("Chris Walker", "Information Management Lead"),
        },
    },
    {
        "slug": "west-midlands",
        "name": "West Midlands",
        "lead_body": "West Midlands Combined Authority",
        "description": "",
        "organisations": [
            ("wmca", "West Midlands Combined Authority", K.LOCAL_AUTHORITY),
            ("nhs-birmingham-solihull", "NHS Birmingham and Solihull", K.NHS_BODY),
            ("west-midlands-police", "West Midlands Police", K.POLICE),
            ("west-midlands-fire", "West Midlands Fire Service", K.FIRE_AND_RESCUE),
            ("midland-heart", "Midland Heart", K.HOUSING),
            ("healthwatch-birmingham", "Healthwatch Birmingham", K.VOLUNTARY),
            ("bvsc", "BVSC The Centre for Voluntary Action", K.VOLUNTARY),
            ("wm-privacy-advocates", "West Midlands Privacy Advocates (demo group)", K.ADVOCACY),
        ],
        "people": {
            Role.OFFICER: ("Imran Akhtar", "Information Sharing Officer"),
            Role.REVIEWER: ("Joanne Reid", "Volunteer reviewer"),
            Role.SIGNATORY: ("Michael Grant", "Senior Information Risk Owner"),
            Role.AREA_ADMIN: ("Rachel Adeyemi", "Information Governance Manager"),
        },
    },
]

PLATFORM_ADMIN = ("admin", "Platform Admin", "Platform administrator")


# Where an organisation's kind does not tell whether it is a public authority (DPA 2018
# s.7): a council's own housing service is part of the council.
PUBLIC_AUTHORITY = {"melton-housing-services": True}


def demo_email(role: str, area_slug: str) -> str:
    return f"{role.replace('_', '-')}.{area_slug}@{DEMO_EMAIL_DOMAIN}"


def _ensure_user(
    *,
    email: str,
    full_name: str,
    job_title: str,
    staff: bool = False,
    password: str = DEMO_PASSWORD,
) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = services.user_create(
            email=email, full_name=full_name, job_title=job_title, password=password
        )
        if staff:
            services.user_set_platform_admin(user=user, platform_admin=True, actor=None)
    return user


def _demo_sign_ins() -> None:
    """Sign a few demo people in, through Django's own login, so the ledger a newcomer
    first looks at shows sign-ins as well as set-up."""
    for role, area_slug in (
        (Role.OFFICER, "essex"),
        (Role.AREA_ADMIN, "essex"),
        (Role.REVIEWER, "leeds"),
    ):
        request = RequestFactory().post("/account/sign-in/")
        request.session = SessionStore()
        login(
            request,
            User.objects.get(email=demo_email(role, area_slug)),
            backend="django.contrib.auth.backends.ModelBackend",
        )


@transaction.atomic
def seed(*, stdout: TextIO, published_admin_password: bool = True) -> None:
    """``published_admin_password`` False (seed_demo --force, DEBUG off) gives the
    platform admin a random password, printed once, instead of the published one."""
    created_roles = 0
    for spec in AREAS:
        area = services.area_upsert(
            slug=str(spec["slug"]),
            name=str(spec["name"]),
            lead_body=str(spec["lead_body"]),
            description=str(spec["description"]),
        )
        first_of_kind: dict[str, Organisation] = {}
        for slug, name, kind in spec["organisations"]:  # type: ignore[attr-defined]
            organisation = services.organisation_upsert(
                area=area,
                slug=slug,
                name=name,
                kind=kind,
                public_authority=PUBLIC_AUTHORITY.get(slug, kind in PUBLIC_AUTHORITY_KINDS),
            )
            first_of_kind.setdefault(kind, organisation)
        council = first_of_kind[K.LOCAL_AUTHORITY]
        civil_society = first_of_kind.get(K.ADVOCACY) or first_of_kind[K.VOLUNTARY]
        for role, (full_name, job_title) in spec["people"].items():  # type: ignore[attr-defined]
            user = _ensure_user(
                email=demo_email(role, area.slug), full_name=full_name, job_title=job_title
            )
            organisation = civil_society if role == Role.REVIEWER else council
            if not Membership.objects.filter(
                user=user, organisation=organisation, role=role
            ).exists():
                services.membership_grant(
                    user=user, organisation=organisation, role=role, actor=None
                )
                created_roles += 1
    local, full_name, job_title = PLATFORM_ADMIN
    admin_email = f"{local}@{DEMO_EMAIL_DOMAIN}"
    admin_password = DEMO_PASSWORD if published_admin_password else secrets.token_urlsafe(18)
    if not User.objects.filter(email=admin_email).exists():
        _ensure_user(
            email=admin_email,
            full_name=full_name,
            job_title=job_title,
            staff=True,
            password=admin_password,
        )
        if not published_admin_password:
            stdout.write(
                f"partners: platform admin {admin_email} has the password {admin_password} "
                "(shown once; it is not the published demo password)\n"
            )
    record_event(
        actor=None,
        verb="demo.seeded",
        data={"areas": [str(spec["slug"]) for spec in AREAS], "new_roles": created_roles},
    )
    _demo_sign_ins()
    stdout.write(
        f"partners: {len(AREAS)} areas, {created_roles} new demo roles "
        f"(password for every demo sign-in: {DEMO_PASSWORD})\n"
    )
