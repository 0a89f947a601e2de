"""Who the benchmarks act as."""

from partners.demo import demo_email
from partners.models import Role, User


def officer_of(area_slug: str) -> User:
    """The area's demo officer."""
    return User.objects.get(email=demo_email(Role.OFFICER, area_slug))
