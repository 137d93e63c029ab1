"""``python tests/adapters/run_dateline.py ARGS``: the real ``dateline`` command line,
with discord.py's REST and gateway addresses pointed at ``DATELINE_TEST_DISCORD``
(``http://127.0.0.1:PORT``) when it is set, so that a subprocess can talk to the
Discord stand-in. Slack needs no such help: ``SLACK_API_BASE_URL`` is a setting."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from adapters.cli import main

stand_in = os.environ.get("DATELINE_TEST_DISCORD")
if stand_in:
    Route.BASE = f"{stand_in}/api/v10"
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(stand_in.replace("http", "ws", 1) + "/")

raise SystemExit(main())
