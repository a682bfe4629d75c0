import { describe, expect, it } from 'vitest';
import type { LocalUserChoices } from '@livekit/components-react';
import type { ConnectionDetails } from './api';
import {
  INITIAL_JOIN_STAGE,
  endingForViewer,
  joinFlow,
  stageChoices,
  type JoinEvent,
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
const locked = { title: 'This meeting is locked', text: 'Ask the host.' };

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
    state = joinFlow(state, { type: 'askPasscode', choices, error: 'Wrong passcode.' });
    expect(state).toMatchObject({ stage: 'passcode', joining: false, error: 'Wrong passcode.' });
    state = joinFlow(state, { type: 'askPasscode', choices, error: 'Too many attempts.', retryAt: 5000 });
    expect(state).toMatchObject({ error: 'Too many attempts.', retryAt: 5000 });
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
