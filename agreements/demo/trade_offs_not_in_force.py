"""The trade-offs of the demo agreements not in force (in review, awaiting sign-off,
lapsed or withdrawn), as their officers wrote them."""

from .trade_offs import TradeOff

ATTENDANCE = TradeOff(
    scores=(4, 4, 3, 4, 4, 3, 4, 3, 4, 3, 4),
    reasons=(
        "Officers attending incidents can refer a family whose child has stopped attending.",
        "Persistent absence is linked to exploitation and harm.",
        "Parents may not expect school attendance to reach the police.",
        "Only figures for children already known to early help are shared.",
        "Officers would not know a child had stopped attending school.",
        "Weekly figures only, not reasons for absence.",
        "Use is limited to referrals to early help.",
        "Children's data calls for care; the figures are not sensitive in themselves.",
        "Sent through the secure partner portal.",
        "Referral numbers are counted; whether referrals help is harder to show.",
        "Uses existing weekly returns, so little extra cost.",
    ),
    balance=(
        "Weekly attendance figures, for children already known to early help only, help officers "
        "notice when a child stops going to school and refer the family. The data is limited and "
        "its use is narrow. We judge the benefit somewhat outweighs the risk, and will review "
        "after six months."
    ),
    position=4,
    not_sharing="A child who stops attending school would go unnoticed at incidents where officers could refer the family.",
    safes=(
        "Named officers in the safeguarding hub only.",
        "Referral to early help, nothing else.",
        "The police's secure records system.",
        "Weekly attendance percentage, not reasons for absence.",
        "No outputs beyond referral counts.",
    ),
    dpia=("done", 60, "Medium risk.", "Proceed; limit to children already known to early help."),
    residual=("low", "The figures are narrow and the use is limited."),
    benefits=[
        (
            "individuals",
            "Children who stop attending are referred for help sooner.",
            "Days from first missed week to referral.",
            180,
        ),
    ],
    risks=[
        (
            "Families see the police as monitoring school attendance.",
            "Parents and children",
            3,
            2,
            "Privacy notice in school and early help leaflets.",
        ),
    ],
)

VIOLENCE = TradeOff(
    scores=(3, 5, 4, 4, 4, 4, 4, 4, 4, 4, 5),
    reasons=(
        "The benefit is to communities rather than to the people in the data.",
        "The duty's strategy aims to reduce serious violence across the area.",
        "The duty is public and the strategy is published.",
        "Analysts work on de-personalised data.",
        "Without it the needs assessment would miss where violence is concentrated.",
        "Aggregated A&E figures by area; police incident data without names.",
        "The Act limits use to the duty.",
        "Weighed in the DPIA; data is de-personalised before analysis.",
        "Held in the combined authority's analytical environment.",
        "The strategy is reviewed yearly against the needs assessment.",
        "Meets a statutory duty at low extra cost.",
    ),
    balance=(
        "The Serious Violence Duty requires partners to understand where and why serious violence "
        "happens. Version 2 uses only aggregated hospital figures and de-personalised police data, "
        "after NHS Greater Manchester declined version 1. We judge that the public benefit clearly "
        "outweighs the now small risk to privacy."
    ),
    position=5,
    not_sharing="The strategic needs assessment the Act requires could not show where violence is concentrated.",
    safes=(
        "Named analysts in the combined authority's research team.",
        "The statutory needs assessment and strategy.",
        "A secure analytical environment with no export of record-level data.",
        "Aggregated or de-personalised only.",
        "Published figures suppress counts under ten.",
    ),
    dpia=("done", 30, "Low risk after aggregation.", "Proceed."),
    residual=("low", "Small areas are merged so no one can be picked out."),
    benefits=[
        (
            "public",
            "A strategy aimed where violence is concentrated.",
            "Hospital admissions for assault, yearly.",
            730,
        ),
    ],
    risks=[
        (
            "Someone is recognised in small-area figures.",
            "People in small neighbourhoods",
            1,
            3,
            "Counts under ten are suppressed and small areas merged.",
        ),
    ],
)

MARAC = TradeOff(
    scores=(5, 4, 4, 4, 5, 4, 4, 4, 4, 3, 4),
    reasons=(
        "People at high risk of domestic abuse get a coordinated safety plan.",
        "Reduces repeat victimisation.",
        "Victims are told their case goes to the MARAC.",
        "Only agencies at the meeting see the case details.",
        "Agencies would act alone on partial information.",
        "Only information relevant to the risk is shared.",
        "Use is limited to safety planning.",
        "Highly sensitive; handled with strict controls.",
        "Secure e-mail and minutes kept by the coordinator.",
        "Repeat referrals are tracked.",
        "Uses existing meetings.",
    ),
    balance="Coordinated safety planning for people at high risk of serious harm clearly justifies sharing what is relevant to that risk.",
    position=5,
    not_sharing="Agencies would act alone, and people at high risk would be less safe.",
    safes=(
        "Named MARAC representatives.",
        "Safety planning.",
        "Secure e-mail and minutes.",
        "Only what is relevant to the risk.",
        "Anonymised statistics for the national dataset.",
    ),
    dpia=("done", 900, "High risk, reduced by the controls.", "Proceed."),
    residual=("medium", "The information is highly sensitive."),
    benefits=[
        (
            "individuals",
            "Victims at high risk have a safety plan.",
            "Repeat referrals within 12 months.",
            None,
        )
    ],
    risks=[
        (
            "Information reaches the perpetrator.",
            "Victims",
            1,
            5,
            "Only named representatives attend; minutes are secured.",
        )
    ],
)

FUEL = TradeOff(
    scores=(4, 4, 3, 3, 3, 4, 4, 3, 4, 3, 3),
    reasons=("Eligible households get help with energy costs.",) * 11,
    balance="Identifying households in fuel poverty for support justified sharing benefits data under the Digital Economy Act.",
    position=4,
    not_sharing="Eligible households would not be offered support.",
    safes=(
        "Named staff.",
        "Fuel poverty support only.",
        "Secure transfer.",
        "Eligibility flag only.",
        "Aggregated counts only.",
    ),
    dpia=("not_done", None, "", ""),
    residual=("medium", "The scheme's design was not finished when it closed."),
)
