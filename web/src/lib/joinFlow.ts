// The room page's join flow as one state machine: pre-join → passcode → waiting → in the meeting
// → ended, with a refused join as a problem shown over the pre-join screen. Each stage holds what
// it needs and nothing else; `joinFlow` is the only way from one to the next.
import type { LocalUserChoices } from '@livekit/components-react';
import { errorText } from '../i18n/errors';
import type { I18n } from '../i18n/i18n';
import type { ConnectionDetails } from './api';
import { nameProblemText, type NameProblem } from './participantName';
import type { Ending } from './endings';
import { retryText } from './rooms';

/**
 * Why joining failed. The stage keeps the reason, not words: the pre-join screen says it
 * (`joinProblemText`) in the language of the moment.
 */
export type JoinProblem =
  /** The name cannot be used. */
  | { kind: 'name'; problem: NameProblem }
  | { kind: 'locked' }
  | { kind: 'notFound' }
  /** Too many join requests from this network; `retryAfter` seconds when the server said. */
  | { kind: 'tooManyRequests'; retryAfter?: number }
  /** Any other failure of the join request. */
  | { kind: 'failed'; error: unknown };

/** Why the passcode dialog asks again: a wrong passcode, or too many tries. */
export type PasscodeError = 'wrong' | 'tooMany';

/** A refused join as the pre-join screen shows it: a title and a sentence or two. */
export function joinProblemText(
  i18n: I18n,
  problem: JoinProblem,
  roomName: string,
): { title: string; text: string } {
  const { t } = i18n;
  switch (problem.kind) {
    case 'name':
      return { title: t('room.couldNotJoin'), text: nameProblemText(i18n, problem.problem) };
    case 'locked':
      return { title: t('room.lockedTitle'), text: t('room.lockedText') };
    case 'notFound':
      return { title: t('room.notFoundTitle'), text: t('room.notFoundText', { room: roomName }) };
    case 'tooManyRequests':
      return {
        title: t('room.tooManyTitle'),
        text: t('room.tooManyText', { retry: retryText(i18n, problem.retryAfter) }),
      };
    case 'failed':
      return { title: t('room.couldNotJoin'), text: errorText(i18n, problem.error) };
  }
}

export type JoinStage =
  /** The camera preview and the name field; `joining` while a request is out. */
  | { stage: 'prejoin'; joining: boolean }
  /** The pre-join screen again, saying why the last try was refused. */
  | { stage: 'problem'; problem: JoinProblem; joining: boolean }
  /** The room asks for a passcode (again, with `error`, after a wrong one). */
  | {
      stage: 'passcode';
      choices: LocalUserChoices;
      joining: boolean;
      error?: PasscodeError;
      /** Epoch milliseconds before which the server refuses new tries. */
      retryAt?: number;
    }
  /** In the waiting room until a host admits or declines. */
  | { stage: 'waiting'; ticket: string; choices: LocalUserChoices }
  | { stage: 'meeting'; details: ConnectionDetails; choices: LocalUserChoices }
  /** Out of the meeting; `choices` (when the person had joined) are what "Rejoin" joins with. */
  | { stage: 'ended'; ending: Ending; choices?: LocalUserChoices };

export type JoinEvent =
  /** A join request went out. */
  | { type: 'request' }
  /** The request was withdrawn (the person cancelled, or a newer one replaced it). */
  | { type: 'settle' }
  | { type: 'askPasscode'; choices: LocalUserChoices; error?: PasscodeError; retryAt?: number }
  | { type: 'refused'; problem: JoinProblem }
  | { type: 'wait'; ticket: string; choices: LocalUserChoices }
  | { type: 'joined'; details: ConnectionDetails; choices: LocalUserChoices }
  /** Admitted from the waiting room: the choices are the ones the person waited with. */
  | { type: 'admitted'; details: ConnectionDetails }
  /** Back to the pre-join screen: the passcode dialog or the waiting room was left. */
  | { type: 'cancel' }
  /** Out of the meeting, or (the host ending it from the pre-join screen) of the room. */
  | { type: 'end'; ending: Ending }
  /** Back to the pre-join screen from a meeting that could not start, or from the ending page. */
  | { type: 'restart' };

export const INITIAL_JOIN_STAGE: JoinStage = { stage: 'prejoin', joining: false };

export function joinFlow(state: JoinStage, event: JoinEvent): JoinStage {
  switch (event.type) {
    case 'request':
      switch (state.stage) {
        case 'prejoin':
        case 'problem':
          return { stage: 'prejoin', joining: true };
        case 'passcode':
          return { ...state, joining: true };
        // Rejoin from the ending page, or ask again from the waiting room.
        case 'ended':
        case 'waiting':
          return { stage: 'prejoin', joining: true };
        case 'meeting':
          return state;
      }
      return state;
    case 'settle':
      return state.stage === 'prejoin' || state.stage === 'problem' || state.stage === 'passcode'
        ? { ...state, joining: false }
        : state;
    case 'askPasscode':
      if (state.stage === 'meeting') return state;
      return {
        stage: 'passcode',
        choices: event.choices,
        joining: false,
        error: event.error,
        retryAt: event.retryAt,
      };
    case 'refused':
      if (state.stage === 'meeting') return state;
      return { stage: 'problem', problem: event.problem, joining: false };
    case 'wait':
      if (state.stage === 'meeting') return state;
      return { stage: 'waiting', ticket: event.ticket, choices: event.choices };
    case 'joined':
      return { stage: 'meeting', details: event.details, choices: event.choices };
    case 'admitted':
      return state.stage === 'waiting'
        ? { stage: 'meeting', details: event.details, choices: state.choices }
        : state;
    case 'cancel':
      return state.stage === 'passcode' || state.stage === 'waiting'
        ? { stage: 'prejoin', joining: false }
        : state;
    case 'end':
      return { stage: 'ended', ending: event.ending, choices: stageChoices(state) };
    case 'restart':
      return state.stage === 'meeting' || state.stage === 'ended'
        ? { stage: 'prejoin', joining: false }
        : state;
  }
  return state;
}

/** The choices of the stage, when it has some (what "Rejoin" and "Ask again" use). */
export function stageChoices(state: JoinStage): LocalUserChoices | undefined {
  return 'choices' in state ? state.choices : undefined;
}

/**
 * The ending as this person sees it: when a host ended the meeting for everyone and this browser
 * is the room's own host (not a co-host), it was this browser, or another of its host's.
 */
export function endingForViewer(
  ending: Ending,
  viewer: { isHost?: boolean; isCohost?: boolean } | undefined,
): Ending {
  if (ending.kind === 'ended' && ending.by === 'host' && viewer?.isHost && !viewer.isCohost) {
    return { kind: 'ended', by: 'you' };
  }
  return ending;
}
