// Each language's file is served as two chunks, so that a page downloads only the words it can
// show: `pages` (the home page and its "My rooms", the lobby, the frame of every page, errors,
// formats), which every page loads first, and `meeting` (the pre-join, the meeting, the host
// controls, the connection test), loaded with the meeting pages' code. A key's area is the part
// of it before the first dot.

export type Part = 'pages' | 'meeting';
export const PARTS: readonly Part[] = ['pages', 'meeting'];

/** The areas whose messages the first page needs; every other area is in `meeting`. */
export const PAGE_AREAS: readonly string[] = [
  'app',
  'common',
  'create',
  'errors',
  'format',
  'home',
  'language',
  'links',
  'lobby',
  'myRooms',
  'notFound',
  'rooms',
  'shell',
  'toasts',
];

export function partOf(key: string): Part {
  return PAGE_AREAS.includes(key.split('.')[0]) ? 'pages' : 'meeting';
}

/** The messages of one part. */
export function pick<T>(messages: Readonly<Record<string, T>>, part: Part): Record<string, T> {
  return Object.fromEntries(Object.entries(messages).filter(([key]) => partOf(key) === part));
}
