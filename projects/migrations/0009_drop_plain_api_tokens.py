"""Drop the plain-text keys of DRF's authtoken app, which the API no longer reads.

API tokens are django-rest-knox's now, stored as digests. Without this, the
removed app's table would stay behind, keys in clear, in the database and in
every backup; its keys stopped working with the switch, so editors are issued
new tokens (manage.py create_api_token). The app's migration records and content
types go too, so that installing it again would create its table afresh.
"""

from django.db import migrations
from django.db.migrations.recorder import MigrationRecorder

TABLE = "authtoken_token"


def drop_plain_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if TABLE in connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(TABLE)}")
    MigrationRecorder(connection).migration_qs.filter(app="authtoken").delete()
    content_types = apps.get_model("contenttypes", "ContentType").objects
    # Their permissions go with them.
    content_types.using(connection.alias).filter(app_label="authtoken").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0008_project_search_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # The keys are gone for good: going back leaves nothing to restore.
    operations = [migrations.RunPython(drop_plain_tokens, migrations.RunPython.noop)]
