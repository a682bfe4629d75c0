import { describe, expect, it } from 'vitest';
import { english } from '../i18n/testing';
import { MAX_ROOM_NAME_LENGTH, RESERVED_ROOM_PREFIX, parseJoinInput, roomPath, validateRoomName as validateKey } from './links';

/** What a person reads: the English of the message a check returns. */
const validateRoomName = (name: string) => {
  const key = validateKey(name);
  return key && english.t(key, { prefix: RESERVED_ROOM_PREFIX });
};

const NOT_ALLOWED = 'That meeting name has characters that are not allowed.';
const NOT_A_MEETING_LINK = 'That link is not a meeting link.';
const NOT_VALID = 'That link is not valid.';
const SLASH = 'A meeting name cannot contain "/".';

describe('validateRoomName', () => {
  it('accepts ordinary names, in any script', () => {
    for (const name of ['abcd-1234', 'Team sync', 'café', '会议', 'v1.2', 'a', '🎉 party', '\u00a0x']) {
      expect(validateRoomName(name), name).toBeUndefined();
    }
  });

  it('asks for a name when it is empty', () => {
    expect(validateRoomName('')).toBe('Enter a meeting name or link.');
  });

  it(`accepts ${MAX_ROOM_NAME_LENGTH} bytes of UTF-8 and refuses more, as the server counts`, () => {
    expect(MAX_ROOM_NAME_LENGTH).toBe(256);
    expect(validateRoomName('a'.repeat(256))).toBeUndefined();
    expect(validateRoomName('a'.repeat(257))).toBe('That meeting name is too long.');
    // 3 bytes each: 85 fit (255 bytes), 86 do not, though they are far fewer than 256 characters.
    expect(validateRoomName('会'.repeat(85))).toBeUndefined();
    expect(validateRoomName('会'.repeat(86))).toBe('That meeting name is too long.');
  });

  it('refuses the names the server keeps for its connection test', () => {
    expect(validateRoomName('lkm-connection-test-abc')).toBe(
      'Names starting with “lkm-connection-test-” are kept for the connection test. Choose another.',
    );
    expect(validateRoomName('my-lkm-connection-test-abc')).toBeUndefined();
    expect(validateRoomName('lkm-connection-tes')).toBeUndefined();
  });

  it('refuses "." and "..", which a link cannot hold as a path segment', () => {
    expect(validateRoomName('.')).toBe('A meeting cannot be named "." or "..".');
    expect(validateRoomName('..')).toBe('A meeting cannot be named "." or "..".');
    expect(validateRoomName('...')).toBeUndefined();
    expect(parseJoinInput('..', new URL('https://meet.example/'))).toEqual({ kind: 'invalid', reason: 'links.dots' });
  });

  it('refuses C0 controls, DEL and C1 controls', () => {
    for (const char of ['\u0000', '\t', '\n', '\u001b', '\u001f', '\u007f', '\u0080', '\u0085', '\u009f']) {
      expect(validateRoomName(`a${char}b`), char.charCodeAt(0).toString(16)).toBe(NOT_ALLOWED);
    }
  });

  it('refuses a slash', () => {
    expect(validateRoomName('team/sync')).toBe(SLASH);
    expect(validateRoomName('/')).toBe(SLASH);
  });
});

