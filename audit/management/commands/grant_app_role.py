"""Give the role the service runs as what it needs and no more. Run it as the tables'
owner after every `migrate` (docker-compose.yml's migrate job does): read and write on
every table and sequence, but on the ledger only read and append."""

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections, transaction

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_$]{0,62}$")


class Command(BaseCommand):
    help = (
        "Grant a database role the privileges the web, worker and beat processes need, "
        "with read and append only on the audit ledger. Run as the owner after migrate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="the role the service connects as")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        role_name: str = options["role"]
        if not ROLE_NAME.match(role_name):
            raise CommandError(f"{role_name!r} is not a plain role name.")
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            raise CommandError("Roles and grants need PostgreSQL.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role_name])
            if cursor.fetchone() is None:
                raise CommandError(f"There is no role {role_name}; create it first (README).")
            cursor.execute(
                "SELECT pg_has_role(%s, tableowner, 'MEMBER') FROM pg_tables "
                "WHERE schemaname = current_schema() AND tablename = 'audit_event'",
                [role_name],
            )
            owns = cursor.fetchone()
        if owns is None:
            raise CommandError("There is no audit_event table yet: run migrate first.")
        if owns[0]:
            raise CommandError(
                f"{role_name} owns the ledger (or is a member of its owner), so it could "
                "switch its protections off. Run the service as a role that does not."
            )
        role = connection.ops.quote_name(role_name)
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
            cursor.execute(
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
            )
            cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
            cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM {role}")
        self.stdout.write(
            f"{role_name} may read and write every table, and only read and append the ledger."
        )
