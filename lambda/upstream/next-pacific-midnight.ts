/**
 * Google resets daily quotas at midnight Pacific time. Computed with `Intl.DateTimeFormat` (the
 * runtime's time-zone database) so daylight-saving changes are right without a tz library.
 */

let formatter: Intl.DateTimeFormat | undefined;

/**
 * Made on the first daily quota a process meets, not at start: a time-zone formatter loads the ICU
 * zone data, about 8 MB resident that most processes never need.
 */
function pacificFormatter(): Intl.DateTimeFormat {
  formatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Los_Angeles',
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return formatter;
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function toPacificWallTime(epochMs: number): WallTime {
  const fields = Object.fromEntries(
    pacificFormatter()
      .formatToParts(epochMs)
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<keyof WallTime, number>;
  return {
    year: fields.year,
    month: fields.month,
    day: fields.day,
    hour: fields.hour,
    minute: fields.minute,
    second: fields.second,
  };
}

/** How far Pacific wall time is ahead of UTC at an instant (negative: -7 h or -8 h). */
function pacificOffsetMs(epochMs: number): number {
  const wall = toPacificWallTime(epochMs);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallAsUtc - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The first midnight in America/Los_Angeles strictly after `now` (epoch ms).
 *
 * @example nextPacificMidnight({ now: Date.parse('2026-03-08T12:00:00Z') }) // Date.parse('2026-03-09T07:00:00Z')
 */
export function nextPacificMidnight({ now }: { now: number }): number {
  const today = toPacificWallTime(now);
  // Date.UTC normalises day overflow (Jan 31 + 1 → Feb 1).
  const midnightAsUtc = Date.UTC(today.year, today.month - 1, today.day + 1);
  // Pacific DST switches at 02:00, so midnight always exists and is unambiguous: correcting the guess
  // by the offset in force at the first estimate lands exactly on it.
  const estimate = midnightAsUtc - pacificOffsetMs(midnightAsUtc);
  return midnightAsUtc - pacificOffsetMs(estimate);
}
