import factory
from factory.django import DjangoModelFactory

from partners.models import (
    PUBLIC_AUTHORITY_KINDS,
    Area,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    User,
)

factory.Faker._DEFAULT_LOCALE = "en_GB"

PASSWORD = "correct-horse-battery"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    job_title = factory.Faker("job")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:  # noqa: N805
        if create:
            obj.save()


class AreaFactory(DjangoModelFactory[Area]):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")
    lead_body = factory.LazyAttribute(lambda o: f"{o.name} Council")


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.LOCAL_AUTHORITY
    public_authority = factory.LazyAttribute(lambda o: o.kind in PUBLIC_AUTHORITY_KINDS)


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.OFFICER


def member_of(area: Area, role: str, **user_fields: object) -> User:
    """A user holding ``role`` in ``area``, in an organisation that suits the role."""
    kind = OrganisationKind.ADVOCACY if role == Role.REVIEWER else OrganisationKind.LOCAL_AUTHORITY
    organisation = Organisation.objects.filter(area=area, kind=kind).first() or (
        OrganisationFactory(area=area, kind=kind)
    )
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def day_month_year(name: str, iso: str) -> dict[str, str]:
    """A date as a form posts it from the day, month and year boxes (GOV.UK date input):
    ``day_month_year("review_date", "2027-12-01")`` -> review_date_0=1, _1=12, _2=2027.
    Parts that are not numbers are passed as they are, as someone might type them."""
    parts = iso.split("-")
    if len(parts) != 3:
        return {f"{name}_0": iso, f"{name}_1": "", f"{name}_2": ""}
    year, month, day = parts
    return {
        f"{name}_0": day.lstrip("0") or day,
        f"{name}_1": month.lstrip("0") or month,
        f"{name}_2": year,
    }
