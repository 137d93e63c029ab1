"""A full JSON export imported into an empty store is a restore: numbers, versions,
stamps and the whole history kept, so exporting again gives the same file, byte for
byte; into a store that holds anything it is an ordinary import; a history that does
not fit its events is refused and nothing is written."""

from __future__ import annotations

import asyncio
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from adapters.cli import main
from adapters.transfer_service import StoreTransfers
from bot.errors import UserError
from bot.messages import FileIn
from bot.model import Event, EventDate, Status
from storage import SqliteEventStore, open_store
from storage.db_check import check
from tests.adapters.test_cli import dateline

NOW = datetime(2024, 5, 1, 12, tzinfo=UTC)
#: Edits, a source, a retraction, a merge and an undo on the sample timeline.
ASKS = ("edit 1 | title=Edited title",
        "cite 2 | Gazette | A story | https://news.example/s | 2020-02-02",
        "delete 3 confirm", "merge 4 5", "edit 6 | summary=Changed", "undo 12")


@pytest.fixture(autouse=True)
def no_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith("DATELINE_")]:
        monkeypatch.delenv(name)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full JSON export of a used store."""
    folder = tmp_path_factory.mktemp("used")
    for ask in ASKS:
        done = dateline("ask", "--role", "moderator", ask, db=folder / "used.db")
        assert done.returncode == 0, done.stderr
    assert main(["export", "--format", "json", "--db", str(folder / "used.db"),
                 "-o", str(folder / "used.json")]) == 0
    return folder / "used.json"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def into_empty(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, file: Path,
    db: Path, *more: str,
) -> tuple[int, str, str]:
    monkeypatch.setenv("DATELINE_SAMPLE", "0")
    return run(capsys, "import", str(file), "--db", str(db), *more)


def with_store(path: Path, use: Any) -> Any:
    async def go() -> Any:
        store = await SqliteEventStore.open(path)
        try:
            return await use(store)
        finally:
            await store.close()

    return asyncio.run(go())


def test_the_export_carries_the_whole_history(exported: Path) -> None:
    document = json.loads(exported.read_text("utf-8"))
    history = document["history"]
    assert [entry["id"] for entry in history] == list(range(1, 14))
    assert history[10]["action"] == "merge" and history[10]["operation"] == 10
    assert history[10]["state_after"]["stored"]["merged_into"] == 4
    assert document["events"][0]["stored"]["history"] in ([1, 7], [6, 12, 13])


def test_restored_and_exported_again_it_is_the_same_file(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, err = into_empty(capsys, monkeypatch, exported, tmp_path / "e.db")
    assert (code, err) == (0, "")
    assert out == ("Restored 6 events with their 13 history entries, numbers and stamps "
                   "kept; the store was empty.\n")
    again = tmp_path / "again.json"
    assert run(capsys, "export", "--format", "json", "--db", str(tmp_path / "e.db"),
               "-o", str(again))[0] == 0
    assert again.read_bytes() == exported.read_bytes()
    assert check(tmp_path / "e.db").problems == ()


def test_a_dry_run_says_it_would_restore_and_writes_nothing(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, _ = into_empty(capsys, monkeypatch, exported, tmp_path / "e.db", "--dry-run")
    assert code == 0 and out.startswith("Dry run: would restore 6 events with their 13")
    assert with_store(tmp_path / "e.db", lambda store: store.is_empty()) is True


def test_after_a_restore_numbers_go_on_and_restored_entries_undo(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = tmp_path / "e.db"
    into_empty(capsys, monkeypatch, exported, db)
    undone = dateline("ask", "--role", "moderator", "undo 11", db=db)
    assert undone.returncode == 0 and "Undid entry #11" in undone.stdout

    async def add(store: SqliteEventStore) -> tuple[Event, int | None, Event | None]:
        added = await store.add(Event(EventDate.parse("2024-01-01"), "New"), "test:u1", NOW)
        return added, (await store.log_after(0, 100))[-1].id, await store.get(5)

    added, entry, unmerged = with_store(db, add)
    assert added.id == 7 and entry == 16  # after 6 events and 13 + 2 (the undo) entries
    assert unmerged is not None and unmerged.merged_into is None


def test_into_a_store_that_is_not_empty_it_is_an_ordinary_import(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = tmp_path / "e.db"

    async def one(store: SqliteEventStore) -> Event:
        return await store.add(Event(EventDate.parse("1999-01-01"), "Other"), "test:u1", NOW)

    asyncio.run(_closed(open_store(db, sample=False, now=NOW)))
    with_store(db, one)
    code, out, _ = run(capsys, "import", str(exported), "--db", str(db))
    assert code == 0 and out.startswith(f"Imported 6 events from {exported} (json)")
    events = with_store(db, lambda store: store.in_period(
        EventDate.parse("1000").start, EventDate.parse("3000").start, tuple(Status), limit=50))
    assert sorted(e.id for e in events if e.title != "Other") == [2, 3, 4, 5, 6, 7]


async def _closed(opening: Any) -> None:
    await (await opening).close()


def _broken(exported: Path, tmp_path: Path, change: Any) -> Path:
    document = json.loads(exported.read_text("utf-8"))
    change(document)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "said"), [
    (lambda d: d["history"][8].update(event_id=99),
     "history entry 9 is about event 99, which is not in the file"),
    (lambda d: d["history"][8].update(id=8), "two history entries have the number 8"),
    (lambda d: d["events"][1]["stored"].update(id=d["events"][0]["stored"]["id"]),
     "two events have the number"),
])
def test_a_history_that_does_not_fit_is_refused_and_nothing_written(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, change: Any, said: str,
) -> None:
    broken = _broken(exported, tmp_path, change)
    code, out, err = into_empty(capsys, monkeypatch, broken, tmp_path / "e.db")
    assert code == 3 and out == "" and said in err and "nothing was imported" in err
    assert not (tmp_path / "e.db").exists()


def test_a_file_without_history_imports_as_before(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old = _broken(exported, tmp_path, lambda d: d.pop("history"))
    code, out, _ = into_empty(capsys, monkeypatch, old, tmp_path / "e.db")
    assert code == 0 and out.startswith(f"Imported 6 events from {old} (json)")
    log = with_store(tmp_path / "e.db", lambda store: store.changes(None, 50))
    assert {entry.action for entry in log} == {"import"} and len(log) == 6


def test_the_store_refuses_a_restore_once_it_holds_anything(tmp_path: Path) -> None:
    async def go() -> int:
        store = await open_store(tmp_path / "e.db", sample=True, now=NOW)
        try:
            with pytest.raises(UserError, match="the store is not empty"):
                await store.restore([], [])
            return await store.count_changes()
        finally:
            await store.close()

    assert asyncio.run(go()) == 6


def test_a_file_sent_in_chat_restores_an_empty_store(exported: Path, tmp_path: Path) -> None:
    sent = FileIn("used.json", exported.read_bytes())

    async def go() -> tuple[str, bytes]:
        store = await open_store(tmp_path / "e.db", sample=False, now=NOW)
        try:
            transfers = StoreTransfers(store)
            done = await transfers.import_file(
                sent, None, skip_bad=False,
                dry_run=False, actor="test:u1", at=NOW)
            return done.summary, (await transfers.export("json")).content
        finally:
            await store.close()

    summary, content = asyncio.run(go())
    assert summary.startswith("Restored 6 events with their 13 history entries")
    assert content == exported.read_bytes()
