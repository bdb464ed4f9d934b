"""The fast start: the login list read with sqlite3, the schema checked without Alembic, the
catalog checked once per version, and the store opened in a second step. Each shortcut must
give exactly what the full path gives, and fall back to it whenever it cannot vouch."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlmodel import Session

from configurator.bootstrap import open_app, prepare_app
from configurator.catalog import loader
from configurator.catalog.diagnostics import CatalogError
from configurator.catalog_cache import CACHE_FILE, load_catalog_once_checked
from configurator.orders.people import list_users
from configurator.orders.staff import add_first_manager, add_user, set_active
from configurator.orders.users import actor_by_name
from configurator.paths import DATABASE_FILE, demo_catalog_path
from configurator.store import migrate
from configurator.store.database import make_engine, sqlite_file
from configurator.store.quick_read import (
    LoginUser,
    login_users,
    migrations_head,
    sqlite_path,
)
from tests.helpers.catalogs import MINI_CATALOG


@pytest.fixture(scope="module")
def staffed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated store without demo data, with four users (one inactive, one non-ASCII)."""
    root = tmp_path_factory.mktemp("quick") / "data"
    context = open_app(data_dir=root, seed_demo=False)
    try:
        engine = context.engine
        add_first_manager(engine, name="zoë", pin="9999", full_name="Zoë Ångström")
        with Session(engine) as session:
            manager = actor_by_name(session, "zoë")
        for name, role in (("anna", "clerk"), ("Werner", "workshop"), ("ben", "clerk")):
            add_user(engine, actor=manager, name=name, role=role, pin="1234", full_name="")
        set_active(engine, actor=manager, name="ben", active=False)
    finally:
        context.close()
    return root


@pytest.fixture
def store(staffed_store: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(staffed_store, target)
    return target


def _url(root: Path) -> str:
    return f"sqlite:///{root / DATABASE_FILE}"


def test_migrations_head_is_alembics_head() -> None:
    assert migrations_head() == migrate.head_revision()


def test_migrations_head_follows_down_revisions_and_refuses_branches(tmp_path: Path) -> None:
    def write(name: str, revision: str, down: str) -> None:
        (tmp_path / f"{name}.py").write_text(
            f'"""x"""\nrevision: str = "{revision}"\ndown_revision = {down}\n', encoding="utf-8"
        )

    write("a", "r1", "None")
    write("b", "r2", '"r1"')
    assert migrations_head(tmp_path) == "r2"
    write("c", "r3", '"r1"')  # a branch: two heads, Alembic has to decide
    assert migrations_head(tmp_path) is None
    write("d", "r4", '("r2", "r3")')  # a merge
    assert migrations_head(tmp_path) == "r4"
    assert migrations_head(tmp_path / "missing") is None


@pytest.mark.parametrize(
    "url",
    ["sqlite:///relative/store.sqlite3", "sqlite:////abs/store.sqlite3", "sqlite:///a b/x.db"],
)
def test_sqlite_path_reads_plain_urls_like_sqlalchemy(url: str) -> None:
    assert sqlite_path(url) == sqlite_file(url)


@pytest.mark.parametrize(
    "url",
    [
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:///store.db?timeout=5",
        "postgresql+psycopg://user:secret@host/db",
    ],
)
def test_sqlite_path_leaves_everything_else_to_the_full_path(url: str) -> None:
    assert sqlite_path(url) is None


def test_login_users_are_the_active_users_list_users_gives(store: Path) -> None:
    context = open_app(data_dir=store)
    try:
        expected = [LoginUser(u.name, u.full_name, str(u.role)) for u in list_users(context.engine)]
    finally:
        context.close()
    found = login_users(_url(store))
    assert found == expected
    assert [u.name for u in found] == ["Werner", "anna", "zoë"]  # by name, ben is inactive
    assert found[2].full_name == "Zoë Ångström"


def test_login_users_defer_to_the_full_path_when_they_cannot_vouch(
    store: Path, tmp_path: Path
) -> None:
    database = store / DATABASE_FILE
    assert login_users(f"sqlite:///{tmp_path / 'missing.sqlite3'}") is None
    assert login_users("postgresql+psycopg://user:secret@host/db") is None
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database" * 100)
    assert login_users(f"sqlite:///{garbage}") is None
    assert login_users(_url(store), head="9999") is None  # a newer schema than this version
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")  # needs an upgrade
    assert login_users(_url(store)) is None
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (migrations_head(),))
        conn.execute("DELETE FROM app_user")  # nobody to sign in: a store to seed
    assert login_users(_url(store)) is None