describe('parseJoinInput', () => {
  const here = new URL('https://meet.example/meet/');
  const parse = (input: string) => {
    const target = parseJoinInput(input, here);
    return target.kind === 'invalid' ? { ...target, reason: english.t(target.reason) } : target;
  };

  it('takes a plain meeting name, trimmed', () => {
    expect(parse('abcd-1234')).toEqual({ kind: 'room', roomName: 'abcd-1234', search: '', hash: '' });
    expect(parse('  Team sync \n')).toEqual({ kind: 'room', roomName: 'Team sync', search: '', hash: '' });
    expect(parse('会议')).toEqual({ kind: 'room', roomName: '会议', search: '', hash: '' });
  });

  it('refuses an empty or blank input', () => {
    expect(parse('')).toEqual({ kind: 'invalid', reason: 'Enter a meeting name or link.' });
    expect(parse('   ')).toEqual({ kind: 'invalid', reason: 'Enter a meeting name or link.' });
  });

  it('refuses a plain name with a control character or a slash', () => {
    expect(parse('abc\u0000def')).toEqual({ kind: 'invalid', reason: NOT_ALLOWED });
    // Without "/rooms/" it is not a link, so it is a name with a slash.
    expect(parse('rooms/abc')).toEqual({ kind: 'invalid', reason: SLASH });
    expect(parse('a'.repeat(257))).toEqual({ kind: 'invalid', reason: 'That meeting name is too long.' });
  });

  it('takes a link of this app, keeping its query and fragment', () => {
    expect(parse('https://meet.example/meet/rooms/abcd-1234?codec=h264&hq=true#s3cret')).toEqual({
      kind: 'room',
      roomName: 'abcd-1234',
      search: '?codec=h264&hq=true',
      hash: '#s3cret',
    });
  });

  it('takes a link with a trailing slash, a capitalised scheme and host, or no scheme', () => {
    const room = { kind: 'room', roomName: 'abcd-1234', search: '', hash: '' };
    expect(parse('https://meet.example/meet/rooms/abcd-1234/')).toEqual(room);
    expect(parse('HTTPS://MEET.EXAMPLE/meet/rooms/abcd-1234')).toEqual(room);
    expect(parse('meet.example/meet/rooms/abcd-1234')).toEqual(room);
  });

  it('takes a path of this site', () => {
    expect(parse('/meet/rooms/abcd-1234#key')).toEqual({
      kind: 'room',
      roomName: 'abcd-1234',
      search: '',
      hash: '#key',
    });
    expect(parse('/rooms/abcd-1234')).toEqual({ kind: 'room', roomName: 'abcd-1234', search: '', hash: '' });
  });

  it('decodes the meeting name of a link', () => {
    expect(parse('https://meet.example/rooms/caf%C3%A9%20%E4%BC%9A')).toMatchObject({ roomName: 'café 会' });
    expect(parse('https://meet.example/rooms/Team sync')).toMatchObject({ kind: 'room', roomName: 'Team sync' });
  });

  it('hands back a link to another site, or to another scheme of this one, as external', () => {
    expect(parse('https://other.example/rooms/abcd-1234#k')).toEqual({
      kind: 'external',
      href: 'https://other.example/rooms/abcd-1234#k',
    });
    expect(parse('other.example/rooms/abcd-1234')).toEqual({
      kind: 'external',
      href: 'https://other.example/rooms/abcd-1234',
    });
    expect(parse('http://meet.example/meet/rooms/abcd-1234')).toEqual({
      kind: 'external',
      href: 'http://meet.example/meet/rooms/abcd-1234',
    });
    expect(parse('https://meet.example:8443/rooms/x')).toMatchObject({ kind: 'external' });
  });

  it('refuses links that are not http(s)', () => {
    for (const input of ['javascript://meet.example/rooms/x', 'ftp://meet.example/rooms/x', 'file:///rooms/x']) {
      expect(parse(input), input).toEqual({ kind: 'invalid', reason: NOT_A_MEETING_LINK });
    }
  });

  it('refuses links without a meeting in their path', () => {
    for (const input of [
      'https://meet.example/meet/',
      'https://meet.example/meet/lobby',
      'https://meet.example/rooms/',
      'https://meet.example/rooms/abc/extra',
      '/meet/custom',
    ]) {
      expect(parse(input), input).toEqual({ kind: 'invalid', reason: NOT_A_MEETING_LINK });
    }
  });

  it('refuses a link that cannot be parsed', () => {
    expect(parse('https://[oops/rooms/abc')).toEqual({ kind: 'invalid', reason: NOT_VALID });
  });

  it('refuses a link whose name has a broken percent-encoding', () => {
    expect(parse('https://meet.example/rooms/%E0%A4%A')).toEqual({ kind: 'invalid', reason: NOT_VALID });
    expect(parse('/rooms/100%')).toEqual({ kind: 'invalid', reason: NOT_VALID });
  });

  it('checks the decoded name of a link like a typed one', () => {
    expect(parse('https://meet.example/rooms/a%2Fb')).toEqual({ kind: 'invalid', reason: SLASH });
    expect(parse('https://meet.example/rooms/a%00b')).toEqual({ kind: 'invalid', reason: NOT_ALLOWED });
    expect(parse('https://meet.example/rooms/a%C2%85b')).toEqual({ kind: 'invalid', reason: NOT_ALLOWED });
    expect(parse(`https://meet.example/rooms/${'a'.repeat(257)}`)).toEqual({
      kind: 'invalid',
      reason: 'That meeting name is too long.',
    });
  });
});

describe('roomPath', () => {
  it('builds the in-app path of a meeting', () => {
    expect(roomPath('abcd-1234')).toBe('/rooms/abcd-1234');
    expect(roomPath('abcd-1234', '?codec=h264', '#secret')).toBe('/rooms/abcd-1234?codec=h264#secret');
  });

  it('encodes the characters a path would otherwise read', () => {
    expect(roomPath('a b?c#d%e')).toBe('/rooms/a%20b%3Fc%23d%25e');
    expect(roomPath('café')).toBe('/rooms/caf%C3%A9');
  });

  it('gives a path that parseJoinInput reads back as the same meeting', () => {
    const here = new URL('https://meet.example/');
    for (const name of ['abcd-1234', 'Team sync', 'café 会议', '100% fun?', 'a#b', 'v1.2', '🎉']) {
      expect(parseJoinInput(roomPath(name, '?hq=true', '#k'), here), name).toEqual({
        kind: 'room',
        roomName: name,
        search: '?hq=true',
        hash: '#k',
      });
    }
  });
});
