/**
 * Google's durations as they appear in error details: protobuf `Duration` JSON ("30s", "0.53s",
 * "1.5s") and, in `ErrorInfo.metadata.quotaResetDelay`, Go-style strings ("1h2m3.5s", "500ms", "2m").
 * https://protobuf.dev/reference/protobuf/google.protobuf/#duration
 */
const unitMilliseconds: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000_001,
};

const wholePattern = /^(?:\d+(?:\.\d+)?(?:h|ms|m|s|us|µs|ns))+$/;
const piecePattern = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g;

/**
 * Milliseconds in a Google duration string, rounded up so a wait is never shorter than asked;
 * `undefined` for anything that is not a duration.
 *
 * @example parseGoogleDuration({ text: '0.53s' }) // 530
 */
export function parseGoogleDuration({ text }: { text: string }): number | undefined {
  const trimmed = text.trim();
  if (!wholePattern.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(piecePattern)) {
    total += Number(amount) * (unitMilliseconds[unit as string] ?? 0);
  }
  return Math.ceil(total);
}
