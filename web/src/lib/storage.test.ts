import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSetting, saveSetting } from './storage';

/** A Map-backed stand-in for localStorage. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: vi.fn((key: string) => items.get(key) ?? null),
    setItem: vi.fn((key: string, value: string) => {
      items.set(key, String(value));
    }),
    removeItem: (key: string) => items.delete(key),
    clear: () => items.clear(),
  };
}

let storage: ReturnType<typeof memoryStorage>;

beforeEach(() => {
  storage = memoryStorage();
  vi.stubGlobal('window', { localStorage: storage });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isVolume = (value: unknown): value is number =>
  typeof value === 'number' && value >= 0 && value <= 1;

describe('loadSetting', () => {
  it('reads a saved value', () => {
    storage.items.set('lkm.lowCpu', 'true');
    storage.items.set('lkm.volume', '0.25');
    expect(loadSetting('lkm.lowCpu', false, isBoolean)).toBe(true);
    expect(loadSetting('lkm.volume', 1, isVolume)).toBe(0.25);
    expect(storage.getItem).toHaveBeenCalledWith('lkm.lowCpu');
  });

  it('reads saved objects and unicode strings', () => {
    storage.items.set('obj', '{"name":"Zoë 👋","size":[1,2]}');
    const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;
    expect(loadSetting('obj', null, isObject)).toEqual({ name: 'Zoë 👋', size: [1, 2] });
  });

  it('falls back when nothing was saved', () => {
    expect(loadSetting('missing', 0.5, isVolume)).toBe(0.5);
  });

  it('falls back when the saved value is not a valid one', () => {
    storage.items.set('lkm.volume', '3');
    expect(loadSetting('lkm.volume', 1, isVolume)).toBe(1);
    storage.items.set('lkm.lowCpu', '"true"');
    expect(loadSetting('lkm.lowCpu', false, isBoolean)).toBe(false);
    storage.items.set('lkm.lowCpu', 'null');
    expect(loadSetting('lkm.lowCpu', false, isBoolean)).toBe(false);
  });

  it('falls back when the saved text is not JSON', () => {
    for (const raw of ['', 'tru', '{"a":', 'undefined', "'x'"]) {
      storage.items.set('key', raw);
      expect(loadSetting('key', true, isBoolean), raw).toBe(true);
    }
  });

  it('falls back when storage refuses to be read', () => {
    storage.getItem.mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    expect(loadSetting('key', true, isBoolean)).toBe(true);
  });

  it('falls back when there is no storage at all', () => {
    vi.stubGlobal('window', {
      get localStorage(): Storage {
        throw new DOMException('Access is denied', 'SecurityError');
      },
    });
    expect(loadSetting('key', 0.75, isVolume)).toBe(0.75);
  });
});

describe('saveSetting', () => {
  it('saves the value as JSON', () => {
    saveSetting('lkm.lowCpu', true);
    saveSetting('lkm.name', 'Zoë "Z" 👋');
    saveSetting('lkm.obj', { a: [1, null] });
    expect(storage.items.get('lkm.lowCpu')).toBe('true');
    expect(storage.items.get('lkm.name')).toBe('"Zoë \\"Z\\" 👋"');
    expect(storage.items.get('lkm.obj')).toBe('{"a":[1,null]}');
  });

  it('saves what loadSetting reads back', () => {
    saveSetting('lkm.volume', 0.4);
    expect(loadSetting('lkm.volume', 1, isVolume)).toBe(0.4);
  });

  it('replaces an earlier value', () => {
    saveSetting('k', 1);
    saveSetting('k', 0);
    expect(storage.items.get('k')).toBe('0');
  });

  it('does not throw when storage is full or refused', () => {
    storage.setItem.mockImplementation(() => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    });
    expect(() => saveSetting('k', 1)).not.toThrow();
    expect(storage.items.has('k')).toBe(false);
    vi.stubGlobal('window', {
      get localStorage(): Storage {
        throw new DOMException('Access is denied', 'SecurityError');
      },
    });
    expect(() => saveSetting('k', 1)).not.toThrow();
  });
});
