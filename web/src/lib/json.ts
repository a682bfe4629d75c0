// Reading the server's JSON answers field by field: a missing or mistyped field becomes an empty
// value instead of breaking the page.

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export const str = (value: unknown): string => (typeof value === 'string' ? value : '');

export const bool = (value: unknown): boolean => value === true;

/** Numbers may arrive as JSON numbers or (protojson int64) decimal strings. */
export function num(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return 0;
}

export const optStr = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

export const optNum = (value: unknown): number | null =>
  value === null || value === undefined ? null : num(value);

/** The objects of an array (anything else in it is left out). */
export const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
