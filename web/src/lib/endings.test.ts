import { DisconnectReason } from 'livekit-client';
import { describe, expect, it } from 'vitest';
import { english, i18nFor } from '../i18n/testing';
import { endingFromDisconnect, endingPage, type Ending } from './endings';

describe('endingFromDisconnect', () => {
  it('tells leaving, removal, deletion, closing and a duplicate identity apart', () => {
    expect(endingFromDisconnect(DisconnectReason.CLIENT_INITIATED)).toEqual({ kind: 'left' });
    expect(endingFromDisconnect(DisconnectReason.PARTICIPANT_REMOVED)).toEqual({ kind: 'removed' });
    expect(endingFromDisconnect(DisconnectReason.ROOM_DELETED)).toEqual({ kind: 'ended', by: 'host' });
    expect(endingFromDisconnect(DisconnectReason.ROOM_CLOSED)).toEqual({ kind: 'ended', by: 'server' });
    expect(endingFromDisconnect(DisconnectReason.DUPLICATE_IDENTITY)).toEqual({ kind: 'elsewhere' });
  });

  it('treats any other reason, or none, as a lost connection', () => {
    const others = [
      undefined,
      DisconnectReason.UNKNOWN_REASON,
      DisconnectReason.SERVER_SHUTDOWN,
      DisconnectReason.JOIN_FAILURE,
      DisconnectReason.SIGNAL_CLOSE,
      DisconnectReason.STATE_MISMATCH,
      DisconnectReason.CONNECTION_TIMEOUT,
    ];
    for (const reason of others) expect(endingFromDisconnect(reason), String(reason)).toEqual({ kind: 'lost' });
  });
});

describe('endingPage', () => {
  it('offers to rejoin after leaving, being alone, being removed or losing the connection', () => {
    for (const kind of ['left', 'alone', 'removed', 'lost'] as const) {
      expect(endingPage(english, { kind }).rejoin, kind).toBe('Rejoin');
    }
  });

  it('offers to rejoin here after joining from another device', () => {
    expect(endingPage(english, { kind: 'elsewhere' })).toEqual({
      title: 'You joined from another device',
      text: 'You joined this meeting from another tab or device, so you left it here.',
      rejoin: 'Rejoin here',
    });
  });

  it('offers no rejoin once the meeting has ended, whoever ended it', () => {
    for (const by of ['host', 'you', 'server'] as const) {
      expect(endingPage(english, { kind: 'ended', by }).rejoin, by).toBeUndefined();
    }
  });

  it('says who ended the meeting', () => {
    expect(endingPage(english, { kind: 'ended', by: 'you' }).title).toBe('You ended the meeting for everyone');
    expect(endingPage(english, { kind: 'ended', by: 'host' })).toEqual({
      title: 'The meeting has ended',
      text: 'A host ended the meeting for everyone.',
    });
    expect(endingPage(english, { kind: 'ended', by: 'server' })).toEqual({
      title: 'The meeting has ended',
      text: 'The media server closed the meeting.',
    });
  });

  it('explains a removal and a lost connection in their own words', () => {
    expect(endingPage(english, { kind: 'removed' }).title).toBe('You were removed from the meeting');
    expect(endingPage(english, { kind: 'lost' }).title).toBe('Connection lost');
    expect(endingPage(english, { kind: 'left' }).title).toBe('You left the meeting');
    expect(endingPage(english, { kind: 'alone' }).title).toBe('You left the meeting');
  });

  it('gives every ending a text of its own', () => {
    const endings: Ending[] = [
      { kind: 'left' },
      { kind: 'alone' },
      { kind: 'removed' },
      { kind: 'ended', by: 'host' },
      { kind: 'ended', by: 'you' },
      { kind: 'ended', by: 'server' },
      { kind: 'elsewhere' },
      { kind: 'lost' },
    ];
    const texts = endings.map((ending) => endingPage(english, ending).text);
    expect(texts.every((text) => text.length > 0)).toBe(true);
    expect(new Set(texts).size).toBe(endings.length);
  });

  it('speaks the language of the page', () => {
    expect(endingPage(i18nFor('fr'), { kind: 'lost' })).toEqual({
      title: 'Connexion perdue',
      text: 'La connexion à la réunion a été perdue et n’a pas pu être rétablie. Vérifiez votre réseau, puis rejoignez-la.',
      rejoin: 'Rejoindre',
    });
    expect(endingPage(i18nFor('nl'), { kind: 'elsewhere' }).rejoin).toBe('Hier opnieuw deelnemen');
  });
});
