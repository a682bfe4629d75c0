// Raised hands: the queue read from the participants' `hand` attribute (the server's time, in
// milliseconds, when the hand went up), and the server calls that change it. Only livekit-meet
// sets the attribute; a participant first proves its LiveKit token (becomeMember).
import type { I18n } from '../i18n/i18n';
import { appUrl } from './config';
import { apiError, requestJson, segment, send } from './api';
import { roomApiPath } from './rooms';

export const HAND_ATTRIBUTE = 'hand';

export interface RaisedHand {
  identity: string;
  name: string;
  raisedAt: number;
}

interface HandHolder {
  identity: string;
  name?: string;
  attributes: Readonly<Record<string, string>>;
}

/** The hand's time, or undefined when it is down (or the value is not a time). */
export function raisedAt(attributes: Readonly<Record<string, string>> | undefined): number | undefined {
  const value = attributes?.[HAND_ATTRIBUTE];
  if (!value || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

/** The raised hands in the order they went up (then by identity, for equal times). */
export function handQueue(participants: readonly HandHolder[]): RaisedHand[] {
  const queue: RaisedHand[] = [];
  for (const p of participants) {
    const at = raisedAt(p.attributes);
    if (at !== undefined) queue.push({ identity: p.identity, name: p.name || p.identity, raisedAt: at });
  }
  return queue.sort((a, b) => a.raisedAt - b.raisedAt || (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
}

/** A hand's place in the queue, for its badge: "Hand raised, 2nd in line". */
export function handPlace({ t }: I18n, place: number): string {
  return t('hands.place', { ordinal: place });
}

/** Proves this browser holds a LiveKit token for the room: the server sets a member cookie. */
export async function becomeMember(room: string, token: string): Promise<void> {
  const response = await send(appUrl(roomApiPath(room, '/member')), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw await apiError(response);
}

export async function setOwnHand(room: string, raised: boolean): Promise<void> {
  await requestJson(roomApiPath(room, '/hand'), { method: raised ? 'POST' : 'DELETE' });
}

/** A host lowers someone's hand. */
export async function lowerHand(room: string, identity: string): Promise<void> {
  await requestJson(roomApiPath(room, `/participants/${segment(identity)}/hand`), { method: 'DELETE' });
}

/** A host lowers every hand. */
export async function lowerAllHands(room: string): Promise<void> {
  await requestJson(roomApiPath(room, '/hands'), { method: 'DELETE' });
}
