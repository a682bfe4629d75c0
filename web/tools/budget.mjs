// Fails the build when a bundle outgrows its budget: the brotli size of each JavaScript and CSS
// file under dist/assets (as livekit-meet serves it to browsers), by what the file is. The
// budgets keep the first visit to a page within docs/performance.md's goals (the home page at most
// 90 KiB, a room's pre-join page at most 300 KiB, with the HTML and the response heads).
//
// Usage: node tools/budget.mjs [dir]   (dir defaults to web/dist; run after tools/compress.mjs)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const KIB = 1024;

/**
 * Budgets in bytes of brotli, by group. A file belongs to the first group whose pattern matches
 * its name; `entry` is summed over its files (every page loads all of them first).
 */
export const BUDGETS = [
  {
    group: 'entry (JavaScript and CSS of every page)',
    pattern: /^index-[\w-]+\.(js|css)$/,
    bytes: 78 * KIB,
    summed: true,
  },
  // One language's messages, in two parts (src/i18n/areas.ts): a page loads the active language's
  // `pages` part, the meeting pages its `meeting` part too.
  { group: 'one language, pages', pattern: /^locale-[\w-]+-pages-[\w-]+\.js$/, bytes: 5 * KIB },
  { group: 'one language, meeting', pattern: /^locale-[\w-]+-meeting-[\w-]+\.js$/, bytes: 10 * KIB },
  { group: 'meeting pages', pattern: /^meeting-[\w-]+\.js$/, bytes: 200 * KIB },
  { group: 'background-effect engine', pattern: /^backgroundEngine-[\w-]+\.js$/, bytes: 45 * KIB },
  {
    group: 'end-to-end encryption worker',
    pattern: /^livekit-client\.e2ee\.worker-[\w-]+\.js$/,
    bytes: 30 * KIB,
  },
  { group: 'any other chunk', pattern: /\.(js|css)$/, bytes: 16 * KIB },
];

/**
 * What is over budget, as lines for people (none: all within). `files` are { name, bytes } with
 * the brotli size of each file.
 */
export function overBudget(files, budgets = BUDGETS) {
  const problems = [];
  const sums = new Map();
  for (const file of files) {
    const budget = budgets.find((b) => b.pattern.test(file.name));
    if (!budget) continue;
    if (budget.summed) {
      sums.set(budget, (sums.get(budget) ?? 0) + file.bytes);
    } else if (file.bytes > budget.bytes) {
      const what = `${file.name} (${budget.group})`;
      problems.push(`${what}: ${kib(file.bytes)} KiB, budget ${kib(budget.bytes)} KiB`);
    }
  }
  for (const [budget, bytes] of sums) {
    if (bytes > budget.bytes) {
      problems.push(`${budget.group}: ${kib(bytes)} KiB, budget ${kib(budget.bytes)} KiB`);
    }
  }
  return problems;
}

const kib = (bytes) => (bytes / KIB).toFixed(1);

/** The JavaScript and CSS files of dist/assets, with their brotli sizes (or their own, without). */
export function measure(dist) {
  const assets = path.join(dist, 'assets');
  return fs
    .readdirSync(assets)
    .filter((name) => /\.(js|css)$/.test(name))
    .map((name) => {
      const file = path.join(assets, name);
      const compressed = fs.existsSync(`${file}.br`) ? `${file}.br` : file;
      return { name, bytes: fs.statSync(compressed).size };
    });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dist = path.resolve(process.argv[2] ?? path.join(here, '..', 'dist'));
  const files = measure(dist);
  const problems = overBudget(files);
  if (problems.length > 0) {
    const lines = problems.join('\n  ');
    console.error(`budget: over budget (brotli), see docs/performance.md:\n  ${lines}`);
    process.exit(1);
  }
  const total = files.reduce((sum, file) => sum + file.bytes, 0);
  console.log(`budget: ${files.length} bundles within budget (${kib(total)} KiB brotli in all)`);
}
