// A Vite plugin that serves each locale file (src/i18n/locales/<tag>.json) as one module per part
// (src/i18n/areas.ts), so that each becomes a small chunk of its own:
//   virtual:lkm-locales                  { LANGUAGES, loaders: { <tag>: { pages, meeting } } }
//   virtual:lkm-locale/<tag>/<part>      export default { …the part's messages }
// The chunks are named locale-<tag>-<part>-<hash>.js (see vite.config.ts, tools/budget.mjs).
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { PARTS, pick, type Part } from '../src/i18n/areas.ts';

const INDEX = 'virtual:lkm-locales';
const PREFIX = 'virtual:lkm-locale/';

export function localeChunks(localesDir: string): Plugin {
  const languages = () =>
    fs
      .readdirSync(localesDir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .sort();
  return {
    name: 'livekit-meet-locale-chunks',
    resolveId(id) {
      if (id === INDEX || id.startsWith(PREFIX)) return `\0${id}`;
      return undefined;
    },
    load(id) {
      if (id === `\0${INDEX}`) {
        const entries = languages().map((tag) => {
          const parts = PARTS.map((part) => `${part}: () => import(${JSON.stringify(`${PREFIX}${tag}/${part}`)})`);
          return `${JSON.stringify(tag)}: { ${parts.join(', ')} }`;
        });
        this.addWatchFile(localesDir);
        return `export const LANGUAGES = ${JSON.stringify(languages())};\nexport const loaders = { ${entries.join(',\n')} };\n`;
      }
      if (!id.startsWith(`\0${PREFIX}`)) return undefined;
      const [tag, part] = id.slice(PREFIX.length + 1).split('/');
      if (!languages().includes(tag) || !PARTS.includes(part as Part)) {
        this.error(`no locale part ${tag}/${part}`);
      }
      const file = path.join(localesDir, `${tag}.json`);
      this.addWatchFile(file);
      const messages = pick(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>, part as Part);
      // JSON.parse of a string: smaller and faster to load than an object literal.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(messages))});\n`;
    },
  };
}

/** The chunk name of a locale part's module, or undefined for any other chunk. */
export function localeChunkName(facadeModuleId: string | null | undefined): string | undefined {
  if (!facadeModuleId?.startsWith(`\0${PREFIX}`)) return undefined;
  const [tag, part] = facadeModuleId.slice(PREFIX.length + 1).split('/');
  return `locale-${tag}-${part}`;
}
