/**
 * What the benchmark's fake Google says, as pure functions: the workload rides in the model name (the
 * one field every gateway under test passes through to the upstream URL unchanged), and the answers
 * are Gemini API shapes: SSE events `data: {bare response}\r\n\r\n` for streamGenerateContent, one JSON
 * response for generateContent.
 */

export interface BenchWorkload {
  /** Upstream events in the answer (the last one carries STOP and usage). */
  events: number;
  /** Events leave one at a time with a pause between, each stamped with its send time. */
  paced: boolean;
}

const modelPattern = /^gemini-bench-(\d+)(-paced)?$/;

/**
 * The model name that asks the fake for `workload`.
 *
 * @example benchModel({ events: 200, paced: false }); // 'gemini-bench-200'
 */
export function benchModel({ events, paced }: BenchWorkload): string {
  return `gemini-bench-${events}${paced ? '-paced' : ''}`;
}

/** The workload a model name asks for; undefined for a name the fake does not know. */
export function parseBenchModel({ model }: { model: string }): BenchWorkload | undefined {
  const match = modelPattern.exec(model);
  if (!match) return undefined;
  return { events: Number(match[1]), paced: match[2] !== undefined };
}

/**
 * The text of event `index`. Paced events carry `t<epoch ms>` so the client can tell how long the
 * event took to reach it (the fake and the client read the same wall clock).
 */
export function eventText({ index, sentAt }: { index: number; sentAt?: number }): string {
  return sentAt === undefined ? `word${index} ` : `t${sentAt.toFixed(3)} `;
}

/** One GenerateContent response (the bare shape the Gemini API streams). */
export function geminiResponse({
  text,
  index,
  last,
}: {
  text: string;
  index: number;
  last: boolean;
}): Record<string, unknown> {
  return {
    candidates: [
      {
        content: { role: 'model', parts: [{ text }] },
        ...(last ? { finishReason: 'STOP' } : {}),
        index: 0,
      },
    ],
    usageMetadata: { promptTokenCount: 12, candidatesTokenCount: index + 1, totalTokenCount: 13 + index },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'bench',
  };
}

/** One SSE event of the Gemini API's `alt=sse` stream. */
export function geminiSseEvent({
  text,
  index,
  last,
}: {
  text: string;
  index: number;
  last: boolean;
}): string {
  return `data: ${JSON.stringify(geminiResponse({ text, index, last }))}\r\n\r\n`;
}

/** The events of an unpaced stream, each its own string so the fake can send them one write each. */
export function geminiSseEvents({ events }: { events: number }): string[] {
  return Array.from({ length: events }, (_, index) =>
    geminiSseEvent({ text: eventText({ index }), index, last: index === events - 1 }),
  );
}

/** The non-stream answer: the same words in one response. */
export function geminiAnswer({ events }: { events: number }): string {
  const text = Array.from({ length: events }, (_, index) => eventText({ index })).join('');
  return JSON.stringify(geminiResponse({ text, index: events - 1, last: true }));
}

/** Reads the send stamps out of received text; `carry` is what may hold the start of a split stamp. */
export function readStamps({ text }: { text: string }): { stamps: number[]; carry: string } {
  const stamps: number[] = [];
  const pattern = /t(\d{10,}\.\d{3}) /g;
  let end = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    stamps.push(Number(match[1]));
    end = pattern.lastIndex;
  }
  // A stamp is at most ~20 characters: keeping the tail covers one split across two reads.
  return { stamps, carry: text.slice(Math.max(end, text.length - 32)) };
}
