/**
 * Google sometimes echoes what it was sent. Before any Google text goes into an error message or a
 * log line, credential-shaped substrings are masked: OAuth access tokens (`ya29.`), refresh tokens
 * (`1//`), API keys (`AIza`) and anything after `Bearer `.
 */
const secretPatterns: RegExp[] = [
  /ya29\.[\w.-]+/g,
  /\b1\/\/[\w.-]+/g,
  /AIza[\w-]{20,}/g,
  /(Bearer\s+)[\w.~+/=-]+/gi,
];

/** The text with every credential-shaped substring replaced by `[redacted]`. */
export function redactSecrets({ text }: { text: string }): string {
  return secretPatterns.reduce(
    (redacted, pattern) =>
      redacted.replace(pattern, (match, bearer?: string) =>
        typeof bearer === 'string' && match.startsWith(bearer) ? `${bearer}[redacted]` : '[redacted]',
      ),
    text,
  );
}
