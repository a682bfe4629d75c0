import { describe, expect, it } from 'vitest';
import type { LocalUserChoices } from '@livekit/components-react';

// The page stub comes first: api.ts reads the page when imported.
import './testing/pageStub';
import { ApiError, type ConnectionDetails } from './api';
import { english, i18nFor } from '../i18n/testing';
import {
  INITIAL_JOIN_STAGE,
  endingForViewer,
  joinFlow,
  joinProblemText,
  stageChoices,
  type JoinEvent,
  type JoinProblem,
  type JoinStage,
} from './joinFlow';

const choices: LocalUserChoices = {
  username: 'Ann',
  videoEnabled: true,
  audioEnabled: false,
  videoDeviceId: 'cam',
  audioDeviceId: 'mic',
};
const details: ConnectionDetails = {
  serverUrl: 'wss://sfu.example',
  roomName: 'standup',
  participantName: 'Ann',
  participantToken: 'token',
};
const locked: JoinProblem = { kind: 'locked' };

/** The stage after each event in turn, from the pre-join screen. */
const run = (...events: JoinEvent[]): JoinStage => events.reduce(joinFlow, INITIAL_JOIN_STAGE);

describe('joinFlow', () => {
  it('starts on the pre-join screen, not joining', () => {
    expect(INITIAL_JOIN_STAGE).toEqual({ stage: 'prejoin', joining: false });
  });

  it('goes straight into the meeting when the server lets the person in', () => {
    expect(run({ type: 'request' })).toEqual({ stage: 'prejoin', joining: true });
    expect(run({ type: 'request' }, { type: 'joined', details, choices })).toEqual({
      stage: 'meeting',
      details,
      choices,
    });
  });

  it('asks for the passcode, says it was wrong, holds tries back, then joins', () => {
    let state = run({ type: 'request' }, { type: 'askPasscode', choices });
    expect(state).toMatchObject({ stage: 'passcode', joining: false, choices });
    state = joinFlow(state, { type: 'request' });
    expect(state).toMatchObject({ stage: 'passcode', joining: true });
    state = joinFlow(state, { type: 'askPasscode', choices, error: 'wrong' });
    expect(state).toMatchObject({ stage: 'passcode', joining: false, error: 'wrong' });
    state = joinFlow(state, { type: 'askPasscode', choices, error: 'tooMany', retryAt: 5000 });
    expect(state).toMatchObject({ error: 'tooMany', retryAt: 5000 });
    state = joinFlow(joinFlow(state, { type: 'request' }), { type: 'joined', details, choices });
    expect(state.stage).toBe('meeting');
  });

  it('leaves the passcode dialog for the pre-join screen on cancel', () => {
    const state = run({ type: 'askPasscode', choices }, { type: 'request' }, { type: 'cancel' });
    expect(state).toEqual({ stage: 'prejoin', joining: false });
    // The withdrawn request settling afterwards changes nothing.
    expect(joinFlow(state, { type: 'settle' })).toEqual(state);
  });

  it('waits in the waiting room, and enters with the choices it waited with', () => {
    const waiting = run({ type: 'request' }, { type: 'wait', ticket: 't1', choices });
    expect(waiting).toEqual({ stage: 'waiting', ticket: 't1', choices });
    expect(joinFlow(waiting, { type: 'settle' })).toBe(waiting);
    expect(joinFlow(waiting, { type: 'admitted', details })).toEqual({
      stage: 'meeting',
      details,
      choices,
    });
    expect(joinFlow(waiting, { type: 'cancel' })).toEqual({ stage: 'prejoin', joining: false });
    // "Ask again" sends a new request from the pre-join screen.
    expect(joinFlow(waiting, { type: 'request' })).toEqual({ stage: 'prejoin', joining: true });
  });

  it('ignores an admission that arrives after the person left the waiting room', () => {
    const state = run({ type: 'wait', ticket: 't1', choices }, { type: 'cancel' });
    expect(joinFlow(state, { type: 'admitted', details })).toBe(state);
  });

  it('shows a refusal over the pre-join screen until the next try', () => {
    const refused = run({ type: 'request' }, { type: 'refused', problem: locked });
    expect(refused).toEqual({ stage: 'problem', problem: locked, joining: false });
    expect(joinFlow(refused, { type: 'request' })).toEqual({ stage: 'prejoin', joining: true });
    expect(joinFlow(refused, { type: 'askPasscode', choices }).stage).toBe('passcode');
  });

  it('keeps the meeting when a late answer to an older request arrives', () => {
    const meeting = run({ type: 'joined', details, choices });
    for (const event of [
      { type: 'refused', problem: locked },
      { type: 'askPasscode', choices },
      { type: 'wait', ticket: 't2', choices },
      { type: 'settle' },
      { type: 'request' },
      { type: 'cancel' },
      { type: 'admitted', details },
    ] satisfies JoinEvent[]) {
      expect(joinFlow(meeting, event)).toBe(meeting);
    }
  });

  it('ends the meeting keeping the choices for "Rejoin"', () => {
    const ended = run({ type: 'joined', details, choices }, { type: 'end', ending: { kind: 'left' } });
    expect(ended).toEqual({ stage: 'ended', ending: { kind: 'left' }, choices });
    expect(stageChoices(ended)).toBe(choices);
    // Rejoin sends a request at once; without choices it goes back to the pre-join screen.
    expect(joinFlow(ended, { type: 'request' })).toEqual({ stage: 'prejoin', joining: true });
    expect(joinFlow(ended, { type: 'restart' })).toEqual({ stage: 'prejoin', joining: false });
  });

  it('ends from the pre-join screen when the host ends the meeting there', () => {
    const ended = run({ type: 'end', ending: { kind: 'ended', by: 'you' } });
    expect(ended).toEqual({ stage: 'ended', ending: { kind: 'ended', by: 'you' }, choices: undefined });
  });

  it('goes back to the pre-join screen when a meeting that could not start is tried again', () => {
    expect(run({ type: 'joined', details, choices }, { type: 'restart' })).toEqual({
      stage: 'prejoin',
      joining: false,
    });
    const waiting = run({ type: 'wait', ticket: 't', choices });
    expect(joinFlow(waiting, { type: 'restart' })).toBe(waiting);
  });
});

