import { describe, expect, it } from 'vitest';
import { applyAccent, contrast, luminance, textOnAccent } from './brand';

describe('luminance and contrast', () => {
  it('follow WCAG: black on white is 21:1, a colour on itself 1:1', () => {
    expect(luminance('#000000')).toBe(0);
    expect(luminance('#ffffff')).toBeCloseTo(1, 10);
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 10);
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 10);
    expect(contrast('#1f8cf9', '#1f8cf9')).toBe(1);
    // The WCAG example: #777777 on white is about 4.48:1.
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});

describe('textOnAccent', () => {
  it('keeps white text on dark or saturated accents', () => {
    for (const accent of ['#1f8cf9', '#000091', '#b00020', '#2e7d32']) expect(textOnAccent(accent), accent).toBe('#ffffff');
  });

  it('uses dark text on light accents', () => {
    for (const accent of ['#ffeb3b', '#ffffff', '#7fffd4', '#f9b11f']) expect(textOnAccent(accent), accent).toBe('#111111');
  });
});

describe('applyAccent', () => {
  const element = () => {
    const properties = new Map<string, string>();
    const root = { style: { setProperty: (name: string, value: string) => properties.set(name, value) } };
    return { root: root as unknown as HTMLElement, properties };
  };

  it('sets the accent and its text colour', () => {
    const { root, properties } = element();
    applyAccent({ productName: 'Acme', accentColor: '#ffeb3b' }, root);
    expect(Object.fromEntries(properties)).toEqual({ '--lkm-accent': '#ffeb3b', '--lkm-accent-fg': '#111111' });
  });

  it('leaves the built-in colours without an accent', () => {
    const { root, properties } = element();
    applyAccent({ productName: 'Acme' }, root);
    expect(properties.size).toBe(0);
  });
});
