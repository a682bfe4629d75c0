// Run-time configuration. livekit-meet injects into index.html's <head>
//   <base href="{basePath}/"> and <meta name="livekit-meet-config" content="{JSON}">
// so one build serves under any base path and settings. A missing tag or field means the default.

export interface AppConfig {
  /** '' when served at the root, otherwise '/meet'-like: leading slash, no trailing slash. */
  basePath: string;
  /** Seconds alone in a meeting before "Are you still there?"; 0: never asked. */
  aloneTimeout: number;
}

const DEFAULTS: AppConfig = { basePath: '', aloneTimeout: 600 };

function seconds(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

export function normaliseBasePath(value: unknown): string {
  if (typeof value !== 'string') return '';
  const trimmed = value.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

export function readConfig(doc: Document = document): AppConfig {
  const meta = doc.querySelector('meta[name="livekit-meet-config"]');
  const content = meta?.getAttribute('content');
  if (!content) return { ...DEFAULTS };
  try {
    const parsed: unknown = JSON.parse(content);
    if (parsed === null || typeof parsed !== 'object') return { ...DEFAULTS };
    const record = parsed as Record<string, unknown>;
    return {
      basePath: normaliseBasePath(record.basePath),
      aloneTimeout: seconds(record.aloneTimeout, DEFAULTS.aloneTimeout),
    };
  } catch {
    return { ...DEFAULTS };
  }
}

export const config: AppConfig = readConfig();

/**
 * The URL of a path of this app, e.g. appUrl('api/connection-details').
 * Relative to the injected <base href>; without one, relative to the configured base path.
 */
export function appUrl(relative: string): URL {
  const hasBase = document.querySelector('base[href]') !== null;
  const base = hasBase ? document.baseURI : `${window.location.origin}${config.basePath}/`;
  return new URL(relative.replace(/^\/+/, ''), base);
}
