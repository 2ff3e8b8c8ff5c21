#!/bin/sh
# Build stage of the image: install the wheels in /tmp/wheels into a venv, trim it, compile it.
# Runs inside `docker build --network none`: nothing is downloaded.
set -eu
VENV=/opt/sanctions-screen
SITE_GLOB="$VENV/lib/python3*/site-packages"

# 1. A venv, and pip to fill it: Debian's pip wheel when there is one (no pip left in the
#    image), else the venv's own pip (official python images), removed afterwards.
PIP_WHEEL=$(ls /usr/share/python-wheels/pip-*.whl 2>/dev/null | head -n 1 || true)
if [ -n "$PIP_WHEEL" ]; then
  python3 -m venv --without-pip "$VENV"
  set -- "$VENV/bin/python" "$PIP_WHEEL/pip"
else
  python3 -m venv "$VENV"
  set -- "$VENV/bin/python" -m pip
fi
"$@" install --quiet --no-compile --no-index --find-links /tmp/wheels sanctions-screen
[ -n "$PIP_WHEEL" ] || "$@" uninstall --quiet --yes pip setuptools >/dev/null 2>&1 || true

# 2. Trim what the service never runs: test suites, C headers, type stubs, SQLAlchemy dialects
#    other than SQLite/PostgreSQL, pycountry translations other than the country names.
cd $SITE_GLOB
rm -rf pandas/tests numpy/*/tests numpy/tests numpy/_core/include numpy/_pyinstaller \
       numpy/f2py numpy/doc lxml/includes lxml/*.h lxml/*.pyx pycountry/tests \
       sqlalchemy/dialects/mssql sqlalchemy/dialects/mysql sqlalchemy/dialects/oracle
[ ! -d pycountry/locales ] || find pycountry/locales -type f ! -name 'iso3166-1.mo' -delete
find . -name '*.pyi' -delete
find . -name '__pycache__' -prune -exec rm -rf {} +

# 3. Byte-code: all of the service, and of its dependencies what `check` and `serve` import
#    (found by running them once); the rest compiles in memory if it is ever used.
"$VENV/bin/python" -m compileall -q -j 0 service >/dev/null
cd /tmp
printf 'name\nIgor Sechin\nAcme Widgets GmbH\n' > warm-up.csv
PYTHONDONTWRITEBYTECODE='' "$VENV/bin/sanctions-screen" check warm-up.csv --junit warm-up.xml \
  --sarif warm-up.sarif --markdown warm-up.md >/dev/null 2>&1 || [ $? -eq 1 ]
PYTHONDONTWRITEBYTECODE='' "$VENV/bin/python" -c '
import service.api.app, service.cli, service.db.session, service.textscan, uvicorn.main
import uvicorn.protocols.http.h11_impl, uvicorn.lifespan.on, uvicorn.loops.asyncio
import sqlalchemy.dialects.sqlite
'
rm -f warm-up.*
