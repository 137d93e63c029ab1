"""``DATELINE_DB`` names a SQLite file or a PostgreSQL server; the pool's bounds are
checked like every setting; and an address is never shown with its password."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.settings import Problems
from adapters.store_location import load_store_location, redact


@pytest.mark.parametrize(
    ("value", "is_postgres"),
    [
        ("postgresql://dateline@db.internal/dateline", True),
        ("POSTGRES://dateline@db/x", True),
        ("/srv/dateline/dateline.sqlite3", False),
        ("", False),
    ],
)
def test_the_setting_chooses_the_engine(value: str, is_postgres: bool) -> None:
    problems = Problems()
    location = load_store_location({"DATELINE_DB": value, "HOME": "/home/desk"}, problems)
    assert not problems.found
    assert location.is_postgres is is_postgres
    if not is_postgres and value:
        assert location.path == Path(value)


def test_a_server_address_keeps_local_files_in_the_data_directory() -> None:
    location = load_store_location(
        {"DATELINE_DB": "postgresql://d@db/x", "XDG_DATA_HOME": "/data"}, Problems()
    )
    assert location.path == Path("/data/dateline/dateline.sqlite3")


@pytest.mark.parametrize("value", ["postgres:dateline", "mysql://db/x", "sqlite:///x.db"])
def test_an_address_of_another_kind_is_refused(value: str) -> None:
    problems = Problems()
    load_store_location({"DATELINE_DB": value}, problems)
    assert problems.found and "DATELINE_DB must be a file path" in problems.found[0]


@pytest.mark.parametrize(("name", "value"), [
    ("DATELINE_PG_POOL_MAX", "0"), ("DATELINE_PG_POOL_MAX", "1001"),
    ("DATELINE_PG_POOL_MAX", "ten"), ("DATELINE_PG_TIMEOUT", "-1"),
])
def test_pool_bounds_out_of_range_are_named(name: str, value: str) -> None:
    problems = Problems()
    load_store_location({name: value}, problems)
    assert problems.found == [f"{name} must be a whole number from "
                              f"{1} to {1000 if 'POOL' in name else 3600}, not “{value}”"]


def test_pool_bounds_are_read() -> None:
    env = {"DATELINE_DB": "postgresql://d@db/x", "DATELINE_PG_POOL_MAX": "25",
           "DATELINE_PG_TIMEOUT": "3"}
    location = load_store_location(env, Problems())
    assert (location.pool_max, location.timeout) == (25, 3.0)


def test_an_address_is_shown_without_its_password_or_query() -> None:
    url = "postgresql://newsroom:hunter2@db.internal:5432/dateline?sslpassword=x"
    assert redact(url) == "postgresql://newsroom@db.internal:5432/dateline"
    location = load_store_location({"DATELINE_DB": url}, Problems())
    assert "hunter2" not in location.describe()
