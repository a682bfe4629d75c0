// Precompresses the Vite output for livekit-meet, which serves `<file>.br` / `<file>.gz` in place
// of `<file>` to clients whose Accept-Encoding allows it (src/http/static_files.hpp).
//
// Usage: node tools/compress.mjs [dir]   (dir defaults to web/dist; run after `vite build`)
//
// Every file of a compressible type and at least 1 KiB gets a gzip (level 9) and a brotli
// (quality 11) copy, each kept only when smaller than the original (a stale copy from an earlier
// run is then removed). index.html at the top is left alone: the server rewrites it at run time.
// Output is deterministic (gzip's header carries mtime 0), and existing .gz/.br files are never
// compressed again, so running it twice gives the same tree.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

const MIN_SIZE = 1024;
const TEXT = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.map', '.txt']);
const BINARY = new Set(['.wasm', '.tflite']);

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.argv[2] ?? path.join(here, '..', 'dist'));

// Regular files below `dir`, recursively, sorted; symlinks are not followed.
async function listFiles(dir) {
  const out = [];
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

function isCandidate(file) {
  if (file === path.join(dist, 'index.html')) return false;
  const ext = path.extname(file).toLowerCase();
  return TEXT.has(ext) || BINARY.has(ext);
}

async function compressGzip(data) {
  const out = await gzip(data, { level: 9 });
  // RFC 1952 header: bytes 4..7 are MTIME. zlib writes 0 when no header is set (Node does not
  // set one); check rather than assume, since determinism depends on it.
  if (out.readUInt32LE(4) !== 0) throw new Error('gzip output carries a modification time');
  return out;
}

function compressBrotli(data, ext) {
  return brotli(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_MODE]: TEXT.has(ext)
        ? zlib.constants.BROTLI_MODE_TEXT
        : zlib.constants.BROTLI_MODE_GENERIC,
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
}

// Writes `target` when `data` is smaller than the original, else removes any stale `target`.
async function keepIfSmaller(target, data, originalSize) {
  if (data.length < originalSize) {
    await fs.writeFile(target, data);
    return data.length;
  }
  await fs.rm(target, { force: true });
  return null;
}

const totals = {
  files: 0, original: 0, gz: { count: 0, before: 0, after: 0 }, br: { count: 0, before: 0, after: 0 },
};

async function compressFile(file) {
  const data = await fs.readFile(file);
  if (data.length < MIN_SIZE) return;
  totals.files += 1;
  totals.original += data.length;
  const ext = path.extname(file).toLowerCase();
  const [gz, br] = await Promise.all([compressGzip(data), compressBrotli(data, ext)]);
  for (const [kind, bytes] of [['gz', gz], ['br', br]]) {
    const size = await keepIfSmaller(`${file}.${kind}`, bytes, data.length);
    if (size !== null) {
      totals[kind].count += 1;
      totals[kind].before += data.length;
      totals[kind].after += size;
    }
  }
}

// Runs `task` over `items`, at most `limit` at a time (zlib's async work uses the thread pool).
async function forEachLimited(items, limit, task) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

async function main() {
  const started = performance.now();
  const stat = await fs.stat(dist).catch(() => null);
  if (!stat?.isDirectory()) throw new Error(`${dist} is not a directory (run vite build first)`);
  const files = (await listFiles(dist)).filter(isCandidate);
  await forEachLimited(files, Math.max(2, os.availableParallelism()), compressFile);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `compress: ${totals.files} files (${kib(totals.original)}) in ${path.relative(process.cwd(), dist) || '.'}: `
      + `gzip ${totals.gz.count} (${kib(totals.gz.before)} -> ${kib(totals.gz.after)}), `
      + `brotli ${totals.br.count} (${kib(totals.br.before)} -> ${kib(totals.br.after)}), ${seconds}s`,
  );
}

main().catch((error) => {
  console.error(`compress: ${error.message}`);
  process.exitCode = 1;
});
