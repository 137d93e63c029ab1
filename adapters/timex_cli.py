"""``dateline timex``: run the temporal tagger over a file or a stream of JSON lines.

    dateline timex --dct 2020-01-12 FILE          one expression per line:
                                                  text<TAB>type<TAB>value
    dateline timex --dct 2020-01-12 --json FILE   a JSON list of
                                                  {"start","end","text","type","value"}
    dateline timex --lines < in.jsonl             per input line {"text": ..., "dct": ...}
                                                  one output line: a JSON list of
                                                  {"start","end","value","type"}

``--day-first`` reads numeric dates as day/month/year. Offsets are Python string
indices into the text. A value the tagger cannot anchor (no DCT) is printed as "-" in
the tab-separated form and as null in JSON.

Errors: a missing or unreadable file, text that is not UTF-8 or a malformed DCT is
reported on stderr and the exit code is 2. In ``--lines`` mode a bad input line (not
JSON, not an object, no string "text", a malformed "dct") is reported on stderr with
its line number, the output gets the line ``{"error": "..."}`` in its place so that
output line N still answers input line N, the remaining lines are processed, and the
exit code at the end is 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from bot.temporal import Timex, tag

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class _UsageError(Exception):
    """argparse wants to exit; we want a return code and our own streams."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, stdout: TextIO, stderr: TextIO) -> None:
        super().__init__(prog="dateline timex", description="Find and normalise dates.")
        self._stdout = stdout
        self._stderr = stderr

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            (self._stderr if file is sys.stderr else self._stdout).write(message)

    def error(self, message: str) -> Any:  # argparse's signature is NoReturn-typed
        self.print_usage(self._stderr)
        self._stderr.write(f"dateline timex: error: {message}\n")
        raise _UsageError(message)

    def exit(self, status: int = 0, message: str | None = None) -> Any:
        if message:
            self._stderr.write(message)
        raise _UsageError(str(status))


def _build_parser(stdout: TextIO, stderr: TextIO) -> _Parser:
    parser = _Parser(stdout, stderr)
    parser.add_argument("file", nargs="?", help="UTF-8 text file to tag")
    parser.add_argument("--dct", help="document creation time, YYYY-MM-DD")
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    parser.add_argument("--lines", action="store_true",
                        help='read JSON lines {"text": ..., "dct": ...} from stdin')
    parser.add_argument("--day-first", action="store_true",
                        help="read 3/4/2020 as 3 April (default: March 4)")
    return parser


def parse_dct(raw: str | None) -> dt.date | None:
    """The DCT from "YYYY-MM-DD", None when absent; ValueError with a message if bad."""
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(f"bad DCT {raw!r}: expected a date as YYYY-MM-DD") from None


def _read_text(path: str) -> str:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ValueError(f"{path}: is a directory") from None
    except OSError as err:
        raise ValueError(f"{path}: cannot read ({err.strerror})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(f"{path}: not UTF-8 text (bad byte at offset {err.start})") from None


def _as_dict(t: Timex, *, with_text: bool) -> dict[str, object]:
    out: dict[str, object] = {"start": t.start, "end": t.end}
    if with_text:
        out["text"] = t.text
    out["type"] = t.type
    out["value"] = t.value
    return out


def _run_file(args: argparse.Namespace, stdout: TextIO) -> None:
    if args.file is None:
        raise ValueError("give a FILE to tag, or --lines to read JSON lines from stdin")
    dct = parse_dct(args.dct)
    text = _read_text(args.file)
    found = tag(text, dct, day_first=args.day_first)
    if args.json:
        stdout.write(json.dumps([_as_dict(t, with_text=True) for t in found],
                                ensure_ascii=False) + "\n")
        return
    for t in found:
        flat = " ".join(t.text.split())
        stdout.write(f"{flat}\t{t.type}\t{t.value if t.value is not None else '-'}\n")


def _tag_line(line: str, day_first: bool) -> list[dict[str, object]]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise ValueError(f"not JSON ({err.msg})") from None
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError('missing string field "text"')
    raw_dct = record.get("dct")
    if raw_dct is not None and not isinstance(raw_dct, str):
        raise ValueError('"dct" must be a string YYYY-MM-DD or null')
    dct = parse_dct(raw_dct)
    return [_as_dict(t, with_text=False) for t in tag(text, dct, day_first=day_first)]


def _run_lines(args: argparse.Namespace, stdin: TextIO, stdout: TextIO,
               stderr: TextIO) -> int:
    status = EXIT_OK
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        try:
            result: object = _tag_line(line, args.day_first)
        except ValueError as err:
            stderr.write(f"dateline timex: line {number}: {err}\n")
            result = {"error": str(err), "line": number}
            status = EXIT_BAD_INPUT
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return status


def main(argv: list[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Entry point for ``dateline timex``; ``argv`` excludes the word "timex"."""
    try:
        args = _build_parser(stdout, stderr).parse_args(argv)
    except _UsageError as err:
        return EXIT_OK if str(err) == "0" else EXIT_BAD_INPUT
    try:
        if args.lines:
            return _run_lines(args, stdin, stdout, stderr)
        _run_file(args, stdout)
    except ValueError as err:
        stderr.write(f"dateline timex: {err}\n")
        return EXIT_BAD_INPUT
    return EXIT_OK
