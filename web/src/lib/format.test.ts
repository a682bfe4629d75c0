import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatAttendance,
  formatClock,
  formatDateTime,
  formatDuration,
  formatRecordings,
  isoTime,
  people,
} from './format';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('formatAge', () => {
  it('says "under a minute" for less than a minute, or for a time that is not one', () => {
    const odd = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (const seconds of [0, 1, 59, 59.99, -30, ...odd]) {
      expect(formatAge(seconds), String(seconds)).toBe('under a minute');
    }
  });

  it('counts whole minutes below an hour', () => {
    expect(formatAge(60)).toBe('1 min');
    expect(formatAge(119)).toBe('1 min');
    expect(formatAge(12 * MINUTE + 30)).toBe('12 min');
    expect(formatAge(HOUR - 1)).toBe('59 min');
  });

  it('counts hours and minutes below a day, leaving out zero minutes', () => {
    expect(formatAge(HOUR)).toBe('1 h');
    expect(formatAge(HOUR + 59)).toBe('1 h');
    expect(formatAge(HOUR + MINUTE)).toBe('1 h 1 min');
    expect(formatAge(2 * HOUR + 5 * MINUTE)).toBe('2 h 5 min');
    expect(formatAge(DAY - 1)).toBe('23 h 59 min');
  });

  it('counts whole days from a day on', () => {
    expect(formatAge(DAY)).toBe('1 day');
    expect(formatAge(2 * DAY - 1)).toBe('1 day');
    expect(formatAge(2 * DAY)).toBe('2 days');
    expect(formatAge(400 * DAY)).toBe('400 days');
  });
});

describe('formatDuration', () => {
  it('is "unknown" for a negative or non-finite length', () => {
    for (const seconds of [-1, -0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatDuration(seconds), String(seconds)).toBe('unknown');
    }
  });

  it('rounds to seconds below a minute', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(40)).toBe('40 s');
    expect(formatDuration(40.4)).toBe('40 s');
    expect(formatDuration(40.5)).toBe('41 s');
    expect(formatDuration(59.4)).toBe('59 s');
    // What rounds to a whole minute says so, as 60 s itself does.
    expect(formatDuration(59.5)).toBe('1 min');
    expect(formatDuration(59.99)).toBe('1 min');
  });

  it('rounds to the nearest minute from a minute on', () => {
    expect(formatDuration(60)).toBe('1 min');
    expect(formatDuration(89)).toBe('1 min');
    expect(formatDuration(90)).toBe('2 min');
    expect(formatDuration(12 * MINUTE)).toBe('12 min');
    expect(formatDuration(59 * MINUTE + 29)).toBe('59 min');
  });

  it('counts hours and minutes once the rounded length reaches an hour', () => {
    expect(formatDuration(59 * MINUTE + 30)).toBe('1 h');
    expect(formatDuration(HOUR)).toBe('1 h');
    expect(formatDuration(HOUR + 5 * MINUTE)).toBe('1 h 5 min');
    expect(formatDuration(HOUR + 5 * MINUTE + 40)).toBe('1 h 6 min');
    expect(formatDuration(25 * HOUR)).toBe('25 h');
  });
});

describe('isoTime', () => {
  it('reads Unix seconds and writes UTC ISO 8601', () => {
    expect(isoTime(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoTime(1_764_173_100)).toBe('2025-11-26T16:05:00.000Z');
    expect(isoTime(1.5)).toBe('1970-01-01T00:00:01.500Z');
  });
});

describe('formatDateTime', () => {
  it('formats Unix seconds as the local medium date and short time', () => {
    const expected = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    const at = 1_764_173_100;
    expect(formatDateTime(at)).toBe(expected.format(new Date(at * 1000)));
    expect(formatDateTime(at + 3 * HOUR)).not.toBe(formatDateTime(at));
  });
});

describe('formatClock', () => {
  it('formats Unix milliseconds as the local time with seconds', () => {
    const expected = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
    const at = 1_764_173_109_000;
    expect(formatClock(at)).toBe(expected.format(new Date(at)));
    expect(formatClock(at + 1000)).not.toBe(formatClock(at));
  });
});

describe('people', () => {
  it('says person for one and people otherwise', () => {
    expect(people(1)).toBe('1 person');
    expect(people(0)).toBe('0 people');
    expect(people(2)).toBe('2 people');
    expect(people(101)).toBe('101 people');
  });
});

describe('formatAttendance', () => {
  it('gives who joined and the peak', () => {
    expect(formatAttendance(4, 3)).toBe('4 people, peak 3');
    expect(formatAttendance(1, 1)).toBe('1 person, peak 1');
    expect(formatAttendance(0, 0)).toBe('0 people, peak 0');
  });
});

describe('formatRecordings', () => {
  it('says none, one, or how many', () => {
    expect(formatRecordings(0)).toBe('no recordings');
    expect(formatRecordings(1)).toBe('1 recording');
    expect(formatRecordings(2)).toBe('2 recordings');
    expect(formatRecordings(12)).toBe('12 recordings');
  });
});
