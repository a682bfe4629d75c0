// Times, durations and counts in the active language: numbers, units, dates and lists through
// Intl; plurals through the locale files' plural messages.
import type { I18n } from '../i18n/i18n';

function unit(language: string, name: 'second' | 'minute' | 'hour' | 'day', value: number): string {
  const display = name === 'day' ? 'long' : 'short';
  return new Intl.NumberFormat(language, { style: 'unit', unit: name, unitDisplay: display }).format(value);
}

/** "2 hr 5 min" (en), "2 Std., 5 Min." (de): hours and minutes, leaving out zero minutes. */
function hoursAndMinutes(language: string, hours: number, minutes: number): string {
  if (minutes === 0) return unit(language, 'hour', hours);
  const parts = [unit(language, 'hour', hours), unit(language, 'minute', minutes)];
  return new Intl.ListFormat(language, { type: 'unit', style: 'narrow' }).format(parts);
}

/** How long ago something started: "under a minute", "12 min", "2 hr 5 min", "3 days". */
export function formatAge({ language, t }: I18n, seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 60) return t('format.underAMinute');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return unit(language, 'minute', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return hoursAndMinutes(language, hours, minutes % 60);
  return unit(language, 'day', Math.floor(hours / 24));
}

/** A finished meeting's length: "40 sec", "12 min", "1 hr 5 min". */
export function formatDuration({ language, t }: I18n, seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return t('format.unknownLength');
  if (Math.round(seconds) < 60) return unit(language, 'second', Math.round(seconds));
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return unit(language, 'minute', minutes);
  return hoursAndMinutes(language, Math.floor(minutes / 60), minutes % 60);
}

/** A Unix time (seconds) as a local date and time, e.g. "26 Nov 2025, 16:05". */
export function formatDateTime(language: string, unixSeconds: number): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(unixSeconds * 1000),
  );
}

/** A Unix time (milliseconds) as a local clock time, e.g. "16:05:09". */
export function formatClock(language: string, unixMillis: number): string {
  return new Intl.DateTimeFormat(language, { timeStyle: 'medium' }).format(new Date(unixMillis));
}

/** The ISO form for <time dateTime>. */
export function isoTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString();
}

/** "1 person", "3 people". */
export function people({ t }: I18n, count: number): string {
  return t('format.people', { count });
}

/** "4 people, peak 3". */
export function formatAttendance(i18n: I18n, joined: number, peak: number): string {
  return i18n.t('format.attendance', { people: people(i18n, joined), peak });
}

/** "no recordings", "1 recording", "2 recordings". */
export function formatRecordings({ t }: I18n, count: number): string {
  return count === 0 ? t('format.noRecordings') : t('format.recordings', { count });
}
