"""Checks SQL with sqlglot, one JSON request on stdin, one JSON answer on stdout.

Request: {"items": [{"id": "...", "dialect": "bigquery", "sql": "..."}]}
Answer:  {"sqlglot": "30.22.0", "results": [{"id": "...", "ok": true, "statements": 2} |
                                            {"id": "...", "ok": false, "error": "..."}]}

Each text must hold at least one statement, and each statement must
1. parse in the dialect with error_level=RAISE;
2. round-trip: sqlglot's own rendering of the tree in the dialect parses back to an equal tree, comments aside (a
   construct the dialect spells differently, e.g. LIMIT on Oracle, which sqlglot rewrites to FETCH FIRST, fails
   here); dialects whose sqlglot generator is lossy are exempt, with the reason (ROUND_TRIP_EXEMPT);
3. use none of the dialect's forbidden constructs (FORBIDDEN below): things sqlglot accepts but the engine does not;
4. not be one sqlglot only keeps as an unparsed command (ALTER SESSION…): such a golden is recorded as a rejection.
Constructs sqlglot lacks are removed first by strict patterns (SQLGLOT_GAPS).
A failure is reported, not raised.
"""
import json
import re
import sys

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel
from sqlglot.tokens import TokenType


def _strings_removed(sql):
    """The text with string literals and comments blanked out (so rules never match inside them)."""
    sql = re.sub(r"'(?:[^']|'')*'", "''", sql)
    sql = re.sub(r"--[^\n]*", "", sql)
    return re.sub(r"/\*.*?\*/", "", sql, flags=re.S)


def _booleans(tree, sql, dialect):
    return any(isinstance(n, exp.Boolean) for n in tree.walk())


def _table_as_alias(tree, sql, dialect):
    name = r'(?:"[^"]+"|[A-Za-z_][\w$#]*)'
    return re.search(rf"\b(FROM|JOIN)\s+{name}(\s*\.\s*{name})*\s+AS\s+(?!OF\b)", _strings_removed(sql), re.I) is not None


def _double_colon_cast(tree, sql, dialect):
    return any(t.token_type == TokenType.DCOLON for t in sqlglot.tokenize(sql, read=dialect))


def _select_without_from(tree, sql, dialect):
    return any(isinstance(n, exp.Select) and not n.args.get("from_") for n in tree.walk())


# Dialects whose statements are not round-tripped, and why (every other dialect is).
ROUND_TRIP_EXEMPT = {
    "bigquery": "sqlglot 30.22's BigQuery generator drops type parameters (NUMERIC(12,2) becomes NUMERIC) and "
    "rewrites CREATE SCHEMA … OPTIONS, so its rendering is not the statement we wrote",
}


def _without_comments(tree):
    for node in tree.walk():
        node.comments = None
    return tree


# Constructs the engine has and sqlglot 30.22 does not parse, removed before parsing (each pattern is strict, so a
# malformed use is still refused): Oracle's flashback clause `AS OF SCN <bind or integer>`.
SQLGLOT_GAPS = {
    "oracle": [re.compile(r"\bAS\s+OF\s+SCN\s+(:\w+|\d+)\b", re.I)],
}


FORBIDDEN = {
    "oracle": [
        (_booleans, "TRUE/FALSE literals (Oracle SQL before 23ai has no BOOLEAN)"),
        (_table_as_alias, "AS before a table alias (Oracle: FROM t x)"),
        (_double_colon_cast, ":: casts (Oracle: CAST(x AS t))"),
        (_select_without_from, "a SELECT without FROM (Oracle before 23ai: FROM dual)"),
    ],
}


def check(item):
    dialect = item["dialect"]
    sql = item["sql"]
    for gap in SQLGLOT_GAPS.get(dialect, []):
        sql = gap.sub("", sql)
    try:
        trees = [t for t in sqlglot.parse(sql, read=dialect, error_level=ErrorLevel.RAISE) if t is not None]
        for tree in trees:
            if isinstance(tree, exp.Command):
                return fail(item, f"not parsed: sqlglot keeps it as an unparsed command ({tree.sql(dialect=dialect)[:60]})")
            if dialect not in ROUND_TRIP_EXEMPT:
                tree = _without_comments(tree)
                rendered = tree.sql(dialect=dialect)
                again = sqlglot.parse_one(rendered, read=dialect, error_level=ErrorLevel.RAISE)
                if _without_comments(again) != tree:
                    return fail(item, f"does not round-trip in {dialect}: sqlglot renders it as {rendered}")
            for rule, what in FORBIDDEN.get(dialect, []):
                if rule(tree, sql, dialect):
                    return fail(item, f"{dialect} forbids {what}")
    except Exception as e:  # noqa: BLE001 - every failure is an answer, not a crash
        return fail(item, f"{type(e).__name__}: {e}")
    if not trees:
        return fail(item, "no statement")
    return {"id": item["id"], "ok": True, "statements": len(trees)}


def fail(item, text):
    return {"id": item["id"], "ok": False, "error": re.sub(r"\x1b\[[0-9;]*m", "", text).strip()}


def main():
    request = json.load(sys.stdin)
    results = [check(item) for item in request["items"]]
    json.dump({"sqlglot": sqlglot.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
