// Human-readable times, durations and counts for the lobby.

/** How long ago something started: "under a minute", "12 min", "2 h 5 min", "3 days". */
export function formatAge(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 60) return 'under a minute';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest ? `${hours} h ${rest} min` : `${hours} h`;
  }
  const days = Math.floor(hours / 24);
  return days === 1 ? '1 day' : `${days} days`;
}

/** A finished meeting's length: "40 s", "12 min", "1 h 5 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'unknown';
  if (Math.round(seconds) < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** A Unix time (seconds) as a local date and time, e.g. "26 Nov 2025, 16:05". */
export function formatDateTime(unixSeconds: number): string {
  return dateTime.format(new Date(unixSeconds * 1000));
}

/** A Unix time (milliseconds) as a local clock time, e.g. "16:05:09". */
export function formatClock(unixMillis: number): string {
  return clock.format(new Date(unixMillis));
}

/** The ISO form for <time dateTime>. */
export function isoTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString();
}

/** "1 person", "3 people". */
export function people(count: number): string {
  return count === 1 ? '1 person' : `${count} people`;
}

/** "4 people, peak 3". */
export function formatAttendance(joined: number, peak: number): string {
  return `${people(joined)}, peak ${peak}`;
}

/** "no recordings", "1 recording", "2 recordings". */
export function formatRecordings(count: number): string {
  if (count === 0) return 'no recordings';
  return count === 1 ? '1 recording' : `${count} recordings`;
}
