/**
 * What translating a request's tools costs, on one core: `prepareTools` (declarations and their JSON
 * schemas cleaned for Gemini) for the tool sets a coding agent sends with every request. Reports the
 * best of several rounds, in µs per request. Run: `npx tsx test/bench/tool-schemas.ts`.
 */
import { performance } from 'node:perf_hooks';
import type { ChatTool } from '../../lambda/openai/chat-request.js';
import { prepareTools } from '../../lambda/translate/prepare-tools.js';
import { benchTools } from './exchanges.js';

/** An editing tool of the richer kind: nested objects, an array of objects, `anyOf` with null, a `$ref`. */
const editSchema = {
  type: 'object',
  description: 'Edit a file in the workspace.',
  properties: {
    path: { type: 'string', description: 'Absolute path of the file.' },
    edits: {
      type: 'array',
      description: 'Edits to apply, in order.',
      items: {
        type: 'object',
        properties: {
          oldText: { type: 'string', description: 'Text to replace.' },
          newText: { type: 'string', description: 'Replacement text.' },
          occurrence: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] },
        },
        required: ['oldText', 'newText'],
        additionalProperties: false,
      },
    },
    mode: { type: 'string', enum: ['replace', 'append', 'prepend'] },
    dryRun: { type: ['boolean', 'null'], description: 'Only show the diff.' },
    options: { $ref: '#/$defs/options' },
  },
  required: ['path', 'edits'],
  $defs: {
    options: {
      type: 'object',
      properties: {
        encoding: { type: 'string', enum: ['utf8', 'latin1'] },
        createIfMissing: { type: 'boolean' },
      },
    },
  },
};

const toolSets: Array<{ label: string; tools: ChatTool[] }> = [
  { label: '16 small tools (benchTools)', tools: benchTools({ count: 16 }) as unknown as ChatTool[] },
  {
    label: '20 richer tools (nested objects, arrays, anyOf, $ref)',
    tools: Array.from({ length: 20 }, (_, index) => ({
      type: 'function' as const,
      function: { name: `edit_${index}`, description: 'Edit a file.', parameters: editSchema },
    })),
  },
];

const requestsPerRound = 2_000;
const rounds = 5;

for (const { label, tools } of toolSets) {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round <= rounds; round += 1) {
    const started = performance.now();
    for (let request = 0; request < requestsPerRound; request += 1) {
      prepareTools({ tools, toolChoice: undefined, warn: () => {} });
    }
    const microseconds = ((performance.now() - started) * 1000) / requestsPerRound;
    // Round 0 warms the code up and is not counted.
    if (round > 0) best = Math.min(best, microseconds);
  }
  console.log(`${label}: ${best.toFixed(1)} µs per request`);
}
