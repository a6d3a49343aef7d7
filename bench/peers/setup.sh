#!/usr/bin/env bash
# Installs the benchmark's peers (dlt + ConnectorX / pyarrow, Sling, a DuckDB CLI with its json and httpfs
# extensions) into bench/.venv from the pinned bench/peers/requirements.txt, and prepares Sling's home
# (bench/.peers/sling-home) so that Sling's DuckDB finds the extensions from the wheels instead of downloading them.
# Reuses the venv while requirements.txt is unchanged (stamp file bench/.venv/.requirements.sha256).
# Called by bench/run.mjs when peers are requested; `npm run bench:peers:setup` runs it alone.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$bench/.venv"
req="$bench/peers/requirements.txt"
stamp="$venv/.requirements.sha256"
python="${PYTHON:-python3}"
want="$( (sha256sum "$req" | cut -d' ' -f1; "$python" -c 'import sys; print(sys.version.split()[0])') | tr '\n' ' ')"

if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "bench peers: reusing $venv"
else
  echo "bench peers: installing into $venv (pinned $req)"
  t0=$SECONDS
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
  echo "bench peers: installed in $((SECONDS - t0)) s"
fi

site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
sling="$site/sling_linux_amd64/bin/sling-linux-amd64"
chmod +x "$sling"
# DuckDB looks for extensions in ~/.duckdb/extensions/<version>/<platform>/: give Sling a home whose
# .duckdb/extensions is the wheels' directory (duckdb_ext/extensions/v1.4.4/linux_amd64/{json,httpfs}.duckdb_extension).
home="$bench/.peers/sling-home"
mkdir -p "$home/.duckdb"
ln -sfn "$site/duckdb_ext/extensions" "$home/.duckdb/extensions"
for ext in json httpfs; do
  ls "$home/.duckdb/extensions"/v*/linux_amd64/"$ext.duckdb_extension" >/dev/null
done

if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  # smoke: every tool starts
  "$venv/bin/python" -c 'import dlt, connectorx, pyarrow, psycopg2, duckdb, sqlalchemy'
  "$venv/bin/duckdb" --version >/dev/null
  HOME="$home" SLING_DISABLE_TELEMETRY=true "$sling" --version >/dev/null
  echo "$want" >"$stamp"
fi
