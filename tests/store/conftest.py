from tests.orders.shop_fixtures import (
    catalog,
    engine,
    pg_schema,
    pg_url,
    shop_template,
    sqlite_url,
)

__all__ = ["catalog", "engine", "pg_schema", "pg_url", "shop_template", "sqlite_url"]
