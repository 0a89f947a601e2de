"""A register of thousands of gateways, for the search benchmarks."""

from django.db import connection

from gateways import search
from gateways.models import Gateway, GatewayStatus


def add_gateways(count: int) -> None:
    """``count`` approved gateways with varied text, on top of the seed catalogue."""
    words = ["safeguarding", "welfare", "housing", "health", "education", "crime", "fraud"]
    Gateway.objects.bulk_create(
        Gateway(
            slug=f"bench-act-{n}",
            act_title=f"Bench Act {n % 200}",
            act_year=1950 + n % 70,
            provision=f"s.{n}",
            provision_key=f"s.{n}",
            power_or_duty="power" if n % 2 else "duty",
            wales=bool(n % 3),
            legislation_url=f"https://www.legislation.gov.uk/ukpga/2000/{n}",
            summary=f"Sharing for {words[n % 7]} and {words[(n + 3) % 7]} purposes, case {n}.",
            who_may_share="Local authorities, the police and health bodies.",
            permitted_purposes=f"Functions relating to {words[(n + 5) % 7]}.",
            search_terms=f"s.{n} {n}",
            status=GatewayStatus.APPROVED,
        )
        for n in range(count)
    )
    if connection.vendor == "postgresql":
        Gateway.objects.filter(slug__startswith="bench-act-").update(search_vector=search.vector())
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE gateways_gateway")
