"""Two people saving the same section at the same moment on PostgreSQL: one save wins,
the other is told about the conflict. Nothing is lost."""

import threading

import pytest
from django.db import connection, connections

from agreements import services
from agreements.models import Section
from partners.models import OrganisationKind, Role
from tests.agreements.factories import draft
from tests.partners.factories import AreaFactory, OrganisationFactory, member_of


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"
)
@pytest.mark.django_db(transaction=True)
def test_two_threads_saving_one_section_give_one_save_and_one_conflict() -> None:
    area = AreaFactory()
    OrganisationFactory(area=area, kind=OrganisationKind.LOCAL_AUTHORITY)
    people = [member_of(area, Role.OFFICER, full_name=name) for name in ("Ben", "Elaine")]
    agreement = draft(area=area, officer=people[0])
    section = Section.objects.get(agreement=agreement, key="purpose")
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(person_index: int) -> None:
        person = people[person_index]
        try:
            start.wait()
            services.section_save(
                section=Section.objects.get(pk=section.pk),
                body=f"{person.full_name}'s text",
                base_revision=section.revision,
                actor=person,
            )
            outcomes[person.full_name] = "saved"
        except services.SectionConflict as conflict:
            outcomes[person.full_name] = f"conflict with {conflict.current_body}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes.values())[1] == "saved", outcomes
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    loser = next(name for name in outcomes if name != winner)
    assert outcomes[loser] == f"conflict with {winner}'s text"
    final = Section.objects.get(pk=section.pk)
    assert final.body == f"{winner}'s text"
    assert final.revision == section.revision + 1
