"""Dateline's platform-neutral async core.

Nothing in this package imports a chat platform, the database driver, the
adapters or the storage layer; a test enforces it. Time always comes in as
an input (``Incoming.received_at`` or an injected ``Clock``).
"""
