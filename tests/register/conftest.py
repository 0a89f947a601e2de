from dataclasses import dataclass

import pytest

from agreements.models import Agreement
from partners.models import Area, Role, User
from tests.agreements.factories import published
from tests.partners.factories import AreaFactory, member_of


@dataclass
class OnRegister:
    area: Area
    officer: User
    agreement: Agreement


@pytest.fixture
def on_register(db: None) -> OnRegister:
    """An agreement signed and published, in Leeds, with its officer."""
    area = AreaFactory(name="Leeds", slug="leeds")
    officer = member_of(area, Role.OFFICER, email="officer@leeds.example.org")
    agreement = published(area=area, officer=officer, title="School attendance for early help")
    return OnRegister(area=area, officer=officer, agreement=agreement)
