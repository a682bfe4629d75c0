// Reactions: a small set of emoji sent as data messages on a topic of their own, limited on the
// sender's side and, beyond that, ignored on the receiving side.
import type { I18n, MessageKey } from '../i18n/i18n';

export const REACTION_TOPIC = 'lkm-reaction';

export const REACTIONS = [
  { key: 'thumbs-up', emoji: '👍', label: 'reactions.thumbsUp' },
  { key: 'applause', emoji: '👏', label: 'reactions.applause' },
  { key: 'laughter', emoji: '😂', label: 'reactions.laughter' },
  { key: 'love', emoji: '❤️', label: 'reactions.love' },
  { key: 'celebration', emoji: '🎉', label: 'reactions.celebration' },
  { key: 'surprise', emoji: '😮', label: 'reactions.surprise' },
] as const satisfies readonly { key: string; emoji: string; label: MessageKey }[];

export type ReactionKey = (typeof REACTIONS)[number]['key'];

export function reactionOf(key: string) {
  return REACTIONS.find((reaction) => reaction.key === key);
}

/** What a reaction is called, in words: "thumbs up", "applause". */
export function reactionLabel({ t }: I18n, key: ReactionKey): string {
  const reaction = reactionOf(key);
  return reaction ? t(reaction.label) : key;
}

/** What a screen reader says of a reaction: "Alice reacted with applause", or "You reacted with…". */
export function reactionAnnouncement(i18n: I18n, who: { name: string; isLocal: boolean }, key: ReactionKey): string {
  const reaction = reactionLabel(i18n, key);
  return who.isLocal
    ? i18n.t('reactions.youReacted', { reaction })
    : i18n.t('reactions.reacted', { name: who.name, reaction });
}

/** How long a reaction floats over its sender's tile. */
export const REACTION_SHOWN_MS = 4000;

/** The wire form: {"reaction": "<key>"}. */
export function encodeReaction(key: ReactionKey): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify({ reaction: key }));
}

/** The reaction of a data message, or undefined for anything else (unknown, malformed, large). */
export function decodeReaction(payload: Uint8Array): ReactionKey | undefined {
  if (payload.byteLength > 256) return undefined;
  try {
    const data: unknown = JSON.parse(new TextDecoder().decode(payload));
    if (typeof data !== 'object' || data === null) return undefined;
    const key = (data as { reaction?: unknown }).reaction;
    return typeof key === 'string' ? reactionOf(key)?.key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * At most `count` events in any `windowMs`: a sliding window of the times let through. The sender
 * uses one (5 in 5 s); the receiver keeps one per sender, a little looser (8 in 5 s), and drops
 * whatever goes beyond.
 */
export class RateWindow {
  private times: number[] = [];

  constructor(
    private readonly count: number,
    private readonly windowMs: number,
  ) {}

  /** Whether an event at `now` is let through (and counted). */
  take(now: number): boolean {
    this.times = this.times.filter((t) => now - t < this.windowMs);
    if (this.times.length >= this.count) return false;
    this.times.push(now);
    return true;
  }
}

/**
 * The receiving side: the reactions taken from each sender, at most `count` in any `windowMs`
 * (looser than the sender's own limit, so that only a client that ignores it loses reactions).
 */
export class ReactionInbox {
  private readonly senders = new Map<string, RateWindow>();

  constructor(
    private readonly count = 8,
    private readonly windowMs = 5000,
  ) {}

  /** The reaction `payload` from `sender` holds, if it is one and within the sender's limit. */
  accept(sender: string, payload: Uint8Array, now: number): ReactionKey | undefined {
    const key = decodeReaction(payload);
    if (!key) return undefined;
    let limit = this.senders.get(sender);
    if (!limit) {
      limit = new RateWindow(this.count, this.windowMs);
      this.senders.set(sender, limit);
    }
    return limit.take(now) ? key : undefined;
  }

  /** The sender left: their window goes. */
  forget(sender: string): void {
    this.senders.delete(sender);
  }
}
