"""Load one PostgreSQL table into a fresh DuckDB file with dlt (a peer in bench/run.mjs).

usage: python dlt_load.py BACKEND URL SCHEMA.TABLE DUCKDB_PATH [--work DIR]

BACKEND  connectorx | pyarrow (dlt's sql_table backends)
URL      postgresql+psycopg2://user:password@host:port/db (SQLAlchemy reflects the table through it;
         ConnectorX gets the same URL as postgresql://, which is what it takes)
The table lands in DuckDB as <schema>.<table> (dataset_name = the source schema). dlt keeps its pipeline state
under --work (default: a directory next to the DuckDB file), so every run starts clean.

Settings (the ones dlt documents for exact types and bounded memory):
- reflection_level="full_with_precision": the source's precision and scale become the DuckDB types
  (DECIMAL(12,2), DECIMAL(38,10)) instead of dlt's defaults.
- connectorx: backend_kwargs conn = the URL as postgresql://, protocol="binary" and return_type="arrow" (dlt's
  defaults: ConnectorX reads the whole table into one Arrow table, ignoring chunk_size).
  DLT_CX_RETURN_TYPE=arrow_stream streams record batches of chunk_size rows instead (the bench's
  `dlt-connectorx-stream` peer); dlt documents that streaming mode lacks some types (arrays, high-precision time).
- pyarrow: backend_kwargs tz="UTC" (timestamptz values stay in UTC).
- chunk_size 100000 rows (DLT_CHUNK_SIZE).
Prints one JSON line: rows loaded, dlt/connectorx/pyarrow/duckdb versions, the settings used.
"""

import json
import os
import sys
import time


def main() -> None:
    args = [a for a in sys.argv[1:]]
    work = None
    if "--work" in args:
        i = args.index("--work")
        work = args[i + 1]
        del args[i : i + 2]
    if len(args) != 4:
        sys.exit(__doc__)
    backend, url, qualified, duckdb_path = args
    if backend not in ("connectorx", "pyarrow"):
        sys.exit(f"unknown backend {backend!r} (connectorx | pyarrow)")
    schema, _, table = qualified.rpartition(".")
    schema = schema or "public"
    work = work or os.path.join(os.path.dirname(os.path.abspath(duckdb_path)), f"dlt-{backend}")
    os.makedirs(work, exist_ok=True)
    # no telemetry (no network here) and no ~/.dlt state shared between runs
    os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
    os.environ.setdefault("DLT_DATA_DIR", work)

    import dlt
    from dlt.sources.sql_database import sql_table

    chunk_size = int(os.environ.get("DLT_CHUNK_SIZE", "100000"))
    if backend == "connectorx":
        return_type = os.environ.get("DLT_CX_RETURN_TYPE", "arrow")
        backend_kwargs = {
            "conn": url.replace("postgresql+psycopg2://", "postgresql://", 1),
            "return_type": return_type,
            "protocol": "binary",
        }
        if return_type == "arrow_stream":
            backend_kwargs["batch_size"] = chunk_size
    else:
        backend_kwargs = {"tz": "UTC"}

    resource = sql_table(
        credentials=url,
        table=table,
        schema=schema,
        backend=backend,
        chunk_size=chunk_size,
        reflection_level="full_with_precision",
        backend_kwargs=backend_kwargs,
    )
    pipeline = dlt.pipeline(
        pipeline_name=f"bench_{backend}",
        pipelines_dir=os.path.join(work, "pipelines"),
        destination=dlt.destinations.duckdb(credentials=os.path.abspath(duckdb_path)),
        dataset_name=schema,
    )
    t0 = time.monotonic()
    info = pipeline.run(resource, write_disposition="replace")
    info.raise_on_failed_jobs()
    rows = pipeline.last_trace.last_normalize_info.row_counts.get(table) if pipeline.last_trace else None

    import duckdb
    import pyarrow

    versions = {"dlt": dlt.__version__, "pyarrow": pyarrow.__version__, "duckdb": duckdb.__version__}
    if backend == "connectorx":
        import connectorx

        versions["connectorx"] = getattr(connectorx, "__version__", None)
    print(
        json.dumps(
            {
                "tool": f"dlt-{backend}",
                "rows": rows,
                "seconds": round(time.monotonic() - t0, 3),
                "versions": versions,
                "settings": {
                    "chunk_size": chunk_size,
                    "reflection_level": "full_with_precision",
                    "backend_kwargs": {k: v for k, v in backend_kwargs.items() if k != "conn"},
                },
                "table": f"{schema}.{table}",
            }
        )
    )


if __name__ == "__main__":
    main()
