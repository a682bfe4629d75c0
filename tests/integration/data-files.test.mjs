// The data directory and the SQLite files against the real binary: under the usual umask (022)
// they came out 0755 and 0644, so every local user could read the meeting history (room and
// participant names, host credential hashes). The server runs under `umask 022` here, whatever
// the test runner's umask.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, tempDir } from './lib/server.mjs';

const UMASK_022 = ['sh', '-c', 'umask 022 && exec "$@"', 'sh'];
const FILES = ['meetings.db', 'meetings.db-wal', 'meetings.db-shm', 'meetings.db.lock'];

const modeOf = (file) => fs.statSync(file).mode & 0o7777;
const octal = (mode) => `0${mode.toString(8)}`;

test('a data directory the server creates is 0700 and the SQLite files in it 0600', async () => {
  const top = tempDir('lkm-files-');
  const dataDir = path.join(top, 'nested', 'data');
  const server = await startServer({ args: ['--data-dir', dataDir], launcher: UMASK_022 });
  try {
    assert.equal(octal(modeOf(dataDir)), '0700');
    assert.ok(fs.existsSync(path.join(dataDir, 'meetings.db')));
    for (const name of FILES) {
      const file = path.join(dataDir, name);
      if (fs.existsSync(file)) assert.equal(octal(modeOf(file)), '0600', name);
    }
    assert.doesNotMatch(server.logs(), /the data directory .* may be read/);
  } finally {
    await server.stop();
    fs.rmSync(top, { recursive: true, force: true });
  }
});

test('database files an older run left 0644 are tightened; an operator\'s open directory is only warned about', async () => {
  const dataDir = tempDir('lkm-files-');
  fs.chmodSync(dataDir, 0o755);
  try {
    let server = await startServer({ args: ['--data-dir', dataDir], launcher: UMASK_022 });
    await server.stop();
    for (const name of FILES) {
      const file = path.join(dataDir, name);
      if (!fs.existsSync(file)) fs.writeFileSync(file, '');  // journals a crash left behind
      fs.chmodSync(file, 0o644);
    }
    server = await startServer({ args: ['--data-dir', dataDir], launcher: UMASK_022 });
    try {
      for (const name of FILES) {
        const file = path.join(dataDir, name);
        if (fs.existsSync(file)) assert.equal(octal(modeOf(file)), '0600', name);
      }
      assert.equal(octal(modeOf(path.join(dataDir, 'meetings.db'))), '0600');
      // The directory is the operator's: left as it is, with one warning naming it.
      assert.equal(octal(modeOf(dataDir)), '0755');
      const warnings = server.logs().split('\n').filter((line) => line.includes('may be read or written by its group or others'));
      assert.equal(warnings.length, 1, server.logs());
      assert.ok(warnings[0].includes(dataDir) && warnings[0].includes('mode 0755'), warnings[0]);
      const res = await fetch(server.url('/api/meetings'));
      assert.equal(res.status, 200, 'the history opened');
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

