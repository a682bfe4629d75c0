// The scratch PostgreSQL server scripts/with-postgres.sh starts on loopback: its admin URL, whether
// the tests that need it are skipped, and psql against it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

export const adminUrl = process.env.LKM_TEST_DATABASE_URL;
const required = process.env.LKM_REQUIRE_POSTGRES === '1';
// A test option: skipped without a server, unless LKM_REQUIRE_POSTGRES makes that a failure.
export const skipWithoutPostgres =
  !adminUrl && !required ? 'no PostgreSQL server (run under scripts/with-postgres.sh)' : false;

// Runs SQL on the scratch server through psql (directly, never through a test's proxy), the
// connection settings in its environment; its output, trimmed.
export function psql(sql, database = 'postgres') {
  const url = new URL(adminUrl);
  const result = spawnSync('psql', ['-v', 'ON_ERROR_STOP=1', '-Atqc', sql], {
    env: {
      PATH: process.env.PATH,
      PGHOST: url.hostname,
      PGPORT: url.port,
      PGUSER: decodeURIComponent(url.username),
      PGPASSWORD: decodeURIComponent(url.password),
      PGDATABASE: database,
    },
    encoding: 'utf8',
    timeout: 30000,
  });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}
