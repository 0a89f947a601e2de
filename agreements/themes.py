"""Service themes, derived in one place from what an agreement relies on: the purposes of
its gateways and the kinds of data it shares. Pure: no database access."""

from collections.abc import Iterable

from .models.public import Theme

# Gateway purpose (gateways/data/purposes.json) -> theme.
THEME_OF_PURPOSE: dict[str, Theme] = {
    "health-and-care": Theme.HEALTH_AND_CARE,
    "public-health": Theme.HEALTH_AND_CARE,
    "safeguarding-adults": Theme.HEALTH_AND_CARE,
    "safeguarding-children": Theme.CHILDREN_AND_FAMILIES,
    "education": Theme.CHILDREN_AND_FAMILIES,
    "crime-and-disorder": Theme.CRIMINAL_JUSTICE,
    "serious-violence": Theme.CRIMINAL_JUSTICE,
    "offender-management": Theme.CRIMINAL_JUSTICE,
    "counter-terrorism": Theme.CRIMINAL_JUSTICE,
    "housing-and-homelessness": Theme.HOUSING,
    "welfare-and-benefits": Theme.WELFARE,
    "fuel-and-water-poverty": Theme.WELFARE,
    "debt": Theme.PUBLIC_MONEY,
    "fraud": Theme.PUBLIC_MONEY,
    "audit": Theme.PUBLIC_MONEY,
    "research-and-statistics": Theme.RESEARCH,
    "public-service-delivery": Theme.OTHER_SERVICES,
    "civil-registration": Theme.OTHER_SERVICES,
    "general-powers": Theme.OTHER_SERVICES,
}

# Data category (gateways/data/data_categories.json) -> theme.
THEME_OF_CATEGORY: dict[str, Theme] = {
    "health-and-care-records": Theme.HEALTH_AND_CARE,
    "mental-health": Theme.HEALTH_AND_CARE,
    "pseudonymised-health-data": Theme.HEALTH_AND_CARE,
    "childrens-social-care": Theme.CHILDREN_AND_FAMILIES,
    "education-records": Theme.CHILDREN_AND_FAMILIES,
    "criminal-offences": Theme.CRIMINAL_JUSTICE,
    "police-incidents": Theme.CRIMINAL_JUSTICE,
    "housing-and-tenancy": Theme.HOUSING,
    "benefits-and-income": Theme.WELFARE,
}

THEME_ORDER = {theme: position for position, theme in enumerate(Theme.values)}


def themes_for(*, purposes: Iterable[str], categories: Iterable[str]) -> list[str]:
    """The themes of an agreement whose gateways serve ``purposes`` and which shares
    ``categories`` (slugs), in a fixed order; "other public services" when nothing
    places it anywhere else."""
    found = {THEME_OF_PURPOSE[p] for p in purposes if p in THEME_OF_PURPOSE}
    found |= {THEME_OF_CATEGORY[c] for c in categories if c in THEME_OF_CATEGORY}
    if not found:
        found = {Theme.OTHER_SERVICES}
    return sorted((str(theme) for theme in found), key=lambda t: THEME_ORDER[t])
