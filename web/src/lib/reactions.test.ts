import { describe, expect, it } from 'vitest';
import { english, i18nFor } from '../i18n/testing';
import {
  REACTIONS,
  ReactionInbox,
  RateWindow,
  decodeReaction,
  encodeReaction,
  reactionAnnouncement,
  reactionLabel,
} from './reactions';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('reaction wire form', () => {
  it('decodes what it encodes, for every reaction', () => {
    for (const { key } of REACTIONS) expect(decodeReaction(encodeReaction(key))).toBe(key);
  });

  it('ignores unknown keys, other shapes, bad JSON and large payloads', () => {
    expect(decodeReaction(bytes('{"reaction":"rocket"}'))).toBeUndefined();
    expect(decodeReaction(bytes('{"reaction":42}'))).toBeUndefined();
    expect(decodeReaction(bytes('{"reaction":"toString"}'))).toBeUndefined();
    expect(decodeReaction(bytes('"thumbs-up"'))).toBeUndefined();
    expect(decodeReaction(bytes('null'))).toBeUndefined();
    expect(decodeReaction(bytes('{"reaction":'))).toBeUndefined();
    expect(decodeReaction(new Uint8Array([0xff, 0xfe, 0x00]))).toBeUndefined();
    const padded = `{"reaction":"love","pad":"${'x'.repeat(300)}"}`;
    expect(decodeReaction(bytes(padded))).toBeUndefined();
  });
});

describe('reaction words', () => {
  it('names every reaction', () => {
    expect(REACTIONS.map(({ key }) => reactionLabel(english, key))).toEqual([
      'thumbs up', 'applause', 'laughter', 'love', 'celebration', 'surprise',
    ]);
  });

  it('says who reacted, and with what', () => {
    const alice = { name: 'Alice Adams', isLocal: false };
    const me = { name: 'Ann', isLocal: true };
    expect(reactionAnnouncement(english, alice, 'applause')).toBe('Alice Adams reacted with applause');
    expect(reactionAnnouncement(english, me, 'thumbs-up')).toBe('You reacted with thumbs up');
    expect(reactionAnnouncement(i18nFor('fr'), alice, 'applause')).toBe('Alice Adams a réagi : applaudissements');
    expect(reactionAnnouncement(i18nFor('de'), me, 'love')).toBe('Sie haben mit „Liebe“ reagiert');
  });
});

describe('RateWindow', () => {
  it('lets `count` events through in any window, and more once the oldest leaves it', () => {
    const window = new RateWindow(3, 1000);
    expect([0, 10, 20, 30].map((t) => window.take(t))).toEqual([true, true, true, false]);
    expect(window.take(999)).toBe(false);
    expect(window.take(1000)).toBe(true); // the event at 0 is out of the window
    expect(window.take(1001)).toBe(false); // 10 and 20 are still in it, with 1000
    expect(window.take(1020)).toBe(true);
  });

  it('does not count what it refused', () => {
    const window = new RateWindow(1, 100);
    expect(window.take(0)).toBe(true);
    for (let t = 1; t < 100; t += 1) expect(window.take(t)).toBe(false);
    expect(window.take(100)).toBe(true);
  });
});

describe('ReactionInbox (the receiving side)', () => {
  const love = encodeReaction('love');

  it('takes at most 8 reactions in 5 s from one sender, and drops the rest', () => {
    const inbox = new ReactionInbox();
    const taken = Array.from({ length: 20 }, (_, i) => inbox.accept('mallory', love, 1000 + i));
    expect(taken.filter((key) => key === 'love')).toHaveLength(8);
    expect(taken.slice(8).every((key) => key === undefined)).toBe(true);
    expect(inbox.accept('mallory', love, 1000 + 4999)).toBeUndefined();
    expect(inbox.accept('mallory', love, 1000 + 5000)).toBe('love');
  });

  it('keeps one window per sender: a flood from one does not silence another', () => {
    const inbox = new ReactionInbox(2, 5000);
    expect(inbox.accept('mallory', love, 0)).toBe('love');
    expect(inbox.accept('mallory', love, 1)).toBe('love');
    expect(inbox.accept('mallory', love, 2)).toBeUndefined();
    expect(inbox.accept('alice', encodeReaction('applause'), 3)).toBe('applause');
  });

  it('does not count what is not a reaction against the sender', () => {
    const inbox = new ReactionInbox(1, 5000);
    expect(inbox.accept('bob', bytes('{"reaction":"rocket"}'), 0)).toBeUndefined();
    expect(inbox.accept('bob', love, 1)).toBe('love');
  });

  it('forgets a sender who left', () => {
    const inbox = new ReactionInbox(1, 5000);
    expect(inbox.accept('bob', love, 0)).toBe('love');
    expect(inbox.accept('bob', love, 1)).toBeUndefined();
    inbox.forget('bob');
    expect(inbox.accept('bob', love, 2)).toBe('love');
  });
});
