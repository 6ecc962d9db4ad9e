"""GIN indexes for the public search on PostgreSQL: one per searched table and text search
configuration, on exactly the vector that goals.querysets.search_vector() builds.

They exist on PostgreSQL only, and only in the database: SQLite has no text search (its search is a
plain match), and an index in the models' state would be created again by every SQLite table
rebuild. Why this shape: docs/design.md, "Search".
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CONFIGS = ["english", "spanish", "simple"]
SEARCHED = [  # model, index name prefix, title field, body fields
    ("plan", "plan", "title", ["introduction"]),
    ("goal", "goal", "title", ["rationale"]),
    ("objective", "objective", "statement", ["description"]),
    ("evidence", "evidence", "title", ["summary"]),
    ("checkin", "checkin", "note", []),
]


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """AddIndex on PostgreSQL, nothing elsewhere; the models' state is left as it was."""

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(to_state.apps.get_model(app_label, self.model_name), self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(from_state.apps.get_model(app_label, self.model_name), self.index)

    def describe(self):
        return f"Create index {self.index.name} on {self.model_name} (PostgreSQL only)"


def vector(title, body, config):
    expression = SearchVector(title, weight="A", config=config)
    for field in body:
        expression = expression + SearchVector(field, weight="B", config=config)
    return expression


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0015_notification_language"),
    ]

    operations = [
        AddIndexOnPostgreSQL(
            model_name=model,
            index=GinIndex(vector(title, body, config), name=f"{prefix}_search_{config}"),
        )
        for model, prefix, title, body in SEARCHED
        for config in CONFIGS
    ]
