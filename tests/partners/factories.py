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
