"""The Slack adapter, built on slack-bolt's ``AsyncApp``.

- ``settings``   ``SlackSettings`` and ``load_settings(env)``
- ``convert``    Slack payloads -> ``Incoming`` (pure)
- ``render``     ``Reply`` -> Block Kit messages within Slack's limits (pure)
- ``roles``      moderator/owner from user IDs, a user group or workspace admins
- ``app``        the Bolt app and its listeners
- ``publisher``  ``SlackPublisher(publishing_client(token, base_url))`` for scheduled posts
- ``runtime``    ``serve``: Socket Mode or HTTP until cancelled
"""

from adapters.slack_.app import make_client
from adapters.slack_.publisher import SlackPublisher, publishing_client
from adapters.slack_.runtime import SlackRuntime, serve
from adapters.slack_.settings import SlackSettings, load_settings

__all__ = [
    "SlackPublisher",
    "SlackRuntime",
    "SlackSettings",
    "load_settings",
    "make_client",
    "publishing_client",
    "serve",
]
