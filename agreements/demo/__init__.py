"""Demo agreements in every state of their life, with their trade-offs, perspectives and
sign-offs, made through the same services people use. Called by `seed_demo`."""

from typing import TextIO

from . import agreements, documents
from .agreements import INVITED_NAME, invited_email


def seed(*, stdout: TextIO, published_admin_password: bool = True) -> None:
    agreements.seed(stdout=stdout, published_admin_password=published_admin_password)
    documents.seed(stdout=stdout)


__all__ = ["INVITED_NAME", "invited_email", "seed"]
