// Run-time configuration. livekit-meet injects into index.html's <head>
//   <base href="{basePath}/"> and <meta name="livekit-meet-config" content="{JSON}">
// so one build serves under any base path and settings. A missing tag or field means the default.

/** The look the server's settings give the app (`--product-name`, `--logo`, …); defaults as built. */
export interface Brand {
  /** Shown in the page and its title. */
  productName: string;
  /** Relative to the base href ("brand/logo.svg"); none: the built-in mark. */
  logoUrl?: string;
  /** "#rrggbb". */
  accentColor?: string;
  /** One line on the home page. */
  welcome?: string;
  privacyUrl?: string;
  legalUrl?: string;
  supportUrl?: string;
}

export const DEFAULT_PRODUCT_NAME = 'LiveKit Meet';

export interface AppConfig {
  /** '' when served at the root, otherwise '/meet'-like: leading slash, no trailing slash. */
  basePath: string;
  /** Seconds alone in a meeting before "Are you still there?"; 0: never asked. */
  aloneTimeout: number;
  /** The server's `--default-language`: spoken when neither the person nor the browser asks for one we have. */
  defaultLanguage: string;
  brand: Brand;
}

const DEFAULTS: AppConfig = {
  basePath: '',
  aloneTimeout: 600,
  defaultLanguage: 'en',
  brand: { productName: DEFAULT_PRODUCT_NAME },
};

const text = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' && value.trim() !== '' && value.length <= max ? value : undefined;

/** A link the footer may carry: http(s), or mailto for support. Anything else is dropped. */
function link(value: unknown, schemes: readonly string[]): string | undefined {
  const url = text(value, 2048);
  if (!url) return undefined;
  try {
    return schemes.includes(new URL(url).protocol) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The brand object of the configuration; what is missing or malformed keeps its default. */
export function readBrand(value: unknown): Brand {
  if (value === null || typeof value !== 'object') return { ...DEFAULTS.brand };
  const record = value as Record<string, unknown>;
  const logo = text(record.logoUrl, 512);
  const colour = text(record.accentColor, 7);
  const brand: Brand = { productName: text(record.productName, 64) ?? DEFAULT_PRODUCT_NAME };
  if (logo && /^brand\/[\w.-]+$/.test(logo)) brand.logoUrl = logo;
  if (colour && /^#[0-9a-fA-F]{6}$/.test(colour)) brand.accentColor = colour.toLowerCase();
  const welcome = text(record.welcome, 200);
  if (welcome) brand.welcome = welcome;
  const privacy = link(record.privacyUrl, ['http:', 'https:']);
  if (privacy) brand.privacyUrl = privacy;
  const legal = link(record.legalUrl, ['http:', 'https:']);
  if (legal) brand.legalUrl = legal;
  const support = link(record.supportUrl, ['http:', 'https:', 'mailto:']);
  if (support) brand.supportUrl = support;
  return brand;
}

function languageTag(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(value) ? value : fallback;
}

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
  if (!content) return { ...DEFAULTS, brand: { ...DEFAULTS.brand } };
  try {
    const parsed: unknown = JSON.parse(content);
    if (parsed === null || typeof parsed !== 'object') return { ...DEFAULTS, brand: { ...DEFAULTS.brand } };
    const record = parsed as Record<string, unknown>;
    return {
      basePath: normaliseBasePath(record.basePath),
      aloneTimeout: seconds(record.aloneTimeout, DEFAULTS.aloneTimeout),
      defaultLanguage: languageTag(record.defaultLanguage, DEFAULTS.defaultLanguage),
      brand: readBrand(record.brand),
    };
  } catch {
    return { ...DEFAULTS, brand: { ...DEFAULTS.brand } };
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
