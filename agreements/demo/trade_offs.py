"""The demo agreements' trade-offs: assessments written by their officers, the views of
people from different stakeholder groups, and how each was signed off (in the service,
with conditions, on paper, declined and revised). All made through the services."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from partners.models import Organisation, Role, User

from .. import services
from ..models import Agreement, AssessmentQuestion, Section, Version

# The questions, in the order the scores below are given.
ORDER = (
    "direct-benefits",
    "social-outcomes",
    "public-expectations",
    "minimises-harm",
    "not-sharing",
    "least-data",
    "limits-on-use",
    "sensitivity-weighed",
    "secure",
    "delivers-outcome",
    "public-resources",
)
TEST_OF = {
    "direct-benefits": "purposeful",
    "social-outcomes": "purposeful",
    "public-expectations": "purposeful",
    "minimises-harm": "purposeful",
    "not-sharing": "purposeful",
    "least-data": "proportionate",
    "limits-on-use": "proportionate",
    "sensitivity-weighed": "proportionate",
    "secure": "responsible",
    "delivers-outcome": "responsible",
    "public-resources": "responsible",
}


@dataclass
class TradeOff:
    scores: tuple[int, ...]
    reasons: tuple[str, ...]
    balance: str
    position: int
    not_sharing: str
    safes: tuple[str, str, str, str, str]
    dpia: tuple[str, int | None, str, str]  # state, days ago, outcome, DPO's advice
    residual: tuple[str, str]
    benefits: list[tuple[str, str, str, int | None]] = field(default_factory=list)
    risks: list[tuple[str, str, int, int, str]] = field(default_factory=list)


@dataclass
class View:
    """One person's view: who (an e-mail), a score per test (every question of the test
    gets it, one question they could not judge left out), overall position, comment."""

    email: str
    by_test: dict[str, int]
    position: int
    comment: str
    cannot_judge: str = ""


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

TRADE_OFFS: dict[str, TradeOff] = {
    "Preventing homelessness on leaving hospital": HOMELESSNESS,
    "Supporting Families: sharing to offer early help": FAMILIES,
    "School attendance data for early help": ATTENDANCE,
    "Serious Violence Duty: sharing between specified authorities": VIOLENCE,
    "Safe discharge from hospital into adult social care": DISCHARGE,
    "Multi-agency risk assessment conferences (MARAC)": MARAC,
    "Fuel poverty support under the Digital Economy Act": FUEL,
}


def assess(agreement: Agreement, officer: User) -> None:
    spec = TRADE_OFFS.get(agreement.title)
    if spec is None:
        return
    questions = set(AssessmentQuestion.objects.filter(active=True).values_list("code", flat=True))
    today = timezone.localdate()
    revision = agreement.assessment.revision
    services.assessment_save(
        agreement=agreement,
        actor=officer,
        base_revision=revision,
        answers={
            code: services.Answer(score, reason)
            for code, score, reason in zip(ORDER, spec.scores, spec.reasons, strict=True)
            if code in questions
        },
        fields={
            "balance_statement": spec.balance,
            "overall_position": spec.position,
            "risk_of_not_sharing": spec.not_sharing,
            "safe_people": spec.safes[0],
            "safe_projects": spec.safes[1],
            "safe_settings": spec.safes[2],
            "safe_data": spec.safes[3],
            "safe_outputs": spec.safes[4],
            "dpia": spec.dpia[0],
            "dpia_date": today - timedelta(days=spec.dpia[1]) if spec.dpia[1] else None,
            "dpia_outcome": spec.dpia[2],
            "dpo_advice": spec.dpia[3],
            "residual_risk": spec.residual[0],
            "residual_risk_note": spec.residual[1],
        },
    )
    for who, description, measure, days in spec.benefits:
        services.benefit_save(
            agreement=agreement,
            actor=officer,
            beneficiary=who,
            description=description,
            measure=measure,
            expected_by=today + timedelta(days=days) if days else None,
        )
    for description, who, likelihood, severity, mitigation in spec.risks:
        services.risk_save(
            agreement=agreement,
            actor=officer,
            description=description,
            who_is_affected=who,
            likelihood=likelihood,
            severity=severity,
            mitigation=mitigation,
        )


def _demo(role: str, area: str) -> str:
    return f"{role.replace('_', '-')}.{area}@example.org"


def _signatory_of(area: str, organisation: str) -> str:
    return f"signatory.{organisation}@example.org"


VIEWS: dict[str, list[View]] = {
    "Preventing homelessness on leaving hospital": [
        View(
            _demo(Role.OFFICER, "sheffield"),
            {"purposeful": 5, "proportionate": 4, "responsible": 4},
            5,
            "",
        ),
        View(
            _demo(Role.REVIEWER, "sheffield"),
            {"purposeful": 4, "proportionate": 4, "responsible": 3},
            4,
            "Consent must be real: a ward is not a place where people feel free to say no.",
        ),
        View(
            _signatory_of("sheffield", "sheffield-teaching-hospitals"),
            {"purposeful": 5, "proportionate": 4, "responsible": 4},
            5,
            "",
        ),
    ],
    "Supporting Families: sharing to offer early help": [
        View(
            _demo(Role.OFFICER, "essex"),
            {"purposeful": 4, "proportionate": 4, "responsible": 4},
            5,
            "One worker per family is what families told us they want.",
        ),
        View(
            _demo(Role.REVIEWER, "essex"),
            {"purposeful": 3, "proportionate": 2, "responsible": 3},
            3,
            "Police call-outs are shared without the family knowing until the first meeting. That is a real cost to trust.",
            "public-resources",
        ),
        View(
            _signatory_of("essex", "essex-police"),
            {"purposeful": 4, "proportionate": 4, "responsible": 4},
            4,
            "Call-out data is limited to domestic abuse at the address.",
        ),
        View(
            _signatory_of("essex", "mid-and-south-essex-nhs"),
            {"purposeful": 4, "proportionate": 3, "responsible": 4},
            4,
            "Health details stay with the NHS, which we insisted on.",
        ),
        View(
            _signatory_of("essex", "eastlight-homes"),
            {"purposeful": 5, "proportionate": 4, "responsible": 4},
            5,
            "Arrears bands are enough for us to help early.",
        ),
        View(
            _demo(Role.SIGNATORY, "essex"),
            {"purposeful": 4, "proportionate": 4, "responsible": 5},
            5,
            "",
        ),
    ],
    "School attendance data for early help": [
        View(
            _demo(Role.OFFICER, "leeds"),
            {"purposeful": 4, "proportionate": 4, "responsible": 4},
            4,
            "Limited to children already known to early help.",
        ),
        View(
            _demo(Role.REVIEWER, "leeds"),
            {"purposeful": 3, "proportionate": 2, "responsible": 3},
            2,
            "Weekly figures to the police feel like surveillance of families who are already struggling.",
        ),
        View(
            "invited.leeds@example.org",
            {"purposeful": 3, "proportionate": 3, "responsible": 3},
            3,
            "The aim is sound; the case for weekly rather than monthly figures is not yet made.",
            "public-resources",
        ),
        View(
            _signatory_of("leeds", "west-yorkshire-police"),
            {"purposeful": 4, "proportionate": 4, "responsible": 4},
            4,
            "",
        ),
    ],
    "Serious Violence Duty: sharing between specified authorities": [
        View(
            _demo(Role.OFFICER, "greater-manchester"),
            {"purposeful": 4, "proportionate": 5, "responsible": 4},
            5,
            "",
        ),
        View(
            _demo(Role.REVIEWER, "greater-manchester"),
            {"purposeful": 4, "proportionate": 4, "responsible": 3},
            4,
            "Much better than version 1. Disabled people are over-represented in A&E figures; please check the strategy does not stigmatise them.",
        ),
        View(
            _signatory_of("greater-manchester", "nhs-greater-manchester"),
            {"purposeful": 4, "proportionate": 4, "responsible": 4},
            4,
            "Aggregated figures meet our concern.",
        ),
        View(
            _signatory_of("greater-manchester", "greater-manchester-police"),
            {"purposeful": 5, "proportionate": 4, "responsible": 4},
            5,
            "",
        ),
    ],
    "Safe discharge from hospital into adult social care": [
        View(
            _demo(Role.OFFICER, "sheffield"),
            {"purposeful": 5, "proportionate": 4, "responsible": 4},
            5,
            "",
        ),
        View(
            _demo(Role.REVIEWER, "sheffield"),
            {"purposeful": 5, "proportionate": 4, "responsible": 3},
            4,
            "Please publish the weekly figures so we can see whether it works.",
        ),
        View(
            _signatory_of("sheffield", "sheffield-teaching-hospitals"),
            {"purposeful": 5, "proportionate": 5, "responsible": 4},
            5,
            "",
        ),
    ],
}


def record_views(agreement: Agreement, version: Version) -> None:
    for view in VIEWS.get(agreement.title, []):
        person = User.objects.filter(email=view.email).first()
        if person is None:
            continue
        services.perspective_record(
            version=version,
            actor=person,
            scores={
                code: (None if code == view.cannot_judge else view.by_test[TEST_OF[code]])
                for code in ORDER
            },
            overall_position=view.position,
            comment=view.comment,
        )


def _latest(agreement: Agreement) -> Version:
    version = agreement.versions.order_by("-number").first()
    assert version is not None
    return version


def _sign(
    agreement: Agreement,
    organisation: Organisation,
    decision: str = "approve",
    conditions: str = "",
) -> None:
    party = agreement.parties.select_related("signatory", "organisation").get(
        organisation=organisation
    )
    assert party.signatory is not None
    title = party.signatory.job_title.lower()
    capacity = (
        "caldicott"
        if "caldicott" in title
        else "dpo"
        if "data protection" in title
        else "siro"
        if "risk owner" in title
        else "chief_executive"
        if "chief executive" in title
        else "other"
    )
    services.signoff_record(
        agreement=agreement,
        organisation=organisation,
        actor=party.signatory,
        version_number=_latest(agreement).number,
        decision=decision,
        capacity=capacity,
        capacity_other=party.signatory.job_title if capacity == "other" else "",
        conditions=conditions,
        balance_accepted=decision != "decline",
        password_confirmed=True,
    )


def _parties(agreement: Agreement) -> list[Organisation]:
    return [p.organisation for p in agreement.parties.select_related("organisation")]


def sign_off(agreement: Agreement, officer: User, scenario: str) -> None:
    """Take an agreement awaiting sign-off through the demo's scenario for it."""
    parties = _parties(agreement)
    if scenario == "everyone":
        for organisation in parties:
            _sign(agreement, organisation)
    elif scenario == "condition_and_paper":
        council = next(o for o in parties if o.pk == agreement.lead_organisation_id)
        _sign(
            agreement,
            council,
            "approve_with_conditions",
            "The weekly delayed-discharge figures are published on the council's website, so "
            "residents can see whether the sharing works.",
        )
        for organisation in parties:
            if organisation.pk == council.pk:
                continue
            party = agreement.parties.select_related("signatory").get(organisation=organisation)
            services.signoff_record_outside(
                agreement=agreement,
                organisation=organisation,
                actor=officer,
                version_number=_latest(agreement).number,
                signatory_name=party.signatory.full_name
                if party.signatory
                else "Caldicott Guardian",
                capacity="caldicott",
                decision="approve",
                signed_on=timezone.localdate() - timedelta(days=20),
                evidence="Signed on paper at the Trust's Information Governance Group, minutes item 4; scanned copy filed with the board papers.",
            )
    elif scenario == "declined_then_revised":
        nhs = next(o for o in parties if o.kind == "nhs_body")
        _sign(
            agreement,
            nhs,
            "decline",
            "Person-level A&E attendance data is not needed for a needs assessment: aggregated "
            "figures by neighbourhood would meet the duty with far less risk.",
        )
        services.agreement_start_revision(agreement=agreement, actor=officer)
        section = Section.objects.get(agreement=agreement, key="data-items")
        services.section_save(
            section=section,
            body=(
                "| Data item | Why it is needed |\n|---|---|\n"
                "| A&E attendances for assault, aggregated by neighbourhood and month | To see where violence is concentrated |\n"
                "| Police recorded violent crime, de-personalised, by neighbourhood | To see patterns over time |"
            ),
            base_revision=section.revision,
            actor=officer,
        )
        services.version_issue(
            agreement=agreement,
            actor=officer,
            note="Aggregated hospital figures only, after NHS Greater Manchester declined version 1.",
        )
        record_views(agreement, _latest(agreement))
        services.agreement_request_signoff(agreement=agreement, actor=officer)
        police = next(o for o in parties if o.kind == "police")
        _sign(agreement, police)
