"""The committed migrations describe the tables as the code declares them."""

from __future__ import annotations

from itertools import chain

from piccolo.apps.migrations.commands.new import AutoMigrationManager
from piccolo.conf.apps import Finder


async def test_the_tables_need_no_migration_beyond_the_committed_ones():
    """A column changed in a ``tables.py`` without its migration is caught here: the changes
    ``piccolo migrations new judging --auto`` would write are none."""
    app_config = Finder().get_app_config("judging")
    alterations = await AutoMigrationManager(auto_input="y").get_alter_statements(
        app_config=app_config
    )
    assert list(chain.from_iterable(found.statements for found in alterations)) == []
