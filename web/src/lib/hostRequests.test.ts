import { describe, expect, it } from 'vitest';

// The page stub comes first: the modules under test read the page when imported.
import {
  NO_FLAGS,
  apiRejection as rejection,
  fetchHelpers,
  mockFetch,
} from './testing/page';
import { UNEXPECTED } from './api';
import {
  decideWaiting,
  fetchParticipants,
  fetchWaiting,
  muteTrack,
  pollAdmission,
  setRecording,
  setRoomLocked,
} from './hostRequests';

const fetchMock = mockFetch();
const { answer, requests, sentBody } = fetchHelpers(fetchMock);


describe('pollAdmission', () => {
  const details = { serverUrl: 'wss://lk.example', participantToken: 'a.b.c' };

  it('asks with the ticket encoded and the wait clamped to 0-25 whole seconds', async () => {
    answer(200, { status: 'waiting' });
    await pollAdmission('r', 't/1', 'Ada');
    await pollAdmission('r', 't', 'Ada', { waitSeconds: 100 });
    await pollAdmission('r', 't', 'Ada', { waitSeconds: -5 });
    await pollAdmission('r', 't', 'Ada', { waitSeconds: 2.6 });
    expect(requests()).toEqual([
      'GET https://meet.example/api/rooms/r/admission/t%2F1?wait=25',
      'GET https://meet.example/api/rooms/r/admission/t?wait=25',
      'GET https://meet.example/api/rooms/r/admission/t?wait=0',
      'GET https://meet.example/api/rooms/r/admission/t?wait=3',
    ]);
  });

  it('answers waiting while the host has not decided', async () => {
    answer(200, { status: 'waiting' });
    expect(await pollAdmission('r', 't', 'Ada')).toEqual({ status: 'waiting' });
  });

  it('answers the connection details once admitted, with the asked room and name as fallbacks', async () => {
    answer(200, { status: 'admitted', ...details });
    expect(await pollAdmission('abcd-1234', 't', 'Ada')).toEqual({
      status: 'admitted',
      details: { ...details, roomName: 'abcd-1234', participantName: 'Ada' },
    });
  });

  it('refuses an admission without connection details, or an unknown status', async () => {
    for (const body of [{ status: 'admitted' }, { status: 'denied' }, {}, null, ['waiting']]) {
      answer(200, body);
      expect((await rejection(pollAdmission('r', 't', 'Ada'))).message).toBe(UNEXPECTED);
    }
  });

  it('throws 403 denied once the host said no', async () => {
    answer(403, { error: 'denied', message: 'The host did not let you in' });
    const error = await rejection(pollAdmission('r', 't', 'Ada'));
    expect([error.status, error.code]).toEqual([403, 'denied']);
  });
});

describe('fetchWaiting', () => {
  it('reads the waiting guests, dropping entries without a ticket', async () => {
    answer(200, {
      waiting: [
        { ticket: 't1', participantName: 'Ada', since: 1_764_173_100 },
        { ticket: 't2', since: '1764173160' },
        { ticket: 't3', participantName: 7, since: 'soon' },
        { participantName: 'No ticket', since: 1 },
        { ticket: '', participantName: 'Empty ticket' },
        'junk',
        null,
      ],
    });
    expect(await fetchWaiting('r')).toEqual([
      { ticket: 't1', participantName: 'Ada', since: 1_764_173_100 },
      { ticket: 't2', participantName: '', since: 1_764_173_160 },
      { ticket: 't3', participantName: '', since: 0 },
    ]);
    expect(requests()).toEqual(['GET https://meet.example/api/rooms/r/waiting']);
  });

  it('refuses an answer without a waiting list', async () => {
    for (const body of [{}, { waiting: 'none' }, [], null]) {
      answer(200, body);
      expect((await rejection(fetchWaiting('r'))).message).toBe(UNEXPECTED);
    }
  });
});

describe('decideWaiting', () => {
  it('admits or denies a ticket, encoded', async () => {
    answer(200, {});
    await decideWaiting('r', 't 1', 'admit');
    await decideWaiting('r', 't 1', 'deny');
    expect(requests()).toEqual([
      'POST https://meet.example/api/rooms/r/waiting/t%201/admit',
      'POST https://meet.example/api/rooms/r/waiting/t%201/deny',
    ]);
  });
});

describe('fetchParticipants', () => {
  it('reads participants and their tracks field by field', async () => {
    answer(200, {
      participants: [
        {
          identity: 'ada__x1y2',
          name: 'Ada',
          isHost: true,
          role: 'host',
          joinedAt: '1764173100',
          tracks: [
            { sid: 'TR_1', type: 'AUDIO', source: 'MICROPHONE', muted: true, name: 'mic' },
            { sid: 'TR_2', type: 'VIDEO', source: 'CAMERA', muted: 'no' },
            { type: 'VIDEO', source: 'SCREEN_SHARE' },
            'junk',
          ],
        },
        { identity: 'bob', tracks: 'none' },
        { name: 'No identity' },
        { identity: '' },
        42,
      ],
    });
    expect(await fetchParticipants('r')).toEqual([
      {
        identity: 'ada__x1y2',
        name: 'Ada',
        isHost: true,
        role: 'host',
        joinedAt: 1_764_173_100,
        tracks: [
          { sid: 'TR_1', type: 'AUDIO', source: 'MICROPHONE', muted: true, name: 'mic' },
          { sid: 'TR_2', type: 'VIDEO', source: 'CAMERA', muted: false, name: '' },
        ],
      },
      { identity: 'bob', name: '', isHost: false, role: '', joinedAt: 0, tracks: [] },
    ]);
  });

  it('refuses an answer without a participant list', async () => {
    answer(200, { participants: {} });
    expect((await rejection(fetchParticipants('r'))).message).toBe(UNEXPECTED);
  });
});

describe('muteTrack', () => {
  it('sends the track and the wish, and answers what the server did', async () => {
    answer(200, { muted: false });
    expect(await muteTrack('r', 'ada/1', 'TR_1', true)).toBe(false);
    expect(requests()).toEqual(['POST https://meet.example/api/rooms/r/participants/ada%2F1/mute']);
    expect(sentBody()).toEqual({ trackSid: 'TR_1', muted: true });
  });

  it('answers the wish when the server does not say', async () => {
    answer(200, { muted: 'yes' });
    expect(await muteTrack('r', 'ada', 'TR_1', true)).toBe(true);
    answer(200, null);
    expect(await muteTrack('r', 'ada', 'TR_1', false)).toBe(false);
  });
});

describe('setRoomLocked', () => {
  it('locks and unlocks, answering the room as it is now', async () => {
    answer(200, { locked: true, hosted: true, isHost: true });
    expect(await setRoomLocked('team', true)).toEqual({
      ...NO_FLAGS,
      name: 'team',
      locked: true,
      hosted: true,
      isHost: true,
    });
    answer(200, { name: 'team', hosted: true, isHost: true });
    expect((await setRoomLocked('team', false)).locked).toBe(false);
    expect(requests()).toEqual([
      'POST https://meet.example/api/rooms/team/lock',
      'POST https://meet.example/api/rooms/team/unlock',
    ]);
  });
});

describe('setRecording', () => {
  it('starts and stops with the room name in the query', async () => {
    answer(200, {});
    await setRecording('team sync&x=1', true);
    await setRecording('r', false);
    expect(requests()).toEqual([
      'POST https://meet.example/api/record/start?roomName=team%20sync%26x%3D1',
      'POST https://meet.example/api/record/stop?roomName=r',
    ]);
  });
});
