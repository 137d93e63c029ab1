"""The PostgreSQL store: the same ports as the SQLite store, on asyncpg.

Selected with ``DATELINE_DB=postgresql://…``; ``bot/`` does not know which engine it
has. ``database`` holds the bounded pool, ``migrations`` the numbered schema steps
whose version lives in the database.
"""
