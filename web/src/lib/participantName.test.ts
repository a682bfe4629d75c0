import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { english, i18nFor } from '../i18n/testing';
import {
  SIGNED_IN_NAME_KEY,
  USER_CHOICES_KEY,
  checkParticipantName,
  participantNameProblem,
  prefillParticipantName,
  startingName,
} from './participantName';

describe('checkParticipantName', () => {
  const INVISIBLE =
    'Your name contains invisible or control characters (such as zero-width spaces or ' +
    'text-direction marks). Type it again without them.';

  it('asks for a name when it is empty or blank', () => {
    expect(checkParticipantName(english, '')).toBe('Enter your name to join.');
    expect(checkParticipantName(english, ' \t\n ')).toBe('Enter your name to join.');
  });

  it('accepts ordinary names in any script, with spaces and emoji', () => {
    for (const name of ['Ada', ' Ada Lovelace ', 'Zoë', '李雷', 'محمد', 'Ada 👋', "O'Brien-Smith"]) {
      expect(checkParticipantName(english, name), name).toBeUndefined();
    }
  });

  it('accepts whitespace controls at the ends, which trimming removes', () => {
    expect(checkParticipantName(english, '\tAda\n')).toBeUndefined();
  });

  it('refuses control, bidirectional and zero-width characters inside the name', () => {
    const refused = [
      '\u0000', '\u0009', '\u001f', '\u007f', '\u0080', '\u009f', '\u061c', '\u180e', '\u200b',
      '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202e', '\u2060', '\u2066', '\u2069',
      '\ufeff',
    ];
    for (const char of refused) {
      expect(checkParticipantName(english, `Ad${char}a`), char.codePointAt(0)?.toString(16)).toBe(INVISIBLE);
    }
  });

  it('tells the problem apart without words', () => {
    expect(participantNameProblem(' ')).toBe('empty');
    expect(participantNameProblem('Ad\u200ba')).toBe('invisible');
    expect(participantNameProblem('Ada')).toBeUndefined();
  });

  it('says it in the language of the page', () => {
    expect(checkParticipantName(i18nFor('de'), '')).toBe('Geben Sie Ihren Namen ein, um teilzunehmen.');
    expect(checkParticipantName(i18nFor('fr'), 'Ada')).toBeUndefined();
  });

  it('accepts the visible neighbours of the refused ranges', () => {
    for (const char of ['\u00a0', '\u061b', '\u2010', '\u202f', '\u2061', '\u206a', '\ufefe']) {
      expect(checkParticipantName(english, `Ad${char}a`), char.codePointAt(0)?.toString(16)).toBeUndefined();
    }
  });
});

describe('startingName', () => {
  it('fills an empty field with the signed-in person’s name, and remembers it did', () => {
    expect(startingName('', undefined, 'Ada Lovelace')).toEqual({ name: 'Ada Lovelace', filled: 'Ada Lovelace' });
    expect(startingName('  ', undefined, ' Ada ')).toEqual({ name: 'Ada', filled: 'Ada' });
  });

  it('keeps a name the person typed, signed in or not', () => {
    expect(startingName('Ada', undefined, 'Ada Lovelace')).toEqual({ name: 'Ada' });
    expect(startingName('Countess', 'Ada Lovelace', 'Ada Lovelace')).toEqual({ name: 'Countess' });
    expect(startingName('Ada', undefined, undefined)).toEqual({ name: 'Ada' });
    expect(startingName('Ada', 'Someone else', undefined)).toEqual({ name: 'Ada' });
  });

  it('follows the account when the field still holds what sign-in put there', () => {
    expect(startingName('Ada Lovelace', 'Ada Lovelace', 'Ada Lovelace')).toEqual({
      name: 'Ada Lovelace',
      filled: 'Ada Lovelace',
    });
    expect(startingName('Ada Lovelace', 'Ada Lovelace', 'Ada King')).toEqual({ name: 'Ada King', filled: 'Ada King' });
    expect(startingName('', 'Ada Lovelace', 'Ada King')).toEqual({ name: 'Ada King', filled: 'Ada King' });
  });

  it('does not offer a name that only sign-in put there once nobody is signed in', () => {
    expect(startingName('Ada Lovelace', 'Ada Lovelace', undefined)).toEqual({ name: '' });
    expect(startingName('', 'Ada Lovelace', undefined)).toEqual({ name: '' });
  });

  it('leaves an empty field empty without a signed-in person', () => {
    expect(startingName('', undefined, undefined)).toEqual({ name: '' });
  });

  it('fills nothing with a name the server would refuse', () => {
    for (const account of ['', '   ', 'Ad\u200ba', 'Ada\u0000', 'a'.repeat(251), 'é'.repeat(126)]) {
      expect(startingName('', undefined, account), JSON.stringify(account)).toEqual({ name: '' });
    }
    expect(startingName('', undefined, 'a'.repeat(250))).toEqual({ name: 'a'.repeat(250), filled: 'a'.repeat(250) });
  });
});

