import { describe, expect, it } from 'vitest';
import { hasControlCharacter, hasInvisibleOrControlCharacter } from './text';

const hex = (char: string) => `U+${char.codePointAt(0)?.toString(16).padStart(4, '0')}`;

/** Every character from `first` to `last`, inclusive. */
const range = (first: number, last: number) =>
  Array.from({ length: last - first + 1 }, (_, i) => String.fromCodePoint(first + i));

const CONTROLS = [...range(0x00, 0x1f), ...range(0x7f, 0x9f)];
const INVISIBLE = [
  '\u061c',
  '\u180e',
  ...range(0x200b, 0x200f),
  ...range(0x202a, 0x202e),
  '\u2060',
  ...range(0x2066, 0x2069),
  '\ufeff',
];
// The characters just outside each refused range.
const NEIGHBOURS = [
  ' ', '~', '\u00a0', '\u061b', '\u061d', '\u180d', '\u180f', '\u200a', '\u2010', '\u2029', '\u202f',
  '\u205f', '\u2061', '\u2065', '\u206a', '\ufefe', '\uff00',
];

describe('hasControlCharacter', () => {
  it('finds every C0 control, DEL and every C1 control, anywhere in the text', () => {
    for (const char of CONTROLS) {
      expect(hasControlCharacter(char), hex(char)).toBe(true);
      expect(hasControlCharacter(`abc${char}def`), hex(char)).toBe(true);
    }
  });

  it('finds nothing in ordinary text', () => {
    for (const text of ['', 'abcd-1234', 'Team sync', 'café 会议 👋', 'a~b', '\u00a0']) {
      expect(hasControlCharacter(text), text).toBe(false);
    }
  });

  it('leaves invisible marks to the other check', () => {
    for (const char of INVISIBLE) expect(hasControlCharacter(char), hex(char)).toBe(false);
  });
});

describe('hasInvisibleOrControlCharacter', () => {
  it('finds every control character', () => {
    for (const char of CONTROLS) expect(hasInvisibleOrControlCharacter(`a${char}b`), hex(char)).toBe(true);
  });

  it('finds bidirectional marks, zero-width characters and the byte-order mark', () => {
    for (const char of INVISIBLE) expect(hasInvisibleOrControlCharacter(`a${char}b`), hex(char)).toBe(true);
  });

  it('finds nothing in the characters just outside the refused ranges', () => {
    for (const char of NEIGHBOURS) expect(hasInvisibleOrControlCharacter(`a${char}b`), hex(char)).toBe(false);
  });

  it('finds nothing in names in any script, with emoji', () => {
    for (const name of ['Ada Lovelace', 'Zoë', '李雷', 'محمد', 'Ada 👋', "O'Brien-Smith"]) {
      expect(hasInvisibleOrControlCharacter(name), name).toBe(false);
    }
  });

  it('finds the zero-width joiner inside an emoji sequence', () => {
    expect(hasInvisibleOrControlCharacter('Ada 👩\u200d💻')).toBe(true);
  });
});
