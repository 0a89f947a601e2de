"""Demo agreements in every state of their life, with their trade-offs, perspectives and
sign-offs, made through the same services people use. Called by `seed_demo`."""

from .agreements import INVITED_NAME, invited_email, seed

__all__ = ["INVITED_NAME", "invited_email", "seed"]
