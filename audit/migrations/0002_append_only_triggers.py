"""Make audit_event append-only in the database itself.

PostgreSQL: row triggers refuse UPDATE and DELETE, a statement trigger refuses TRUNCATE,
and all are ENABLE ALWAYS, so they fire even for sessions with
session_replication_role = replica. There is no setting that switches them off; only the
table's owner can disable them, which is why production runs the application as a role
that does not own the table (README, "The audit ledger").

SQLite: equivalent triggers for UPDATE and DELETE (SQLite has no TRUNCATE).
"""

from django.db import migrations

POSTGRES_INSTALL = """
CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_append_only_rows
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_append_only_truncate
    BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
ALTER TABLE audit_event ENABLE ALWAYS TRIGGER audit_event_append_only_rows;
ALTER TABLE audit_event ENABLE ALWAYS TRIGGER audit_event_append_only_truncate;
"""

POSTGRES_REMOVE = """
DROP TRIGGER IF EXISTS audit_event_append_only_rows ON audit_event;
DROP TRIGGER IF EXISTS audit_event_append_only_truncate ON audit_event;
DROP FUNCTION IF EXISTS audit_event_refuse_change();
"""

SQLITE_INSTALL = [
    """CREATE TRIGGER audit_event_append_only_update BEFORE UPDATE ON audit_event
       BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER audit_event_append_only_delete BEFORE DELETE ON audit_event
       BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: DELETE refused'); END""",
]

SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_event_append_only_update",
    "DROP TRIGGER IF EXISTS audit_event_append_only_delete",
]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # No parameters, so the "%" placeholders in RAISE are left for PL/pgSQL.
        schema_editor.execute(POSTGRES_INSTALL, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_INSTALL:
            schema_editor.execute(statement)
    else:
        raise RuntimeError(f"No append-only triggers for the {vendor} database")


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_REMOVE, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_REMOVE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
