#!/usr/bin/env bash
# Prints the "Production" block of .env.example as KEY=VALUE lines, with a throwaway secret key
# and an SQLite database in place of the placeholders, for `env $(tools/production_env.sh) ...`.
set -euo pipefail
cd "$(dirname "$0")/.."
sed -n '/^# --- Production ---/,/^# --- end of Production/p' .env.example \
  | sed -n 's/^# \([A-Z][A-Z0-9_]*=.*\)$/\1/p' \
  | grep -v -e '^SECRET_KEY=' -e '^DATABASE_URL='
echo "SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
