"""The trade-offs of the demo agreements in force (signed, or published on the register):
scores and reasons per question, the balance, the five safes, the DPIA, benefits and
risks, as their officers wrote them."""

from .trade_offs import TradeOff

FAMILIES = TradeOff(
    scores=(4, 5, 3, 4, 5, 4, 4, 3, 4, 4, 4),
    reasons=(
        "Families get one worker and one plan instead of repeated assessments.",
        "Early help is meant to reduce exclusions and children entering care.",
        "Families are told at the first meeting; some would not expect police call-outs to be shared.",
        "Only workers on the family's case see the shared data, and matching is checked by hand.",
        "Without it, families are found only when a crisis reaches one service.",
        "Rent arrears are shared as a band, not as amounts; health details stay with the NHS.",
        "The protocol limits use to offering early help; any other use needs a new agreement.",
        "Domestic abuse data is sensitive and a wrong match could cause real harm, so it is handled by trained staff.",
        "Shared through the council's secure case system, not by e-mail.",
        "Outcomes are reviewed every six months against the national framework.",
        "One lead worker costs less than several parallel assessments.",
    ),
    balance=(
        "Sharing lets a family facing several problems at once be offered help early, by one "
        "worker, instead of meeting each service only when things go wrong. We share only what "
        "is needed to find families who meet the criteria, keep it on one secure system, and "
        "delete it 18 months after support ends. We judge that the benefit to families and "
        "children clearly justifies the risk to their privacy, provided families are told."
    ),
    position=5,
    not_sharing=(
        "Families would be identified only when a crisis reached one service, often too late "
        "to prevent a child being excluded or taken into care."
    ),
    safes=(
        "Only trained early help workers and their managers, who are vetted and bound by the "
        "protocol, see the shared data.",
        "The use is set out in the protocol and reviewed by the partnership board.",
        "The council's case management system, with role-based access and an access log.",
        "Identifiable data is needed to offer help; rent arrears are banded and health details are not shared.",
        "Reports to the board and to government use aggregated figures with small numbers suppressed.",
    ),
    dpia=(
        "done",
        120,
        "High risk before mitigation (domestic abuse data); medium after the controls above.",
        "Proceed, provided families are told at first contact and matching is checked by hand.",
    ),
    residual=("medium", "Wrong matches and families not expecting police data to be shared."),
    benefits=[
        (
            "individuals",
            "Families get help before problems become crises.",
            "Share of families whose plan closes with needs met.",
            365,
        ),
        (
            "groups",
            "Fewer children excluded from school or entering care.",
            "Exclusions and care entries among supported families, yearly.",
            730,
        ),
        (
            "public",
            "Less spent on crisis services.",
            "Cost comparison in the programme's annual evaluation.",
            730,
        ),
    ],
    risks=[
        (
            "A family is wrongly matched and contacted about problems they do not have.",
            "Families with similar names at the same address",
            2,
            4,
            "Two identifiers must match, and a worker checks before contact.",
        ),
        (
            "A family feels watched and stops engaging with services.",
            "Families offered early help",
            3,
            3,
            "Families are told what is shared and why at the first meeting, and may decline help.",
        ),
    ],
)

DISCHARGE = TradeOff(
    scores=(5, 4, 5, 4, 5, 4, 4, 4, 4, 4, 4),
    reasons=(
        "People go home with care in place on the day they leave hospital.",
        "Fewer delayed discharges free beds for others.",
        "Patients expect the hospital and social care to talk about their care.",
        "Only the discharge summary and care needs are shared.",
        "People wait in hospital or go home without care.",
        "The discharge summary, not the full record.",
        "Used only to arrange care after discharge.",
        "Health data, handled under the Caldicott principles.",
        "Shared through NHS mail and the council's care system.",
        "Delayed discharges are reported weekly.",
        "Avoids the cost of extra bed days.",
    ),
    balance=(
        "Sharing the discharge summary means people leave hospital with care ready at home. "
        "Patients expect it, only what care staff need is shared, and it is used for nothing "
        "else. The benefit clearly outweighs the risk to privacy."
    ),
    position=5,
    not_sharing="People would stay in hospital longer than they need to, or go home without the care they need.",
    safes=(
        "Discharge coordinators and social workers assigned to the person.",
        "Arranging care after discharge, under the Care Act.",
        "NHS mail and the council's social care system.",
        "The discharge summary only.",
        "Weekly counts of delayed discharges, no names.",
    ),
    dpia=(
        "done",
        200,
        "Low to medium risk.",
        "Proceed; share the discharge summary, not the full record.",
    ),
    residual=("low", "The data and its use are narrow."),
    benefits=[
        (
            "individuals",
            "Care is in place on the day of discharge.",
            "Share of discharges with care ready the same day.",
            180,
        ),
    ],
    risks=[
        (
            "Details reach care staff who do not need them.",
            "Patients",
            2,
            3,
            "Role-based access in the care system.",
        ),
    ],
)

HOMELESSNESS = TradeOff(
    scores=(5, 4, 4, 4, 4, 4, 4, 3, 4, 3, 4),
    reasons=(
        "People at risk of losing their home get help before they are discharged.",
        "Fewer people leave hospital with nowhere to go.",
        "Patients are asked first and choose whether to be referred.",
        "Only the referral details are shared, not the medical record.",
        "People would be discharged to the street or a night shelter.",
        "Name, contact details and the housing problem only.",
        "Used only to prevent or relieve homelessness.",
        "Housing problems are sensitive; health details are left out.",
        "Referrals go through the council's secure referral form.",
        "Outcomes of referrals are counted each quarter.",
        "Uses the duty to refer the hospital already has.",
    ),
    balance=(
        "Referring people at risk of homelessness, with their consent, means help starts "
        "before they leave hospital. Only what the housing team needs is shared. The benefit "
        "clearly outweighs the risk to privacy."
    ),
    position=5,
    not_sharing="People would leave hospital with nowhere to live and come back sooner.",
    safes=(
        "Ward discharge staff and the council's housing options officers.",
        "Preventing and relieving homelessness under the Housing Act 1996.",
        "The council's secure referral form; nothing by ordinary e-mail.",
        "Referral details only: no diagnosis or medical history.",
        "Quarterly counts of referrals and outcomes, no names.",
    ),
    dpia=("done", 120, "Low risk: consent-based and narrow.", "Proceed."),
    residual=("low", "Each person agrees to the referral first."),
    benefits=[
        (
            "individuals",
            "People at risk of homelessness get a housing assessment before discharge.",
            "Share of referrals assessed before the person leaves hospital.",
            180,
        ),
        (
            "public",
            "Fewer emergency readmissions of people discharged with nowhere to live.",
            "Readmissions within 30 days of people referred, compared with the year before.",
            365,
        ),
    ],
    risks=[
        (
            "A person feels pressed to agree to the referral.",
            "Patients",
            2,
            3,
            "Staff explain that saying no does not affect their care, and record the choice.",
        ),
    ],
)
