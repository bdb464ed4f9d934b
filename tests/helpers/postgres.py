"""The PostgreSQL test server: its URL (or a skip saying how to set one), and schemas of its own.

CI sets CONFIGURATOR_TEST_PG_URL and CONFIGURATOR_REQUIRE_PG=1, so a missing server fails there
instead of skipping.
"""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from configurator.store.database import make_engine
from configurator.store.migrate import upgrade_to_head

PG_URL_ENV = "CONFIGURATOR_TEST_PG_URL"
PG_REQUIRED_ENV = "CONFIGURATOR_REQUIRE_PG"


def pg_url_or_skip() -> str:
    url = os.environ.get(PG_URL_ENV)
    if not url:
        if os.environ.get(PG_REQUIRED_ENV) == "1":
            pytest.fail(f"{PG_REQUIRED_ENV}=1 but {PG_URL_ENV} is not set")
        pytest.skip(f"no PostgreSQL server configured: set {PG_URL_ENV} to run this test")
    return url


def migrated_schema(schema: str) -> Engine:
    """An engine on a fresh, migrated schema of the test server (its own search_path), so test
    packages do not empty each other's tables."""
    url = pg_url_or_skip()
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    sep = "&" if "?" in url else "?"
    engine = make_engine(f"{url}{sep}options={quote(f'-csearch_path={schema}')}")
    upgrade_to_head(engine, backup_dir=None)
    return engine
