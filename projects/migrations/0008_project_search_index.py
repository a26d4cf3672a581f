"""PostgreSQL: a GIN index on the projects' search vector (projects/selectors/search.py).

The index is on an expression the search builds, so it is made from that code,
and on PostgreSQL alone: SQLite has no full-text search to index. It is not
part of the model's state, so other databases and makemigrations never see it.
"""

from django.db import migrations


def _index():
    from projects.selectors.search import project_search_index

    return project_search_index()


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Indexing 100,000 projects takes longer than a request may.
        schema_editor.execute("SET LOCAL statement_timeout = 0")
        schema_editor.add_index(apps.get_model("projects", "Project"), _index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("projects", "Project"), _index())


class Migration(migrations.Migration):
    dependencies = [("projects", "0007_project_works_aliases")]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
