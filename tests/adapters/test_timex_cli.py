"""``dateline timex``: output formats and the exit codes for bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

from adapters.timex_cli import main

ARTICLE = "On 3 January the strike happened. In October a general spoke. It lasted two years."


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, io.StringIO(stdin), out, err)
    return code, out.getvalue(), err.getvalue()


def article(tmp_path: Path, data: bytes | None = None) -> str:
    path = tmp_path / "article.txt"
    path.write_bytes(data if data is not None else ARTICLE.encode("utf-8"))
    return str(path)


def test_tab_separated(tmp_path: Path) -> None:
    code, out, err = run(["--dct", "2020-01-12", article(tmp_path)])
    assert code == 0, err
    assert out.splitlines() == [
        "3 January\tDATE\t2020-01-03",
        "October\tDATE\t2019-10",
        "two years\tDURATION\tP2Y",
    ]


def test_json(tmp_path: Path) -> None:
    code, out, _ = run(["--dct", "2020-01-12", "--json", article(tmp_path)])
    assert code == 0
    items = json.loads(out)
    assert items[0] == {
        "start": 3,
        "end": 12,
        "text": "3 January",
        "type": "DATE",
        "value": "2020-01-03",
    }
    for item in items:
        assert ARTICLE[item["start"] : item["end"]] == item["text"]


def test_without_dct_values_needing_an_anchor_are_unresolved(tmp_path: Path) -> None:
    code, out, _ = run(["--json", article(tmp_path)])
    assert code == 0
    values = {item["text"]: item["value"] for item in json.loads(out)}
    assert values == {"3 January": None, "October": None, "two years": "P2Y"}
    code, out, _ = run([article(tmp_path)])
    assert out.splitlines()[0] == "3 January\tDATE\t-"


def test_day_first(tmp_path: Path) -> None:
    path = article(tmp_path, b"Filed 3/4/2020.")
    assert run(["--dct", "2020-05-01", path])[1] == "3/4/2020\tDATE\t2020-03-04\n"
    assert run(["--dct", "2020-05-01", "--day-first", path])[1] == "3/4/2020\tDATE\t2020-04-03\n"


def test_lines() -> None:
    stdin = (
        "\n".join(
            [
                json.dumps({"text": "It rained yesterday.", "dct": "2020-01-12"}),
                json.dumps({"text": "Nothing here."}),
                json.dumps({"text": "Café opened 3 January 2020 😀 now", "dct": None}),
            ]
        )
        + "\n"
    )
    code, out, err = run(["--lines"], stdin)
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[0] == [{"start": 10, "end": 19, "type": "DATE", "value": "2020-01-11"}]
    assert lines[1] == []
    text = "Café opened 3 January 2020 😀 now"
    assert [text[i["start"] : i["end"]] for i in lines[2]] == ["3 January 2020", "now"]


def test_lines_bad_line_reports_and_continues() -> None:
    stdin = (
        "\n".join(
            [
                "not json",
                json.dumps(["a list"]),
                json.dumps({"dct": "2020-01-12"}),
                json.dumps({"text": "today", "dct": "12/01/2020"}),
                json.dumps({"text": "today", "dct": 20200112}),
                json.dumps({"text": "today", "dct": "2020-01-12"}),
            ]
        )
        + "\n"
    )
    code, out, err = run(["--lines"], stdin)
    assert code == 2
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 6
    assert all("error" in line for line in lines[:5])
    assert lines[5] == [{"start": 0, "end": 5, "type": "DATE", "value": "2020-01-12"}]
    for number in range(1, 6):
        assert f"line {number}:" in err
    assert "Traceback" not in err


def test_missing_file(tmp_path: Path) -> None:
    code, out, err = run(["--dct", "2020-01-12", str(tmp_path / "nope.txt")])
    assert (code, out) == (2, "")
    assert "no such file" in err


def test_directory_instead_of_file(tmp_path: Path) -> None:
    code, _, err = run([str(tmp_path)])
    assert code == 2
    assert "directory" in err


def test_bad_dct(tmp_path: Path) -> None:
    for dct in ("2020-13-01", "yesterday", "", "2020-02-30"):
        code, out, err = run(["--dct", dct, article(tmp_path)])
        assert (code, out) == (2, ""), dct
        assert "bad DCT" in err


def test_not_utf8(tmp_path: Path) -> None:
    code, out, err = run(["--dct", "2020-01-12", article(tmp_path, b"On 3 January \xff\xfe")])
    assert (code, out) == (2, "")
    assert "not UTF-8" in err


def test_no_file_and_no_lines() -> None:
    code, _, err = run(["--dct", "2020-01-12"])
    assert code == 2
    assert "FILE" in err


def test_unknown_option() -> None:
    code, _, err = run(["--bogus"])
    assert code == 2
    assert "unrecognized arguments" in err


def test_help_exits_zero() -> None:
    code, out, _ = run(["--help"])
    assert code == 0
    assert "--dct" in out
