import { describe, expect, it } from 'vitest';
import { english, i18nFor } from '../i18n/testing';
import { checkParticipantName, participantNameProblem } from './participantName';

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
