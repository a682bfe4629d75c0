// The end-to-end encryption passphrase travels only in the URL fragment (`#...`), which browsers
// never send to a server.

export function encodePassphrase(passphrase: string): string {
  return encodeURIComponent(passphrase);
}

export function decodePassphrase(fragment: string): string {
  const raw = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The passphrase in the current page's fragment, or undefined. */
export function passphraseFromLocation(hash: string = window.location.hash): string | undefined {
  const value = decodePassphrase(hash);
  return value.length > 0 ? value : undefined;
}
