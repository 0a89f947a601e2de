"""Reference data and guards for the trade-off and sign-off:

- the assessment questions (agreements/data/assessment_questions.json);
- an empty assessment for every agreement drafted before assessments existed;
- comments' stakeholder groups in the one vocabulary (partners.models.StakeholderGroup);
- sign-offs that the database never lets anyone change or delete, except to mark a
  pending one superseded (once);
- on SQLite, the guard on versions again: adding a column there rebuilds the table,
  which drops its triggers.
"""

from django.db import migrations

from agreements.reference import load_assessment_questions
from partners.models import group_for_kinds

SIGNOFF_POSTGRES = """
CREATE OR REPLACE FUNCTION agreements_signoff_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'sign-offs are never deleted'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.superseded_at IS NOT NULL
       OR NEW.superseded_at IS NULL
       OR (to_jsonb(NEW) - 'superseded_at' - 'superseded_reason')
          IS DISTINCT FROM (to_jsonb(OLD) - 'superseded_at' - 'superseded_reason') THEN
        RAISE EXCEPTION 'sign-offs never change, except to be marked superseded once'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER agreements_signoff_guard
    BEFORE UPDATE OR DELETE ON agreements_signoff
    FOR EACH ROW EXECUTE FUNCTION agreements_signoff_guard();
ALTER TABLE agreements_signoff ENABLE ALWAYS TRIGGER agreements_signoff_guard;
"""

# Every column but the two a supersession sets.
SIGNOFF_COLUMNS = (
    "id, agreement_id, version_id, organisation_id, organisation_name, signatory_id, "
    "signatory_name, capacity, capacity_other, decision, conditions, balance_accepted, "
    "version_sha256, assessment_sha256, method, evidence, signed_on, recorded_by_id, "
    "recorded_at"
)
SIGNOFF_SQLITE = [
    "CREATE TRIGGER agreements_signoff_no_delete BEFORE DELETE ON agreements_signoff "
    "BEGIN SELECT RAISE(ABORT, 'sign-offs are never deleted'); END",
    f"CREATE TRIGGER agreements_signoff_no_change BEFORE UPDATE OF {SIGNOFF_COLUMNS} "
    "ON agreements_signoff "
    "BEGIN SELECT RAISE(ABORT, 'sign-offs never change, except to be marked superseded once'); END",
    "CREATE TRIGGER agreements_signoff_supersede_once BEFORE UPDATE ON agreements_signoff "
    "WHEN OLD.superseded_at IS NOT NULL OR NEW.superseded_at IS NULL "
    "BEGIN SELECT RAISE(ABORT, 'sign-offs never change, except to be marked superseded once'); END",
]
VERSION_SQLITE = (
    "CREATE TRIGGER IF NOT EXISTS agreements_version_never_changes BEFORE UPDATE ON "
    "agreements_version BEGIN SELECT RAISE(ABORT, 'agreement versions never change: "
    "UPDATE refused'); END"
)


def install_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SIGNOFF_POSTGRES, params=None)
    else:
        for statement in SIGNOFF_SQLITE:
            schema_editor.execute(statement, params=None)
        schema_editor.execute(VERSION_SQLITE, params=None)


def remove_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS agreements_signoff_guard ON agreements_signoff;"
            "DROP FUNCTION IF EXISTS agreements_signoff_guard();",
            params=None,
        )
    else:
        for name in (
            "agreements_signoff_no_delete",
            "agreements_signoff_no_change",
            "agreements_signoff_supersede_once",
        ):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", params=None)


def questions(apps, schema_editor):
    load_assessment_questions(apps)


def assessments_for_existing_agreements(apps, schema_editor):
    agreement = apps.get_model("agreements", "Agreement")
    assessment = apps.get_model("agreements", "Assessment")
    have = set(assessment.objects.values_list("agreement_id", flat=True))
    assessment.objects.bulk_create(
        assessment(agreement_id=pk)
        for pk in agreement.objects.values_list("pk", flat=True)
        if pk not in have
    )


def comment_groups(apps, schema_editor):
    comment = apps.get_model("agreements", "Comment")
    membership = apps.get_model("partners", "Membership")
    for row in comment.objects.select_related("agreement").only(
        "pk", "author_id", "agreement__area_id"
    ):
        kinds = list(
            membership.objects.filter(user_id=row.author_id).values_list(
                "organisation__area_id", "organisation__kind"
            )
        )
        here = [kind for area_id, kind in kinds if area_id == row.agreement.area_id]
        group = group_for_kinds(here or [kind for _, kind in kinds])
        comment.objects.filter(pk=row.pk).update(author_group=group.value)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0004_assessment_perspectives_signoff"),
        ("partners", "0004_notification_withheld"),
    ]

    operations = [
        migrations.RunPython(questions, migrations.RunPython.noop),
        migrations.RunPython(assessments_for_existing_agreements, migrations.RunPython.noop),
        migrations.RunPython(comment_groups, migrations.RunPython.noop),
        migrations.RunPython(install_guards, remove_guards),
    ]