describe('prefillParticipantName', () => {
  let items: Map<string, string>;

  beforeEach(() => {
    items = new Map();
    vi.stubGlobal('window', {
      localStorage: {
        getItem: (key: string) => items.get(key) ?? null,
        setItem: (key: string, value: string) => void items.set(key, value),
        removeItem: (key: string) => void items.delete(key),
      },
    });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const choices = () => JSON.parse(items.get(USER_CHOICES_KEY) ?? 'null') as Record<string, unknown> | null;

  it('puts the signed-in person’s name where PreJoin reads it, keeping the other choices', () => {
    items.set(USER_CHOICES_KEY, JSON.stringify({ videoEnabled: false, audioDeviceId: 'mic-2' }));
    expect(prefillParticipantName('Ada Lovelace')).toBe('Ada Lovelace');
    expect(choices()).toEqual({ videoEnabled: false, audioDeviceId: 'mic-2', username: 'Ada Lovelace' });
    expect(items.get(SIGNED_IN_NAME_KEY)).toBe('"Ada Lovelace"');
  });

  it('writes the choices on a first visit', () => {
    expect(prefillParticipantName('Ada')).toBe('Ada');
    expect(choices()).toEqual({ username: 'Ada' });
  });

  it('leaves a name the person typed, and forgets what sign-in put there', () => {
    items.set(USER_CHOICES_KEY, JSON.stringify({ username: 'Countess', videoEnabled: true }));
    items.set(SIGNED_IN_NAME_KEY, '"Ada Lovelace"');
    expect(prefillParticipantName('Ada Lovelace')).toBe('Countess');
    expect(choices()).toEqual({ username: 'Countess', videoEnabled: true });
    expect(items.has(SIGNED_IN_NAME_KEY)).toBe(false);
  });

  it('takes back a name only sign-in put there once nobody is signed in', () => {
    items.set(USER_CHOICES_KEY, JSON.stringify({ username: 'Ada Lovelace', audioEnabled: false }));
    items.set(SIGNED_IN_NAME_KEY, '"Ada Lovelace"');
    expect(prefillParticipantName(undefined)).toBe('');
    // As PreJoin saves its choices: no empty name.
    expect(choices()).toEqual({ audioEnabled: false });
    expect(items.has(SIGNED_IN_NAME_KEY)).toBe(false);
  });

  it('changes nothing when nothing changes', () => {
    items.set(USER_CHOICES_KEY, '{"username":"Bob"}');
    expect(prefillParticipantName(undefined)).toBe('Bob');
    expect(items.get(USER_CHOICES_KEY)).toBe('{"username":"Bob"}');
    expect(items.has(SIGNED_IN_NAME_KEY)).toBe(false);
  });

  it('reads broken choices as none', () => {
    items.set(USER_CHOICES_KEY, '[1,2');
    items.set(SIGNED_IN_NAME_KEY, '42');
    expect(prefillParticipantName('Ada')).toBe('Ada');
    expect(choices()).toEqual({ username: 'Ada' });
  });
});
