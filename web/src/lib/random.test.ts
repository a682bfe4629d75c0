import { afterEach, describe, expect, it, vi } from 'vitest';
import { generatePassphrase, generateRoomId, randomString } from './random';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Replaces crypto.getRandomValues with one that hands out `bytes` in turn, cycling. */
function stubRandomBytes(bytes: number[]) {
  let next = 0;
  const getRandomValues = vi.fn((buffer: Uint8Array) => {
    for (let i = 0; i < buffer.length; i += 1) buffer[i] = bytes[next++ % bytes.length];
    return buffer;
  });
  vi.stubGlobal('crypto', { getRandomValues });
  return getRandomValues;
}

describe('randomString', () => {
  it('has the asked length, in lower-case letters and digits', () => {
    for (const length of [1, 4, 16, 64, 200]) {
      const value = randomString(length);
      expect(value).toHaveLength(length);
      expect(value).toMatch(/^[a-z0-9]+$/);
    }
  });

  it('is empty for length 0', () => {
    expect(randomString(0)).toBe('');
  });

  it('maps each byte to a character of the alphabet', () => {
    stubRandomBytes([0, 25, 26, 35, 36, 71]);
    expect(randomString(6)).toBe('az09a9');
  });

  it('skips the bytes that would favour the first characters of the alphabet', () => {
    // 36 characters: bytes 252-255 would make a-d more likely than the rest.
    stubRandomBytes([252, 253, 254, 255, 251, 0]);
    expect(randomString(2)).toBe('9a');
  });

  it('uses each character equally often over every byte value', () => {
    const all = Array.from({ length: 256 }, (_, byte) => byte);
    stubRandomBytes(all);
    const counts = new Map<string, number>();
    for (const char of randomString(252)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(36);
    expect(new Set(counts.values())).toEqual(new Set([7]));
  });

  it('asks for more random bytes until it has enough', () => {
    // One byte in four is usable: the first 40 bytes give 10 characters, the next 40 the rest.
    const getRandomValues = stubRandomBytes([255, 254, 253, 1]);
    expect(randomString(20)).toBe('b'.repeat(20));
    expect(getRandomValues).toHaveBeenCalledTimes(2);
  });

  it('takes another alphabet', () => {
    stubRandomBytes([0, 1, 2, 3, 255, 254]);
    // Three characters: 255 is the one byte left out; 254 % 3 === 2.
    expect(randomString(5, 'xyz')).toBe('xyzxz');
  });

  it('refuses an alphabet that one byte cannot pick from, instead of looping', () => {
    expect(() => randomString(4, '')).toThrow(RangeError);
    expect(() => randomString(4, 'x'.repeat(257))).toThrow(RangeError);
    expect(randomString(3, 'x'.repeat(256))).toBe('xxx');
  });

  it('does not repeat itself', () => {
    expect(new Set(Array.from({ length: 50 }, () => randomString(16))).size).toBe(50);
  });
});

describe('generateRoomId', () => {
  it('is two groups of four letters or digits', () => {
    for (let i = 0; i < 20; i += 1) expect(generateRoomId()).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}$/);
  });

  it('takes its characters from the random bytes', () => {
    stubRandomBytes([10, 11, 12, 13]);
    expect(generateRoomId()).toBe('klmn-klmn');
  });
});

describe('generatePassphrase', () => {
  it('is 64 letters or digits', () => {
    expect(generatePassphrase()).toMatch(/^[a-z0-9]{64}$/);
    expect(generatePassphrase()).not.toBe(generatePassphrase());
  });
});
