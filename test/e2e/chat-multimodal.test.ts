import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestClock } from '../fakes/test-clock.js';
import { oneAccount } from './accounts.js';
import { postChat, readJsonAnswer } from './raw-http.js';
import { type Harness, startHarness } from './start-harness.js';

/** A 1×1 transparent PNG. */
const pngBase64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
const wavBase64 = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=';

describe('chat completions: images, audio and files', () => {
  let rig: Harness;

  beforeEach(async () => {
    rig = await startHarness({ accounts: oneAccount, clock: createTestClock() });
  });
  afterEach(() => rig.close());

  it('sends data URL images, input_audio and base64 files to Google as inlineData beside the text', async () => {
    // Act
    await rig.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${pngBase64}` } },
            { type: 'input_audio', input_audio: { data: wavBase64, format: 'wav' } },
            { type: 'file', file: { file_data: 'JVBERi0xLjQK', filename: 'report.pdf' } },
          ],
        },
      ],
    });

    // Assess
    expect(rig.google.calls[0]?.request.contents).toStrictEqual([
      {
        role: 'user',
        parts: [
          { text: 'What is in these?' },
          { inlineData: { mimeType: 'image/png', data: pngBase64 } },
          { inlineData: { mimeType: 'audio/wav', data: wavBase64 } },
          { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0xLjQK' } },
        ],
      },
    ]);
  });

  it('refuses a remote image URL with a 400 naming the part and saying what to send, without calling Google', async () => {
    // Act
    const response = await postChat({
      url: rig.url,
      body: {
        model: 'gemini-2.5-flash',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Describe' },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
            ],
          },
        ],
      },
    });

    // Assess
    expect(await readJsonAnswer(response)).toStrictEqual({
      status: 400,
      contentType: 'application/json; charset=utf-8',
      body: {
        error: {
          message:
            'Remote image URLs are not fetched: send the image inline as a base64 data URL (data:image/png;base64,...).',
          type: 'invalid_request_error',
          param: 'messages[0].content[1].image_url',
          code: null,
        },
      },
    });
    expect(rig.google.calls).toStrictEqual([]);
  });
});
