"""A version is what reviewers read and signatories sign: the database refuses to
change one (UPDATE), on PostgreSQL even in replica mode. Versions are never deleted
either; the model's PROTECT relations stop that at the application level."""

from django.db import migrations

POSTGRES = """
CREATE OR REPLACE FUNCTION agreements_version_refuse_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'agreement versions never change: UPDATE refused'
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER agreements_version_never_changes
    BEFORE UPDATE ON agreements_version
    FOR EACH ROW EXECUTE FUNCTION agreements_version_refuse_update();
ALTER TABLE agreements_version ENABLE ALWAYS TRIGGER agreements_version_never_changes;
"""

SQLITE = """CREATE TRIGGER agreements_version_never_changes BEFORE UPDATE ON agreements_version
BEGIN SELECT RAISE(ABORT, 'agreement versions never change: UPDATE refused'); END"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES, params=None)
    else:
        schema_editor.execute(SQLITE, params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS agreements_version_never_changes ON agreements_version;"
            "DROP FUNCTION IF EXISTS agreements_version_refuse_update();",
            params=None,
        )
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS agreements_version_never_changes", params=None)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
