#!/usr/bin/env bash
# partman-peer-check.sh - compare the monthly partitions that pg_partman 4.7 makes with the ones
# the suite's `maintain-partitions` job makes, for the same table and the same rows.
#
# What it does (see lab/peer/README.md for the why and a recorded run):
#   1. installs Debian's postgresql-15 and postgresql-15-partman if they are missing (apt-get);
#   2. creates a throwaway cluster 15/peer on port 5499 (pg_createcluster; UTC; start.conf manual)
#      with a login role `peer` (password `peer`) and two databases, partman_side and suite_side;
#   3. partman_side: CREATE EXTENSION pg_partman, the table peer_events PARTITION BY RANGE
#      (created_at), partman.create_parent(... 'native', 'monthly', p_premake := 4,
#      p_start_partition := <month of the oldest row>), the rows, partman.run_maintenance();
#   4. suite_side: `migrate`, the same peer_events with only a DEFAULT partition holding the same
#      rows, then `run maintain-partitions table=peer_events premake=4` with LIFECYCLE_JOBS_DIR
#      pointing at a maintain-partitions.yml that lists peer_events;
#   5. prints each side's children with their bounds, normalises the bounds to one line per
#      partition (`FROM <utc> TO <utc>` or `DEFAULT`, sorted; names are ignored: pg_partman says
#      peer_events_p2026_07, the suite peer_events_202607) and diffs the two lists;
#   6. stops and drops the cluster on every exit (trap), unless --keep.
#
# Rows (the same on both sides; M = the current month in UTC, fixed once when the script starts):
#   M-4: its first instant, the 15th at 12:00, its last microsecond;
#   M  : the same three.
#
# Usage:  lab/peer/partman-peer-check.sh [--partman-only] [--keep] [--jar PATH] [--out DIR]
#   --partman-only  run pg_partman's side only (no jar needed); exit 0 when it succeeded
#   --keep          leave the cluster running at the end (drop it: pg_dropcluster --stop 15 peer)
#   --jar PATH      the suite's jar (default: target/booking-lifecycle.jar of this repository;
#                   it is never built here: `mvn -B -q package -DskipTests` first)
#   --out DIR       where the listings are written (default: a new /tmp/partman-peer.XXXXXX)
# Environment: PEER_PORT (5499), PEER_CLUSTER (peer), PEER_JVM_TZ (unset: the machine's zone;
#   e.g. America/Sao_Paulo runs the suite's JVM in another zone, the bounds must not move).
# Exit: 0 the two lists are equal; 1 they differ (the diff is printed); 2 set-up failure (no jar,
#   no maintain-partitions job, the suite's CLI failed, a package could not be installed ...).
# Needs root, or sudo, for apt-get and the cluster tools (PostgreSQL itself runs as `postgres`).
set -Eeuo pipefail

PG_MAJOR=15
PORT="${PEER_PORT:-5499}"
CLUSTER="${PEER_CLUSTER:-peer}"
ROLE=peer
ROLE_PASSWORD=peer
PREMAKE=4
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
JAR="$REPO_DIR/target/booking-lifecycle.jar"
PARTMAN_ONLY=0
KEEP=0
OUT=""

while [ $# -gt 0 ]; do
  case "$1" in
    --partman-only) PARTMAN_ONLY=1 ;;
    --keep) KEEP=1 ;;
    --jar) JAR="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    -h|--help) sed -n '2,/^set -E/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

say()  { printf '\n== %s\n' "$*"; }
die()  { printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
         printf '!!! PEER CHECK SET-UP FAILED: %s\n' "$*" >&2
         printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
         exit 2; }

if [ "$(id -u)" -eq 0 ]; then
  AS_ROOT=()
  AS_PG=(runuser -u postgres --)
else
  command -v sudo >/dev/null || die "run as root, or install sudo"
  AS_ROOT=(sudo)
  AS_PG=(sudo -u postgres)
fi

