"""What the ledger keeps of lawful-basis notes and invitations, and two officers
inviting the same new person at once."""

import threading
from typing import Any

import pytest
from django.db import connection, connections

from agreements import services
from audit.models import Event
from partners import services as partner_services
from partners.models import OrganisationKind, Role, User
from tests.agreements.factories import complete, draft
from tests.partners.factories import AreaFactory, OrganisationFactory, member_of


@pytest.fixture
def officer(db: Any) -> User:
    area = AreaFactory(slug="sheffield", name="Sheffield")
    OrganisationFactory(area=area, kind=OrganisationKind.LOCAL_AUTHORITY)
    return member_of(area, Role.OFFICER, email="ben@example.org")


def test_a_changed_lawful_basis_note_is_in_the_ledger(officer: User) -> None:
    agreement = complete(draft(area=officer.memberships.get().area, officer=officer), officer)
    basis = agreement.category_bases.order_by("pk").first()
    assert basis is not None
    services.category_basis_save(
        agreement=agreement,
        data_category=basis.data_category,
        basis=basis,
        law_enforcement=basis.law_enforcement,
        public_task=basis.public_task,
        art6=basis.art6,
        art9=basis.art9,
        art10=basis.art10,
        schedule1=list(basis.schedule1.all()),
        part3=basis.part3,
        schedule8=list(basis.schedule8.all()),
        common_law=basis.common_law,
        annex1=list(basis.annex1.all()),
        official_authority=basis.official_authority,
        policy_document=basis.policy_document,
        party=basis.party,
        recipient=basis.recipient,
        note="  Consent is not relied on: people in crisis cannot freely give it.  ",
        actor=officer,
    )
    event = Event.objects.filter(verb="lawful_basis.saved").order_by("-seq").first()
    assert event is not None
    assert event.data["note"] == (
        "Consent is not relied on: people in crisis cannot freely give it."
    )


def test_an_invitations_message_is_in_the_ledger(officer: User) -> None:
    agreement = draft(area=officer.memberships.get().area, officer=officer)
    services.invitation_add(
        agreement=agreement,
        email="expert@example.org",
        full_name="Dr Expert",
        note="Your view on discharge from hospital",
        actor=officer,
    )
    event = Event.objects.get(verb="reviewer.invited")
    assert event.data["note"] == "Your view on discharge from hospital"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (CI runs it)")
@pytest.mark.django_db(transaction=True)
def test_the_same_new_person_invited_twice_at_once_is_one_account_and_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    area = AreaFactory(slug="sheffield", name="Sheffield")
    OrganisationFactory(area=area, kind=OrganisationKind.LOCAL_AUTHORITY)
    officers = [member_of(area, Role.OFFICER, email=f"o{n}@example.org") for n in range(2)]
    agreement = draft(area=area, officer=officers[0])
    # Both officers get past "is there an account?" before either creates it.
    both_looked = threading.Barrier(2, timeout=30)
    create = partner_services.user_create

    def create_after_both_looked(**kwargs: Any) -> User:
        both_looked.wait()
        return create(**kwargs)

    monkeypatch.setattr(partner_services, "user_create", create_after_both_looked)
    outcomes: list[str] = []

    def invite(officer: User) -> None:
        try:
            services.invitation_add(
                agreement=agreement,
                email="expert@example.org",
                full_name="Dr Expert",
                actor=officer,
            )
            outcomes.append("invited")
        except services.AgreementError as error:
            outcomes.append(str(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=invite, args=(o,)) for o in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == sorted(["invited", services.invitations.JUST_INVITED])
    assert User.objects.filter(email="expert@example.org").count() == 1
