import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodePassphrase, encodePassphrase, passphraseFromLocation } from './passphrase';

describe('encodePassphrase', () => {
  it('leaves letters and digits as they are', () => {
    expect(encodePassphrase('k3x9a0qzabcdefgh')).toBe('k3x9a0qzabcdefgh');
  });

  it('percent-encodes what a fragment could misread', () => {
    expect(encodePassphrase('a b#c%d&e=f/g?h')).toBe('a%20b%23c%25d%26e%3Df%2Fg%3Fh');
    expect(encodePassphrase('pässwörd 🔑')).toBe('p%C3%A4ssw%C3%B6rd%20%F0%9F%94%91');
  });
});

describe('decodePassphrase', () => {
  it('reads back what encodePassphrase wrote, with or without the "#"', () => {
    for (const passphrase of ['k3x9a0qz', 'a b#c%d&e=f/g?h', 'pässwörd 🔑', '##', '%41', ' ']) {
      const encoded = encodePassphrase(passphrase);
      expect(decodePassphrase(encoded), passphrase).toBe(passphrase);
      expect(decodePassphrase(`#${encoded}`), passphrase).toBe(passphrase);
    }
  });

  it('drops only one leading "#"', () => {
    expect(decodePassphrase('##abc')).toBe('#abc');
  });

  it('is empty for an empty fragment', () => {
    expect(decodePassphrase('')).toBe('');
    expect(decodePassphrase('#')).toBe('');
  });

  it('keeps a fragment with a broken percent-encoding as it was typed', () => {
    expect(decodePassphrase('#100%')).toBe('100%');
    expect(decodePassphrase('%E0%A4%A')).toBe('%E0%A4%A');
    expect(decodePassphrase('#%ZZsecret')).toBe('%ZZsecret');
  });
});

describe('passphraseFromLocation', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reads the passphrase of a fragment', () => {
    expect(passphraseFromLocation('#s3cret%20phrase')).toBe('s3cret phrase');
  });

  it('is undefined without a passphrase', () => {
    expect(passphraseFromLocation('')).toBeUndefined();
    expect(passphraseFromLocation('#')).toBeUndefined();
  });

  it('reads the current page’s fragment by default', () => {
    vi.stubGlobal('window', { location: { hash: '#from%2Fthe-page' } });
    expect(passphraseFromLocation()).toBe('from/the-page');
  });
});
