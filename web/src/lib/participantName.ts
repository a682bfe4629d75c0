// A display name as the pre-join screen checks it before joining, as the server does, and the
// name its field starts with.
import type { I18n } from '../i18n/i18n';
import { isObject } from './json';
import { loadSetting, removeSetting, saveSetting } from './storage';
import { hasInvisibleOrControlCharacter } from './text';

/** What is wrong with a display name (after trimming). */
export type NameProblem = 'empty' | 'invisible';

/** What is wrong with a display name (after trimming), or undefined. */
export function participantNameProblem(name: string): NameProblem | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'empty';
  // Control characters and invisible marks (text.ts), as the server refuses them.
  if (hasInvisibleOrControlCharacter(trimmed)) return 'invisible';
  return undefined;
}

/** What a name problem means for a person. */
export function nameProblemText({ t }: I18n, problem: NameProblem): string {
  return problem === 'empty' ? t('prejoin.nameEmpty') : t('prejoin.nameInvisible');
}

/** Why a display name cannot be used (after trimming), or undefined. */
export function checkParticipantName(i18n: I18n, name: string): string | undefined {
  const problem = participantNameProblem(name);
  return problem && nameProblemText(i18n, problem);
}

// ---------------------------------------------------------------------------------------------
// The name the pre-join field starts with. LiveKit's PreJoin remembers what the field holds
// (localStorage `lk-user-choices`, read when it mounts, written as it changes); a name the sign-in
// put there is remembered as well (`lkm.signedInName`), to tell it from a name the person typed.

/** Where LiveKit's PreJoin keeps its choices (@livekit/components-core). */
export const USER_CHOICES_KEY = 'lk-user-choices';
/** The name sign-in last put into the field. */
export const SIGNED_IN_NAME_KEY = 'lkm.signedInName';

/** The longest participant name the server takes, in bytes (its identity's limit, less a suffix). */
export const MAX_PARTICIPANT_NAME_BYTES = 250;

const nameRefused = (name: string): boolean =>
  participantNameProblem(name) !== undefined ||
  new TextEncoder().encode(name.trim()).length > MAX_PARTICIPANT_NAME_BYTES;

export interface StartingName {
  /** What the field starts with. */
  name: string;
  /** What to remember as the name sign-in put there (undefined: nothing). */
  filled?: string;
}

/**
 * The rule: a name the person chose (typed, and remembered by this browser) wins. Otherwise a
 * signed-in person's name fills the field: when the remembered name is empty, or is the one
 * sign-in put there before (so a name changed at the provider follows). Signed out, a name that
 * only sign-in put there is not offered to whoever comes next; the field starts empty. A name
 * the server would refuse (empty, invisible or control characters, over 250 bytes) fills nothing.
 *
 * `stored` is the remembered name ('' when none), `filled` the one sign-in put there last
 * (undefined: none), `account` the signed-in person's name (undefined: not signed in).
 */
export function startingName(
  stored: string,
  filled: string | undefined,
  account: string | undefined,
): StartingName {
  const own = stored.trim() !== '' && stored !== filled;
  if (own) return { name: stored };
  const usable = account !== undefined && !nameRefused(account) ? account.trim() : undefined;
  if (usable) return { name: usable, filled: usable };
  return { name: filled === undefined ? stored : '' };
}

const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * Puts the starting name (startingName) where PreJoin reads it, and returns it: call before
 * PreJoin mounts. Writes nothing when nothing changes.
 */
export function prefillParticipantName(account: string | undefined): string {
  const choices = loadSetting(USER_CHOICES_KEY, {}, isObject);
  const stored = isString(choices.username) ? choices.username : '';
  const filled = loadSetting<string | undefined>(SIGNED_IN_NAME_KEY, undefined, isString);
  const start = startingName(stored, filled, account);
  if (start.name !== stored) {
    // As PreJoin saves them: an empty name is left out.
    const next: Record<string, unknown> = { ...choices, username: start.name };
    if (!start.name) delete next.username;
    saveSetting(USER_CHOICES_KEY, next);
  }
  if (start.filled === undefined) {
    if (filled !== undefined) removeSetting(SIGNED_IN_NAME_KEY);
  } else if (start.filled !== filled) {
    saveSetting(SIGNED_IN_NAME_KEY, start.filled);
  }
  return start.name;
}
