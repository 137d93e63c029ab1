"""The event store: SQLite through aiosqlite, with numbered migrations and FTS5 search.

- ``sqlite_store``  ``SqliteEventStore``, the ``bot.ports.EventStore`` implementation
- ``queries``       the store's SQL, as constants (and the index each query uses)
- ``rows``          conversion between events and database rows
- ``event_writes``  writing events in a transaction, and finishing a first start atomically
- ``migrations``    applying ``storage/migrations/NNNN_name.sql`` in order
- ``fts``           escaping user text for FTS5 ``MATCH``
- ``sample``        the timeline JSON format and ``open_store`` (seeding new databases)
"""

from storage.sample import dump_timeline, open_store, read_timeline
from storage.sqlite_store import SqliteEventStore

__all__ = ["SqliteEventStore", "dump_timeline", "open_store", "read_timeline"]
