import { describe, expect, it } from 'vitest';
import { createTranslator, interpolate, pluralType, type MessageKey, type Messages } from './messages';

const key = (name: string) => name as MessageKey;

describe('interpolate', () => {
  const numbers = new Intl.NumberFormat('en');

  it('fills each placeholder, numbers the language’s way', () => {
    expect(interpolate('{a} and {b}', { a: 'x', b: 1234 }, numbers)).toBe('x and 1,234');
    expect(interpolate('{a}{a}', { a: 'y' }, numbers)).toBe('yy');
  });

  it('leaves unknown placeholders and inherited names as written', () => {
    expect(interpolate('{missing} {toString}', { a: 'x' }, numbers)).toBe('{missing} {toString}');
    expect(interpolate('no params {a}', undefined, numbers)).toBe('no params {a}');
  });

  it('does not read a value as a pattern', () => {
    expect(interpolate('{a}', { a: '$& {b} $1' }, numbers)).toBe('$& {b} $1');
  });
});

describe('pluralType', () => {
  it('is ordinal when the other form uses {ordinal}', () => {
    expect(pluralType({ other: '{ordinal}th' })).toBe('ordinal');
    expect(pluralType({ one: '{count} item', other: '{count} items' })).toBe('cardinal');
  });
});

describe('createTranslator', () => {
  const messages: Messages = {
    hello: 'Hello, {name}',
    items: { one: '{count} item', other: '{count} items' },
    place: { one: '{ordinal}st', two: '{ordinal}nd', few: '{ordinal}rd', other: '{ordinal}th' },
    partial: { other: '{count} things' },
  };

  it('fills a message', () => {
    expect(createTranslator('en', messages)(key('hello'), { name: 'Ada' })).toBe('Hello, Ada');
  });

  it('picks the plural form by the count', () => {
    const t = createTranslator('en', messages);
    expect(t(key('items'), { count: 1 })).toBe('1 item');
    expect(t(key('items'), { count: 0 })).toBe('0 items');
    expect(t(key('items'), { count: 2500 })).toBe('2,500 items');
  });

  it('picks the ordinal form by the ordinal', () => {
    const t = createTranslator('en', messages);
    const places = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101].map((n) => t(key('place'), { ordinal: n }));
    expect(places).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st']);
  });

  it('uses the other form when the count is missing or the form is', () => {
    const t = createTranslator('en', messages);
    expect(t(key('items'))).toBe('{count} items');
    expect(t(key('partial'), { count: 1 })).toBe('1 things');
  });

  it('follows the language’s rules: French says "1,5 item" in the singular', () => {
    const fr = createTranslator('fr', { items: { one: '{count} élément', many: '{count} d’éléments', other: '{count} éléments' } });
    expect(fr(key('items'), { count: 1.5 })).toBe('1,5 élément');
    expect(fr(key('items'), { count: 2 })).toBe('2 éléments');
    expect(fr(key('items'), { count: 0 })).toBe('0 élément');
  });

  it('shows the key of a message it does not have, and not an inherited property', () => {
    const t = createTranslator('en', messages);
    expect(t(key('nope'))).toBe('nope');
    expect(t(key('constructor'))).toBe('constructor');
  });
});