def test_prepare_app_does_not_open_the_store(store: Path) -> None:
    context = prepare_app(data_dir=store)
    try:
        assert not context.store_open
        assert context.database_label == str(store / DATABASE_FILE)
        assert not context.store_open
        assert [u.name for u in list_users(context.engine)] == ["Werner", "anna", "zoë"]
        assert context.store_open  # opened on first use
    finally:
        context.close()


def test_another_database_is_named_without_opening_it(tmp_path: Path) -> None:
    url = "postgresql+psycopg://clerk:secret@db.example:5432/shop"
    context = prepare_app(data_dir=tmp_path / "data", database_url=url)
    assert context.database_label == "postgresql+psycopg://clerk:***@db.example:5432/shop"
    assert not context.store_open  # the label is logged while the store is being opened


def test_a_store_at_the_newest_schema_opens_without_alembic(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("Alembic ran for a store at the newest schema")

    monkeypatch.setattr(migrate, "upgrade_to_head", refuse)
    open_app(data_dir=store).close()


def test_an_older_store_is_still_backed_up_and_upgraded(tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir()
    engine = make_engine(_url(root))
    migrate.upgrade_to(engine, "0001")
    engine.dispose()
    context = open_app(data_dir=root, seed_demo=False)
    try:
        with context.engine.connect() as conn:
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    finally:
        context.close()
    assert revision == migrate.head_revision()
    assert list((root / "backups").iterdir())


@pytest.fixture
def count_checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    checked: list[Path] = []
    full = loader.load_catalog

    def counting(path: Path) -> object:
        checked.append(path)
        return full(path)

    monkeypatch.setattr(loader, "load_catalog", counting)
    return checked


def test_a_catalog_version_is_checked_once_and_loads_identically(
    tmp_path: Path, count_checks: list[Path]
) -> None:
    source = tmp_path / "catalog.toml"
    source.write_bytes(b"\xef\xbb\xbf" + MINI_CATALOG.encode("utf-8"))  # with a BOM, too
    for path in (demo_catalog_path(), source):
        expected = loader.load_catalog(path)
        count_checks.clear()
        first = load_catalog_once_checked(path, tmp_path / "cache")
        second = load_catalog_once_checked(path, tmp_path / "cache")
        assert first == expected
        assert second == expected
        assert second.version_hash == expected.version_hash
        assert count_checks == [path]  # the second load skipped the full check
    source.write_text(MINI_CATALOG.replace("400.00", "410.00"), encoding="utf-8")
    count_checks.clear()
    edited = load_catalog_once_checked(source, tmp_path / "cache")
    assert count_checks == [source]  # a new version is checked again
    assert str(edited.base_price) == "410.00"


def test_a_broken_catalog_is_checked_and_reported_every_time(
    tmp_path: Path, count_checks: list[Path]
) -> None:
    source = tmp_path / "catalog.toml"
    source.write_text(MINI_CATALOG.replace('id = "m32"', 'id = "m16"'), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(CatalogError, match="m16"):
            load_catalog_once_checked(source, tmp_path / "cache")
    assert count_checks == [source, source]
    assert not (tmp_path / "cache" / CACHE_FILE).exists()


def test_an_unwritable_cache_only_costs_the_check(tmp_path: Path, count_checks: list[Path]) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    for _ in range(2):
        assert load_catalog_once_checked(demo_catalog_path(), blocked).groups
    assert len(count_checks) == 2
