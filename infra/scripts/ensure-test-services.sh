#!/usr/bin/env bash
# Makes sure a PostgreSQL (trust auth on 127.0.0.1:5432) and a NATS server with JetStream
# (127.0.0.1:4222) are running, installing Debian's packages where they are missing.
# Does nothing when TEST_DATABASE_URL / TEST_NATS_URL point elsewhere or the servers already
# answer. (Without them the tests start their own: an embedded PostgreSQL, and nats-server when
# installed; CI installs both so that the default addresses are the ones exercised.)
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
apt_updated=
apt_install() {
  [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
  if [ -n "${TEST_DATABASE_URL:-}" ] || port_open 5432; then return; fi
  if ! command -v pg_ctlcluster >/dev/null; then
    echo "ci: installing PostgreSQL"
    apt_install postgresql
    local hba
    hba=$(ls /etc/postgresql/*/main/pg_hba.conf | head -1)
    # A throwaway CI server: trust local TCP connections, as the tests expect.
    as_root sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba"
  fi
  echo "ci: starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  for _ in $(seq 1 30); do port_open 5432 && return; sleep 1; done
  echo "ci: PostgreSQL did not start" >&2
  exit 1
}

ensure_nats() {
  if [ -n "${TEST_NATS_URL:-}" ] || port_open 4222; then return; fi
  command -v nats-server >/dev/null || [ -x /usr/sbin/nats-server ] || {
    echo "ci: installing nats-server"
    apt_install nats-server
  }
  echo "ci: starting nats-server with JetStream"
  as_root mkdir -p /var/lib/nats-server
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
  for _ in $(seq 1 30); do port_open 4222 && return; sleep 1; done
  echo "ci: nats-server did not start" >&2
  exit 1
}

ensure_postgres
ensure_nats
