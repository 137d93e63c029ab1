"""Web addresses as a chat message may link them: http(s) only, the host in ASCII
(IDNA), and every character a URI may not hold literally percent-encoded, so the
address names the same resource and stays one token. Each platform's markup adds
its own rules on top (Discord's parentheses, Slack's "|" and length)."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

# Every character RFC 3986 allows in a URI (reserved, unreserved and the "%" of
# an existing escape). ``quote`` leaves these alone and percent-encodes only
# characters that may not appear in a URI at all (space, "<>\"{}|\\^`",
# controls, non-ASCII), which a browser would percent-encode the same way.
URI_CHARS = "!#$%&'()*+,-./:;=?@[]_~"


def _ascii_netloc(netloc: str, hostname: str | None) -> str | None:
    """The host in IDNA form when that is all the netloc holds, else None."""
    if netloc.isascii():
        return netloc
    if not hostname or netloc.lower() != hostname:
        return None  # user info or a port beside a non-ASCII host: too odd to link
    try:
        return hostname.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def web_address(url: str | None) -> str | None:
    """``url`` as an http(s) address safe to link, or None if it is not one."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    netloc = _ascii_netloc(parts.netloc, parts.hostname)
    if netloc is None or quote(netloc, safe=URI_CHARS) != netloc:
        return None  # no host name holds a space, "<", "|" and the like
    if netloc != parts.netloc:
        url = parts._replace(netloc=netloc).geturl()
    return quote(url, safe=URI_CHARS)
