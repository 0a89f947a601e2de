from typing import Any

from gateways.services import GatewayDetails
from tests.partners.factories import day_month_year


def details(**overrides: Any) -> GatewayDetails:
    values: dict[str, Any] = {
        "act_title": "Crime and Disorder Act",
        "act_year": 1998,
        "provision": "s.115",
        "power_or_duty": "power",
        "legislation_url": "https://www.legislation.gov.uk/ukpga/1998/37/section/115",
        "summary": "Lets anyone pass information to the police and councils to tackle crime.",
        "purposes": ["crime-and-disorder"],
    }
    values.update(overrides)
    return GatewayDetails(**values)


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "act_title": "Crime and Disorder Act",
        "act_year": "1998",
        "act_chapter": "1998 c. 37",
        "provision": "s.115",
        "legislation_url": "https://www.legislation.gov.uk/ukpga/1998/37/section/115",
        "power_or_duty": "power",
        "express_or_implied": "express",
        "jurisdictions": ["england", "wales"],
        "summary": "Lets anyone pass information to the police and councils to tackle crime.",
        "purposes": ["crime-and-disorder"],
        "overrides_confidentiality": "no",
        "reason": "Our community safety agreement relies on it.",
    }
    if "verified_on" in overrides:
        overrides |= day_month_year("verified_on", str(overrides.pop("verified_on")))
    data.update(overrides)
    return data
