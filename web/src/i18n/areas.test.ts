// The words of the first page are in the `pages` part: every message key that the code reachable
// from main.tsx without a dynamic import names is in an area of PAGE_AREAS, or the first page
// would show a key instead of its words until the meeting part loads.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAGE_AREAS, partOf, pick } from './areas';
import { LOCALE_FILES } from './testing';

const src = path.resolve(__dirname, '..');

/** The modules main.tsx imports statically, and theirs (type-only imports aside). */
function firstPageModules(): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = fs.readFileSync(file, 'utf8');
    for (const match of code.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'(\.[^']+)'/gms)) {
      const base = path.resolve(path.dirname(file), match[1]);
      const found = ['', '.ts', '.tsx'].map((ext) => base + ext).find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
      if (found && /\.tsx?$/.test(found)) visit(found);
    }
  };
  visit(path.join(src, 'main.tsx'));
  return [...seen];
}

describe('the parts of the messages', () => {
  it('put every key in one part, the first page’s words in `pages`', () => {
    const english = LOCALE_FILES.en;
    const pages = pick(english, 'pages');
    const meeting = pick(english, 'meeting');
    expect(Object.keys(pages).length + Object.keys(meeting).length).toBe(Object.keys(english).length);
    for (const area of PAGE_AREAS) expect(Object.keys(pages).some((key) => key.startsWith(`${area}.`)), area).toBe(true);
  });

  it('hold every key the first page’s code names in `pages`', () => {
    const keys = Object.keys(LOCALE_FILES.en);
    const modules = firstPageModules();
    expect(modules.some((file) => file.endsWith('HomePage.tsx'))).toBe(true);
    expect(modules.some((file) => file.endsWith('RoomPage.tsx'))).toBe(false);
    const misplaced: string[] = [];
    for (const file of modules) {
      const code = fs.readFileSync(file, 'utf8');
      for (const match of code.matchAll(/'([a-zA-Z]+\.[\w.]+)'/g)) {
        if (keys.includes(match[1]) && partOf(match[1]) !== 'pages') {
          misplaced.push(`${path.relative(src, file)}: ${match[1]}`);
        }
      }
    }
    expect(misplaced).toEqual([]);
  });
});