# ---------------------------------------------------------------------------------------------
# 1. packages
# ---------------------------------------------------------------------------------------------
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
missing=()
for p in "postgresql-$PG_MAJOR" "postgresql-$PG_MAJOR-partman"; do installed "$p" || missing+=("$p"); done
if [ "$PARTMAN_ONLY" -eq 0 ] && ! command -v java >/dev/null; then missing+=(openjdk-17-jre-headless); fi
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  "${AS_ROOT[@]}" apt-get update -q || die "apt-get update failed"
  "${AS_ROOT[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" \
    || die "apt-get install ${missing[*]} failed"
fi
PG_VERSION="$(dpkg-query -W -f='${Version}' "postgresql-$PG_MAJOR")"
PARTMAN_VERSION="$(dpkg-query -W -f='${Version}' "postgresql-$PG_MAJOR-partman")"

# ---------------------------------------------------------------------------------------------
# the suite's side needs the jar: fail before anything else happens
# ---------------------------------------------------------------------------------------------
if [ "$PARTMAN_ONLY" -eq 0 ]; then
  [ -f "$JAR" ] || die "the suite's jar $JAR does not exist. Build it first
    (cd $REPO_DIR && mvn -B -q package -DskipTests), or pass --jar PATH, or run --partman-only."
fi

# ---------------------------------------------------------------------------------------------
# 2. a throwaway cluster, dropped on every exit
# ---------------------------------------------------------------------------------------------
WORK="$(mktemp -d /tmp/partman-peer-work.XXXXXX)"
[ -n "$OUT" ] || OUT="$(mktemp -d /tmp/partman-peer.XXXXXX)"
mkdir -p "$OUT"
CLUSTER_CREATED=0