describe('endingForViewer', () => {
  const byHost = { kind: 'ended', by: 'host' } as const;

  it('tells the room owner that they ended the meeting', () => {
    expect(endingForViewer(byHost, { isHost: true, isCohost: false })).toEqual({ kind: 'ended', by: 'you' });
  });

  it('tells co-hosts, guests and unknown viewers that a host ended it', () => {
    expect(endingForViewer(byHost, { isHost: true, isCohost: true })).toBe(byHost);
    expect(endingForViewer(byHost, { isHost: false })).toBe(byHost);
    expect(endingForViewer(byHost, undefined)).toBe(byHost);
  });

  it('leaves other endings as they are', () => {
    const removed = { kind: 'removed' } as const;
    expect(endingForViewer(removed, { isHost: true })).toBe(removed);
    const closed = { kind: 'ended', by: 'server' } as const;
    expect(endingForViewer(closed, { isHost: true })).toBe(closed);
  });
});

describe('joinProblemText', () => {
  it('says why joining was refused', () => {
    expect(joinProblemText(english, { kind: 'locked' }, 'standup')).toEqual({
      title: 'This meeting is locked',
      text: 'The host has locked this meeting, so nobody new can join. Ask the host to unlock it, then try again.',
    });
    expect(joinProblemText(english, { kind: 'notFound' }, 'standup')).toEqual({
      title: 'This meeting does not exist',
      text: 'There is no meeting named “standup” on this server. Check the link, or ask the person who organised it.',
    });
    expect(joinProblemText(english, { kind: 'name', problem: 'empty' }, 'standup')).toEqual({
      title: 'Could not join the meeting',
      text: 'Enter your name to join.',
    });
  });

  it('says how long to wait after too many requests', () => {
    expect(joinProblemText(english, { kind: 'tooManyRequests', retryAfter: 30 }, 'r').text).toBe(
      'The server received too many join requests from this network. Try again in 30 s.',
    );
    expect(joinProblemText(english, { kind: 'tooManyRequests' }, 'r').text).toBe(
      'The server received too many join requests from this network. Wait a moment, then try again.',
    );
  });

  it('says a failed request in the words of its error code', () => {
    const error = new ApiError('media server down', 503, 'unavailable');
    expect(joinProblemText(english, { kind: 'failed', error }, 'r')).toEqual({
      title: 'Could not join the meeting',
      text: 'The media server is unavailable right now. Try again in a moment.',
    });
  });

  it('puts the room name where each language wants it', () => {
    const { title, text } = joinProblemText(i18nFor('de'), { kind: 'notFound' }, 'standup');
    expect(title).toBe('Diese Besprechung gibt es nicht');
    expect(text).toContain('„standup“');
  });
});
