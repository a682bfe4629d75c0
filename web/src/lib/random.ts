// Random identifiers from the Web Crypto API.

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters from [a-z0-9], uniformly distributed (rejection sampling). */
export function randomString(length: number, alphabet: string = ALPHABET): string {
  // One byte picks one character: an alphabet of 1 to 256 characters.
  if (alphabet.length === 0 || alphabet.length > 256) {
    throw new RangeError('randomString needs an alphabet of 1 to 256 characters');
  }
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  const buffer = new Uint8Array(Math.max(16, length * 2));
  while (out.length < length) {
    crypto.getRandomValues(buffer);
    for (const byte of buffer) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A meeting id such as `k3x9-a0qz`. */
export function generateRoomId(): string {
  return `${randomString(4)}-${randomString(4)}`;
}

/** A fresh end-to-end encryption passphrase: 64 characters. */
export function generatePassphrase(): string {
  return randomString(64);
}
