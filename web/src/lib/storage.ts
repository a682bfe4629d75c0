// Small, failure-tolerant wrappers around localStorage (private modes may refuse it).

export function loadSetting<T>(key: string, fallback: T, isValid: (value: unknown) => value is T): T {
  try {
    const raw = window.localStorage.getItem(key);
    if (raw === null) return fallback;
    const value: unknown = JSON.parse(raw);
    return isValid(value) ? value : fallback;
  } catch {
    return fallback;
  }
}

export function saveSetting(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Not persisted; the setting still applies to this visit.
  }
}

export function removeSetting(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // Nothing to forget where nothing could be kept.
  }
}
