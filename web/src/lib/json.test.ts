import { describe, expect, it } from 'vitest';
import { bool, isObject, list, num, optNum, optStr, str } from './json';

describe('JSON field readers', () => {
  it('read strings and booleans only when they are of that type', () => {
    expect([str('a'), str(1), str(null), str(undefined)]).toEqual(['a', '', '', '']);
    expect([bool(true), bool('true'), bool(1), bool(undefined)]).toEqual([true, false, false, false]);
    expect([optStr('a'), optStr(''), optStr(0)]).toEqual(['a', '', undefined]);
  });

  it('read numbers from JSON numbers and from decimal strings (protojson int64)', () => {
    expect([num(42), num(-1.5), num('1764173160'), num(' 7 '), num('-3'), num('12.5')]).toEqual([
      42, -1.5, 1_764_173_160, 7, -3, 12.5,
    ]);
    for (const odd of ['soon', '1e3', '0x10', '', '1.', Number.NaN, Number.POSITIVE_INFINITY, null, {}]) {
      expect(num(odd), String(odd)).toBe(0);
    }
    expect([optNum(null), optNum(undefined), optNum('5'), optNum('x')]).toEqual([null, null, 5, 0]);
  });

  it('take objects, never arrays or null, and keep only the objects of a list', () => {
    expect([isObject({}), isObject([]), isObject(null), isObject('x')]).toEqual([true, false, false, false]);
    expect(list([{ a: 1 }, null, 'x', [], { b: 2 }])).toEqual([{ a: 1 }, { b: 2 }]);
    expect(list({ a: 1 })).toEqual([]);
  });
});