cleanup() {
  rc=$?
  set +e
  if [ "$CLUSTER_CREATED" -eq 1 ]; then
    if [ "$KEEP" -eq 1 ]; then
      printf '\n(--keep) cluster %s/%s left running on port %s: psql -h localhost -p %s -U %s partman_side (password %s); drop it with: pg_dropcluster --stop %s %s\n' \
        "$PG_MAJOR" "$CLUSTER" "$PORT" "$PORT" "$ROLE" "$ROLE_PASSWORD" "$PG_MAJOR" "$CLUSTER"
    else
      "${AS_ROOT[@]}" pg_dropcluster --stop "$PG_MAJOR" "$CLUSTER" >/dev/null 2>&1 \
        || echo "warning: could not drop cluster $PG_MAJOR/$CLUSTER (pg_dropcluster --stop $PG_MAJOR $CLUSTER)" >&2
    fi
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

if pg_lsclusters -h 2>/dev/null | awk -v v="$PG_MAJOR" -v c="$CLUSTER" '$1==v && $2==c {f=1} END {exit !f}'; then
  # a cluster of this name is this script's own, left by a run that was killed (or --keep)
  say "dropping the cluster $PG_MAJOR/$CLUSTER left by an earlier run"
  "${AS_ROOT[@]}" pg_dropcluster --stop "$PG_MAJOR" "$CLUSTER" || die "could not drop $PG_MAJOR/$CLUSTER"
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "port $PORT is in use; set PEER_PORT to a free port"
fi

say "creating cluster $PG_MAJOR/$CLUSTER on port $PORT (postgresql-$PG_MAJOR $PG_VERSION, postgresql-$PG_MAJOR-partman $PARTMAN_VERSION)"
"${AS_ROOT[@]}" pg_createcluster --quiet --start-conf=manual --locale=C -e UTF8 -p "$PORT" \
  -o timezone=UTC -o log_timezone=UTC -o fsync=off "$PG_MAJOR" "$CLUSTER" >/dev/null \
  || die "pg_createcluster $PG_MAJOR $CLUSTER failed"
CLUSTER_CREATED=1
"${AS_ROOT[@]}" pg_ctlcluster "$PG_MAJOR" "$CLUSTER" start || die "the cluster did not start"

# psql as the postgres superuser over the cluster's socket (peer auth); SQL on stdin
psql_db() { local db="$1"; shift; (cd / && "${AS_PG[@]}" psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" -d "$db" "$@"); }

psql_db postgres <<SQL
CREATE ROLE $ROLE LOGIN SUPERUSER PASSWORD '$ROLE_PASSWORD';
CREATE DATABASE partman_side OWNER $ROLE;
CREATE DATABASE suite_side OWNER $ROLE;
ALTER DATABASE partman_side SET TimeZone = 'UTC';
ALTER DATABASE suite_side SET TimeZone = 'UTC';
SQL

# The month everything is relative to, fixed once (UTC): a run across midnight at a month's end
# gives both sides the same rows and the suite the same asOf.
ANCHOR="$(date -u +%Y-%m-01)"
AS_OF="$(date -u +%F)"

# the rows, in a plain table peer_seed (dropped once copied): the same on both sides
seed_sql() {
cat <<SQL
CREATE TABLE peer_seed (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, payload text);
INSERT INTO peer_seed (id, created_at, payload)
SELECT row_number() OVER (ORDER BY ts), ts AT TIME ZONE 'UTC', label
FROM (VALUES
  (timestamp '$ANCHOR' - interval '4 months',                                   'M-4 first instant'),
  (timestamp '$ANCHOR' - interval '4 months' + interval '14 days 12 hours',     'M-4 15th noon'),
  (timestamp '$ANCHOR' - interval '3 months' - interval '1 microsecond',        'M-4 last microsecond'),
  (timestamp '$ANCHOR',                                                         'M first instant'),
  (timestamp '$ANCHOR' + interval '14 days 12 hours',                           'M 15th noon'),
  (timestamp '$ANCHOR' + interval '1 month' - interval '1 microsecond',         'M last microsecond')
) AS v(ts, label);
SQL
}

# the parent, the same on both sides
TABLE_SQL="CREATE TABLE public.peer_events (id bigserial, created_at timestamptz NOT NULL, payload text) PARTITION BY RANGE (created_at);"

# every child of peer_events: name, bound as PostgreSQL prints it (TimeZone UTC), bound
# normalised, month relative to the current UTC month, rows
DETAIL_SQL=$(cat <<'SQL'
SET TimeZone = 'UTC';
WITH parts AS (
  SELECT n.nspname, c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound,
         regexp_match(pg_get_expr(c.relpartbound, c.oid), '^FOR VALUES FROM \((.*)\) TO \((.*)\)$') AS m
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE i.inhparent = 'public.peer_events'::regclass),
utc AS (
  SELECT p.*, (SELECT array_agg(CASE WHEN v IN ('MINVALUE', 'MAXVALUE') THEN v
                 ELSE regexp_replace(to_char(btrim(v, '''')::timestamptz AT TIME ZONE 'UTC',
                        'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '\.000000Z$', 'Z') END ORDER BY o)
               FROM unnest(p.m) WITH ORDINALITY AS u(v, o)) AS b
  FROM parts p)
SELECT relname AS child, bound,
       CASE WHEN bound = 'DEFAULT' THEN 'DEFAULT' WHEN m IS NULL THEN 'UNPARSED ' || bound
            ELSE format('FROM %s TO %s', b[1], b[2]) END AS normalised,
       CASE WHEN m IS NULL OR b[1] IN ('MINVALUE', 'MAXVALUE') THEN ''
            ELSE (SELECT CASE WHEN d = 0 THEN 'M' WHEN d > 0 THEN 'M+' || d ELSE 'M' || d END
                  FROM (SELECT ((extract(year FROM lo) * 12 + extract(month FROM lo))
                               - (extract(year FROM nw) * 12 + extract(month FROM nw)))::int AS d
                        FROM (SELECT btrim(m[1], '''')::timestamptz AT TIME ZONE 'UTC' AS lo,
                                     now() AT TIME ZONE 'UTC' AS nw) x) y) END AS month,
       (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM ONLY %I.%I', nspname, relname),
              false, true, '')))[1]::text::int AS rows
FROM utc
ORDER BY normalised;
SQL
)

# the normalised lines only, sorted: what is diffed
normalised() {
  psql_db "$1" -At <<<"$DETAIL_SQL" | awk -F'|' '{print $3}' | LC_ALL=C sort
}
detail() {
  psql_db "$1" -P footer=off <<<"$DETAIL_SQL"
}

# ---------------------------------------------------------------------------------------------
# 3. pg_partman's side
# ---------------------------------------------------------------------------------------------
say "pg_partman's side (database partman_side; now = $(date -u '+%Y-%m-%d %H:%M:%S') UTC, M = ${ANCHOR%-01})"
{ seed_sql; cat <<SQL
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
SELECT 'pg_partman ' || extversion FROM pg_extension WHERE extname = 'pg_partman' \\g (tuples_only=on format=unaligned)
$TABLE_SQL
-- p_start_partition: the first instant of the month of the oldest row, in UTC, as text
SELECT to_char(date_trunc('month', min(created_at) AT TIME ZONE 'UTC'), 'YYYY-MM-DD') || ' 00:00:00+00' AS start
FROM peer_seed \\gset
SELECT format('SELECT partman.create_parent(%L, %L, %L, %L, p_premake := %s, p_start_partition := %L);',
              'public.peer_events', 'created_at', 'native', 'monthly', $PREMAKE, :'start') \\g (tuples_only=on format=unaligned)
SELECT partman.create_parent('public.peer_events', 'created_at', 'native', 'monthly',
                             p_premake := $PREMAKE, p_start_partition := :'start') \\g /dev/null
-- A partitioned table without a partition refuses every row, and create_parent insists on
-- creating peer_events_default itself: so the rows go in after create_parent, before maintenance.
INSERT INTO peer_events (id, created_at, payload) SELECT id, created_at, payload FROM peer_seed;
SELECT setval('peer_events_id_seq', (SELECT max(id) FROM peer_events)) \\g /dev/null
DROP TABLE peer_seed;
SELECT partman.run_maintenance() \\g /dev/null
SQL
} | psql_db partman_side || die "pg_partman's side failed (see above)"

say "pg_partman's children of peer_events"
detail partman_side | tee "$OUT/partman-detail.txt"
normalised partman_side > "$OUT/partman-normalised.txt"
say "pg_partman's normalised bounds ($OUT/partman-normalised.txt)"
cat "$OUT/partman-normalised.txt"

if [ "$PARTMAN_ONLY" -eq 1 ]; then
  say "--partman-only: the suite's side was not run"
  exit 0
fi

# ---------------------------------------------------------------------------------------------
# 4. the suite's side
# ---------------------------------------------------------------------------------------------
say "the suite's side (database suite_side, $JAR)"
# a private copy of the jar: a build running meanwhile cannot swap it under us
cp "$JAR" "$WORK/booking-lifecycle.jar"
JOBS_DIR="$WORK/jobs"
mkdir -p "$JOBS_DIR"

# The settings block of jobs/maintain-partitions.yml for this check: the packaged table and the peer.
MAINTAIN_PARTITIONS_SETTINGS=$(cat <<'YAML'
partitions:
  tables:
    - audit_logs
    - peer_events
  lock-timeout: 2s
  ddl-retries: 10
  max-backoff: 30s
  rescue-batch: 10000
YAML
)
# A file in LIFECYCLE_JOBS_DIR replaces the packaged one of the same name whole ("copy the whole
# file, then edit it"): so when the jar packages a maintain-partitions.yml (with its `job:` block),
# that file is copied with its top-level `partitions:` block replaced by the one above.
PACKAGED_YML="$(unzip -p "$WORK/booking-lifecycle.jar" BOOT-INF/classes/jobs/maintain-partitions.yml 2>/dev/null || true)"
if [ -n "$PACKAGED_YML" ]; then
  printf '%s\n' "$PACKAGED_YML" | awk '
    /^partitions:/ { skip = 1; next }
    skip && /^[^[:space:]#]/ { skip = 0 }
    !skip' > "$JOBS_DIR/maintain-partitions.yml"
  printf '%s\n' "$MAINTAIN_PARTITIONS_SETTINGS" >> "$JOBS_DIR/maintain-partitions.yml"
else
  echo "note: the jar packages no jobs/maintain-partitions.yml; using the settings block alone"
  printf '%s\n' "$MAINTAIN_PARTITIONS_SETTINGS" > "$JOBS_DIR/maintain-partitions.yml"
fi
echo "--- $JOBS_DIR/maintain-partitions.yml"
cat "$JOBS_DIR/maintain-partitions.yml"
cp "$JOBS_DIR/maintain-partitions.yml" "$OUT/maintain-partitions.yml"

JAVA_OPTS=()
[ -z "${PEER_JVM_TZ:-}" ] || JAVA_OPTS+=("-Duser.timezone=$PEER_JVM_TZ")
DB_URL="jdbc:postgresql://localhost:$PORT/suite_side"
# the CLI's own options (checked with `run --help`): --db-url, --db-user, --db-password (or
# $SPRING_DATASOURCE_PASSWORD, which keeps the password off the command line)
suite() {
  (cd "$WORK" && LIFECYCLE_JOBS_DIR="$JOBS_DIR" SPRING_DATASOURCE_PASSWORD="$ROLE_PASSWORD" \
     java "${JAVA_OPTS[@]}" -jar "$WORK/booking-lifecycle.jar" "$@")
}

# the job must exist (`jobs` needs no database, and checks every definition file)
if ! jobs_out="$(suite jobs 2>&1)"; then
  printf '%s\n' "$jobs_out" | tail -20
  die "the suite's CLI refused the job definitions (\`jobs\` failed; above). Is the assumed format of maintain-partitions.yml (MAINTAIN_PARTITIONS_SETTINGS in $0) the real one?"
fi
printf '%s\n' "$jobs_out" | grep -q 'maintain-partitions' \
  || die "the jar has no job maintain-partitions yet (\`java -jar $JAR jobs\` does not list it)"

# migrate first: Flyway refuses a non-empty schema without its history table
echo "--- migrate"
suite migrate --db-url "$DB_URL" --db-user "$ROLE" || die "\`migrate\` failed"

{ seed_sql; cat <<SQL
$TABLE_SQL
-- no month yet: only the default, so that the rows can go in
CREATE TABLE public.peer_events_default PARTITION OF public.peer_events DEFAULT;
INSERT INTO peer_events (id, created_at, payload) SELECT id, created_at, payload FROM peer_seed;
SELECT setval('peer_events_id_seq', (SELECT max(id) FROM peer_events)) \\g /dev/null
DROP TABLE peer_seed;
SQL
} | psql_db suite_side || die "creating suite_side's peer_events failed"

echo "--- run maintain-partitions table=peer_events premake=$PREMAKE asOf=$AS_OF"
set +e
suite run maintain-partitions table=peer_events premake="$PREMAKE" asOf="$AS_OF" --db-url "$DB_URL" --db-user "$ROLE"
run_rc=$?
set -e
[ "$run_rc" -eq 0 ] || die "\`run maintain-partitions\` exited $run_rc (0 = completed)"

say "the suite's children of peer_events"
detail suite_side | tee "$OUT/suite-detail.txt"
normalised suite_side > "$OUT/suite-normalised.txt"
say "the suite's normalised bounds ($OUT/suite-normalised.txt)"
cat "$OUT/suite-normalised.txt"

# ---------------------------------------------------------------------------------------------
# 5. the verdict
# ---------------------------------------------------------------------------------------------
# informational, not part of the verdict: the partitions that hold rows, and how many; the suite
# should have rescued its rows out of the default into their months, as on pg_partman's side
placement() { psql_db "$1" -At <<<"$DETAIL_SQL" | awk -F'|' '$5 != 0 {print $3 "  rows=" $5}' | LC_ALL=C sort; }
placement partman_side > "$OUT/partman-rows.txt"
placement suite_side > "$OUT/suite-rows.txt"
if ! diff "$OUT/partman-rows.txt" "$OUT/suite-rows.txt" > "$OUT/rows-diff.txt"; then
  say "note (not part of the verdict): the rows sit in different partitions, pg_partman (<) suite (>)"
  cat "$OUT/rows-diff.txt"
fi

say "diff pg_partman (<) suite (>), bounds only"
if diff "$OUT/partman-normalised.txt" "$OUT/suite-normalised.txt" > "$OUT/diff.txt"; then
  echo "EQUAL: the suite made the same partitions as pg_partman $PARTMAN_VERSION ($(grep -c . "$OUT/partman-normalised.txt") incl. the default). Listings: $OUT"
  exit 0
fi
cat "$OUT/diff.txt"
echo "DIFFERENT: see the diff above. Listings: $OUT"
exit 1
