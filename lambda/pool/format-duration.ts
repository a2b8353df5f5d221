/**
 * A duration as an operator reads it in a log line: "0.5s", "30s", "2m 30s", "7h 5m".
 *
 * @example
 * formatDuration(150_000); // "2m 30s"
 */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${Math.round(Math.max(ms, 0) / 100) / 10}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return joinUnits(Math.floor(seconds / 60), 'm', seconds % 60, 's');
  const minutes = Math.round(seconds / 60);
  return joinUnits(Math.floor(minutes / 60), 'h', minutes % 60, 'm');
}

function joinUnits(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit} ${minor}${minorUnit}`;
}
