"""Piccolo's configuration: the engine named by JUDGING_DATABASE_URL and the judging app."""

from piccolo.conf.apps import AppRegistry

from judging.database import engine_for
from judging.settings import Settings

DB = engine_for(Settings.from_env().resolved_database_url)

APP_REGISTRY = AppRegistry(apps=["judging.piccolo_app"])
