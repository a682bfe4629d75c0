// The page the modules under test read (config.ts when imported, appUrl on each call), put in
// place as soon as this module loads.
import { vi } from 'vitest';

/** The origin of the stubbed page; the app is served at its root. */
export const PAGE_ORIGIN = 'https://meet.example';

export function stubPage(): void {
  vi.stubGlobal('document', { querySelector: () => null, baseURI: `${PAGE_ORIGIN}/` });
  vi.stubGlobal('window', { location: { origin: PAGE_ORIGIN } });
}

stubPage();
