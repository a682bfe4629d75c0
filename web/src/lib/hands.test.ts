import { beforeEach, describe, expect, it } from 'vitest';

// The page stub comes first: the modules under test read the page when imported.
import { mockFetch } from './testing/page';
import { english, i18nFor } from '../i18n/testing';
import { ApiError } from './api';
import {
  HAND_ATTRIBUTE,
  becomeMember,
  handPlace,
  handQueue,
  lowerAllHands,
  lowerHand,
  raisedAt,
  setOwnHand,
} from './hands';

describe('raisedAt', () => {
  it('reads the time of a raised hand', () => {
    expect(raisedAt({ [HAND_ATTRIBUTE]: '1764173100123' })).toBe(1_764_173_100_123);
    expect(raisedAt({ hand: '0' })).toBe(0);
    expect(raisedAt({ hand: '999999999999999' })).toBe(999_999_999_999_999);
  });

  it('is undefined when the hand is down', () => {
    expect(raisedAt(undefined)).toBeUndefined();
    expect(raisedAt({})).toBeUndefined();
    expect(raisedAt({ hand: '' })).toBeUndefined();
    expect(raisedAt({ role: 'host', other: '17' })).toBeUndefined();
  });

  it('is undefined for a value that is not a whole number of milliseconds', () => {
    const bad = ['-5', '1.5', '1e3', ' 12', '12 ', '0x10', 'true', '12a', '١٢', '1234567890123456'];
    for (const value of bad) expect(raisedAt({ hand: value }), value).toBeUndefined();
  });
});

describe('handQueue', () => {
  it('lists the raised hands in the order they went up', () => {
    const queue = handQueue([
      { identity: 'carol', name: 'Carol', attributes: { hand: '300' } },
      { identity: 'alice', name: 'Alice', attributes: { hand: '100' } },
      { identity: 'dave', name: 'Dave', attributes: {} },
      { identity: 'bob', name: 'Bob', attributes: { hand: '200' } },
    ]);
    expect(queue).toEqual([
      { identity: 'alice', name: 'Alice', raisedAt: 100 },
      { identity: 'bob', name: 'Bob', raisedAt: 200 },
      { identity: 'carol', name: 'Carol', raisedAt: 300 },
    ]);
  });

  it('orders equal times by identity', () => {
    const queue = handQueue([
      { identity: 'zed', attributes: { hand: '5' } },
      { identity: 'amy', attributes: { hand: '5' } },
      { identity: 'Max', attributes: { hand: '5' } },
      { identity: 'early', attributes: { hand: '4' } },
    ]);
    // Code-unit order: upper case before lower case.
    expect(queue.map((hand) => hand.identity)).toEqual(['early', 'Max', 'amy', 'zed']);
  });

  it('names a participant without a name by its identity', () => {
    const queue = handQueue([
      { identity: 'id-1', attributes: { hand: '1' } },
      { identity: 'id-2', name: '', attributes: { hand: '2' } },
    ]);
    expect(queue.map((hand) => hand.name)).toEqual(['id-1', 'id-2']);
  });

  it('leaves out hands whose value is not a time', () => {
    const queue = handQueue([
      { identity: 'a', attributes: { hand: 'yes' } },
      { identity: 'b', attributes: { hand: '-1' } },
      { identity: 'c', attributes: { hand: '7' } },
    ]);
    expect(queue).toEqual([{ identity: 'c', name: 'c', raisedAt: 7 }]);
  });

  it('is empty when nobody raised a hand', () => {
    expect(handQueue([])).toEqual([]);
    expect(handQueue([{ identity: 'a', attributes: {} }])).toEqual([]);
  });

  it('does not reorder the participants it is given', () => {
    const participants = [
      { identity: 'b', attributes: { hand: '2' } },
      { identity: 'a', attributes: { hand: '1' } },
    ];
    handQueue(participants);
    expect(participants.map((p) => p.identity)).toEqual(['b', 'a']);
  });
});

describe('handPlace', () => {
  it('says the place in English with st, nd and rd after 1, 2 and 3, and th otherwise', () => {
    const cases: [number, string][] = [
      [1, '1st'], [2, '2nd'], [3, '3rd'], [4, '4th'], [11, '11th'], [12, '12th'], [13, '13th'],
      [21, '21st'], [22, '22nd'], [23, '23rd'], [111, '111th'], [102, '102nd'],
    ];
    for (const [place, ordinal] of cases) {
      expect(handPlace(english, place)).toBe(`Hand raised, ${ordinal} in line`);
    }
  });

  it('says the place in French, where a hand is feminine: 1re, then 2e', () => {
    const french = i18nFor('fr');
    expect(handPlace(french, 1)).toBe('Main levée, 1re dans la file');
    expect(handPlace(french, 2)).toBe('Main levée, 2e dans la file');
    expect(handPlace(french, 11)).toBe('Main levée, 11e dans la file');
  });

  it('says the place in German, Spanish and Dutch with their ordinal marks', () => {
    expect(handPlace(i18nFor('de'), 3)).toBe('Hand gehoben, 3. in der Reihe');
    expect(handPlace(i18nFor('es'), 3)).toBe('Mano levantada, 3.ª en la cola');
    expect(handPlace(i18nFor('nl'), 3)).toBe('Hand opgestoken, 3e in de rij');
  });
});

describe('hand requests', () => {
  const fetchMock = mockFetch();
  const calls = () => fetchMock.mock.calls.map(([url, init]) => `${init?.method} ${String(url)}`);

  beforeEach(() => {
    fetchMock.mockImplementation(async () => new Response(null, { status: 204 }));
  });

  it('raises and lowers one’s own hand', async () => {
    await setOwnHand('abcd-1234', true);
    await setOwnHand('abcd-1234', false);
    expect(calls()).toEqual([
      'POST https://meet.example/api/rooms/abcd-1234/hand',
      'DELETE https://meet.example/api/rooms/abcd-1234/hand',
    ]);
  });

  it('lowers someone’s hand, with the room and identity encoded', async () => {
    await lowerHand('team.sync', 'ada/1?x');
    expect(calls()).toEqual([
      'DELETE https://meet.example/api/rooms/team%2Esync/participants/ada%2F1%3Fx/hand',
    ]);
  });

  it('lowers every hand', async () => {
    await lowerAllHands('r');
    expect(calls()).toEqual(['DELETE https://meet.example/api/rooms/r/hands']);
  });

  it('proves membership with the LiveKit token', async () => {
    await becomeMember('r', 'a.b.c');
    expect(calls()).toEqual(['POST https://meet.example/api/rooms/r/member']);
    expect(fetchMock.mock.calls[0][1]?.headers).toEqual({
      Accept: 'application/json',
      Authorization: 'Bearer a.b.c',
    });
  });

  it('throws the server’s error when it refuses', async () => {
    fetchMock.mockImplementation(
      async () => new Response('{"error":"not_member","message":"Join the meeting first"}', { status: 403 }),
    );
    for (const request of [becomeMember('r', 'bad'), setOwnHand('r', true)]) {
      const error: unknown = await request.catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ message: 'Join the meeting first', status: 403, code: 'not_member' });
    }
  });
});
