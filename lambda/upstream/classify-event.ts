/**
 * What one streamed GenerateContent event means for failover. The gateway commits its 200 only after
 * a `content` event, so an account that answers with nothing, or with a broken function call, can
 * still be swapped for another before the client sees a byte.
 */
import type { GenerateContentResponse } from '../gemini/generate-content.js';

/**
 * - `content`: a candidate with parts or a finish reason, or prompt feedback (a blocked prompt is an answer);
 * - `malformed`: finish reason MALFORMED_FUNCTION_CALL (the model emitted a call it could not encode);
 * - `empty`: nothing the client could use (e.g. a metadata-only event).
 */
export type EventKind = 'content' | 'malformed' | 'empty';

export function classifyEvent({ event }: { event: GenerateContentResponse }): EventKind {
  const candidates = event.candidates ?? [];
  const isMalformed = candidates.some((candidate) => candidate.finishReason === 'MALFORMED_FUNCTION_CALL');
  if (isMalformed) return 'malformed';
  const hasContent = candidates.some(
    (candidate) => (candidate.content?.parts?.length ?? 0) > 0 || Boolean(candidate.finishReason),
  );
  return hasContent || event.promptFeedback ? 'content' : 'empty';
}
