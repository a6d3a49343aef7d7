"""Parses SQL with sqlglot, one JSON request on stdin, one JSON answer on stdout.

Request: {"items": [{"id": "...", "dialect": "bigquery", "sql": "..."}]}
Answer:  {"sqlglot": "30.22.0", "results": [{"id": "...", "ok": true, "statements": 2} |
                                            {"id": "...", "ok": false, "error": "..."}]}

A statement that sqlglot cannot parse in the dialect (a syntax error, an unknown dialect) is reported, not raised;
an empty text (or only comments) is an error too: a golden file must hold a statement.
"""
import json
import re
import sys

import sqlglot
from sqlglot.errors import ErrorLevel


def check(item):
    try:
        trees = [t for t in sqlglot.parse(item["sql"], read=item["dialect"], error_level=ErrorLevel.RAISE) if t is not None]
    except Exception as e:  # noqa: BLE001 - every failure is an answer, not a crash
        text = re.sub(r"\x1b\[[0-9;]*m", "", f"{type(e).__name__}: {e}").strip()
        return {"id": item["id"], "ok": False, "error": text}
    if not trees:
        return {"id": item["id"], "ok": False, "error": "no statement"}
    return {"id": item["id"], "ok": True, "statements": len(trees)}


def main():
    request = json.load(sys.stdin)
    results = [check(item) for item in request["items"]]
    json.dump({"sqlglot": sqlglot.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
