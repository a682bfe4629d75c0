import { describe, expect, it } from 'vitest';
import { english, i18nFor } from '../i18n/testing';
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
      expect(formatAge(english, seconds), String(seconds)).toBe('under a minute');
    }
  });

  it('counts whole minutes below an hour', () => {
    expect(formatAge(english, 60)).toBe('1 min');
    expect(formatAge(english, 119)).toBe('1 min');
    expect(formatAge(english, 12 * MINUTE + 30)).toBe('12 min');
    expect(formatAge(english, HOUR - 1)).toBe('59 min');
  });

  it('counts hours and minutes below a day, leaving out zero minutes', () => {
    expect(formatAge(english, HOUR)).toBe('1 hr');
    expect(formatAge(english, HOUR + 59)).toBe('1 hr');
    expect(formatAge(english, HOUR + MINUTE)).toBe('1 hr 1 min');
    expect(formatAge(english, 2 * HOUR + 5 * MINUTE)).toBe('2 hr 5 min');
    expect(formatAge(english, DAY - 1)).toBe('23 hr 59 min');
  });

  it('counts whole days from a day on', () => {
    expect(formatAge(english, DAY)).toBe('1 day');
    expect(formatAge(english, 2 * DAY - 1)).toBe('1 day');
    expect(formatAge(english, 2 * DAY)).toBe('2 days');
    expect(formatAge(english, 400 * DAY)).toBe('400 days');
  });
});

describe('formatDuration', () => {
  it('is "unknown" for a negative or non-finite length', () => {
    for (const seconds of [-1, -0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatDuration(english, seconds), String(seconds)).toBe('unknown');
    }
  });

  it('rounds to seconds below a minute', () => {
    expect(formatDuration(english, 0)).toBe('0 sec');
    expect(formatDuration(english, 40)).toBe('40 sec');
    expect(formatDuration(english, 40.4)).toBe('40 sec');
    expect(formatDuration(english, 40.5)).toBe('41 sec');
    expect(formatDuration(english, 59.4)).toBe('59 sec');
    // What rounds to a whole minute says so, as 60 s itself does.
    expect(formatDuration(english, 59.5)).toBe('1 min');
    expect(formatDuration(english, 59.99)).toBe('1 min');
  });

  it('rounds to the nearest minute from a minute on', () => {
    expect(formatDuration(english, 60)).toBe('1 min');
    expect(formatDuration(english, 89)).toBe('1 min');
    expect(formatDuration(english, 90)).toBe('2 min');
    expect(formatDuration(english, 12 * MINUTE)).toBe('12 min');
    expect(formatDuration(english, 59 * MINUTE + 29)).toBe('59 min');
  });

  it('counts hours and minutes once the rounded length reaches an hour', () => {
    expect(formatDuration(english, 59 * MINUTE + 30)).toBe('1 hr');
    expect(formatDuration(english, HOUR)).toBe('1 hr');
    expect(formatDuration(english, HOUR + 5 * MINUTE)).toBe('1 hr 5 min');
    expect(formatDuration(english, HOUR + 5 * MINUTE + 40)).toBe('1 hr 6 min');
    expect(formatDuration(english, 25 * HOUR)).toBe('25 hr');
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
  it('formats Unix seconds as the medium date and short time of the language', () => {
    const expected = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
    const at = 1_764_173_100;
    expect(formatDateTime('en', at)).toBe(expected.format(new Date(at * 1000)));
    expect(formatDateTime('en', at + 3 * HOUR)).not.toBe(formatDateTime('en', at));
  });
});

describe('formatClock', () => {
  it('formats Unix milliseconds as the time with seconds of the language', () => {
    const expected = new Intl.DateTimeFormat('en', { timeStyle: 'medium' });
    const at = 1_764_173_109_000;
    expect(formatClock('en', at)).toBe(expected.format(new Date(at)));
    expect(formatClock('en', at + 1000)).not.toBe(formatClock('en', at));
  });
});

describe('people', () => {
  it('says person for one and people otherwise', () => {
    expect(people(english, 1)).toBe('1 person');
    expect(people(english, 0)).toBe('0 people');
    expect(people(english, 2)).toBe('2 people');
    expect(people(english, 101)).toBe('101 people');
  });
});

describe('formatAttendance', () => {
  it('gives who joined and the peak', () => {
    expect(formatAttendance(english, 4, 3)).toBe('4 people, peak 3');
    expect(formatAttendance(english, 1, 1)).toBe('1 person, peak 1');
    expect(formatAttendance(english, 0, 0)).toBe('0 people, peak 0');
  });
});

describe('formatRecordings', () => {
  it('says none, one, or how many', () => {
    expect(formatRecordings(english, 0)).toBe('no recordings');
    expect(formatRecordings(english, 1)).toBe('1 recording');
    expect(formatRecordings(english, 2)).toBe('2 recordings');
    expect(formatRecordings(english, 12)).toBe('12 recordings');
  });
});

describe('in other languages', () => {
  // Intl writes no-break spaces between a number and its unit.
  const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
  it('writes units, lists and plurals the language\'s way', () => {
    const [fr, de, es, nl] = ['fr', 'de', 'es', 'nl'].map(i18nFor);
    expect(plain(formatDuration(fr, 2 * HOUR + 5 * MINUTE))).toBe('2 h 5 min');
    expect(plain(formatDuration(de, 2 * HOUR + 5 * MINUTE))).toBe('2 Std., 5 Min.');
    expect(plain(formatAge(nl, 3 * DAY))).toBe('3 dagen');
    expect(plain(formatAge(es, DAY))).toBe('1 día');
    expect(formatAge(de, 30)).toBe('weniger als eine Minute');
    expect(people(fr, 1)).toBe('1 personne');
    expect(people(fr, 2)).toBe('2 personnes');
    // French and Spanish say "de" before a million.
    expect(plain(people(fr, 1_000_000))).toBe('1 000 000 de personnes');
    expect(plain(people(es, 1_000_000))).toBe('1.000.000 de personas');
    expect(formatRecordings(nl, 0)).toBe('geen opnamen');
    expect(formatRecordings(de, 1)).toBe('1 Aufnahme');
  });

  it('writes dates the language\'s way', () => {
    const at = 1_764_173_100;
    expect(formatDateTime('de', at)).not.toBe(formatDateTime('en', at));
    expect(formatDateTime('fr', at)).toBe(
      new Intl.DateTimeFormat('fr', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at * 1000)),
    );
  });
});
