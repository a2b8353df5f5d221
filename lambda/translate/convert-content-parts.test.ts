import { describe, expect, it } from 'vitest';
import type { ChatContentPart } from '../openai/chat-request.js';
import { convertContentParts } from './convert-content-parts.js';

function convert(content: string | ChatContentPart[]) {
  const warnings: string[] = [];
  const parts = convertContentParts({
    content,
    path: 'messages[1].content',
    warn: (message) => warnings.push(message),
  });
  return { parts, warnings };
}

describe('convertContentParts', () => {
  it('turns a string into one text part, and an empty string into none', () => {
    // Act
    const results = [convert('Hello'), convert('')];

    // Assess
    expect(results).toStrictEqual([
      { parts: [{ text: 'Hello' }], warnings: [] },
      { parts: [], warnings: [] },
    ]);
  });

  it('keeps text parts as separate parts and drops empty ones', () => {
    // Act
    const result = convert([
      { type: 'text', text: 'One' },
      { type: 'text', text: '' },
      { type: 'text', text: 'Two' },
    ]);

    // Assess
    expect(result).toStrictEqual({ parts: [{ text: 'One' }, { text: 'Two' }], warnings: [] });
  });

  it('sends data URL images inline and warns that detail is ignored', () => {
    // Act
    const result = convert([
      { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ', detail: 'high' } },
    ]);

    // Assess
    expect(result).toStrictEqual({
      parts: [{ inlineData: { mimeType: 'image/jpeg', data: '/9j/4AAQ' } }],
      warnings: ['image_url.detail is ignored: Gemini chooses the image resolution itself'],
    });
  });

  it('rejects remote image URLs, naming the part', () => {
    // Act
    const act = () =>
      convert([
        { type: 'text', text: 'What is this?' },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
      ]);

    // Assess
    expect(act).toThrow(
      expect.objectContaining({
        status: 400,
        param: 'messages[1].content[1].image_url',
        message: expect.stringContaining('Remote image URLs are not fetched'),
      }),
    );
  });

  it('rejects image URLs that are neither data nor http(s)', () => {
    // Act
    const act = () => convert([{ type: 'image_url', image_url: { url: 'file:///etc/passwd' } }]);

    // Assess
    expect(act).toThrow(expect.objectContaining({ status: 400, param: 'messages[1].content[0].image_url' }));
  });

  it('sends input audio inline with its mime type', () => {
    // Act
    const result = convert([
      { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
      { type: 'input_audio', input_audio: { data: 'SUQz', format: 'mp3' } },
    ]);

    // Assess
    expect(result).toStrictEqual({
      parts: [
        { inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } },
        { inlineData: { mimeType: 'audio/mp3', data: 'SUQz' } },
      ],
      warnings: [],
    });
  });

  it('sends files inline from a data URL, or from raw base64 typed by the filename', () => {
    // Act
    const result = convert([
      { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'ignored.txt' } },
      { type: 'file', file: { file_data: 'JVBERi0=', filename: 'report.pdf' } },
    ]);

    // Assess
    expect(result).toStrictEqual({
      parts: [
        { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
        { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
      ],
      warnings: [],
    });
  });

  it.each<[ChatContentPart, string]>([
    [{ type: 'file', file: { file_id: 'file-abc123' } }, 'messages[1].content[0].file.file_id'],
    [{ type: 'file', file: {} }, 'messages[1].content[0].file.file_data'],
    [
      { type: 'file', file: { file_data: 'data:application/pdf,plain' } },
      'messages[1].content[0].file.file_data',
    ],
    [{ type: 'file', file: { file_data: 'JVBERi0=' } }, 'messages[1].content[0].file'],
    [{ type: 'file', file: { file_data: 'JVBERi0=', filename: 'setup.exe' } }, 'messages[1].content[0].file'],
  ])('rejects file %j naming %s', (part, param) => {
    // Act
    const act = () => convert([part]);

    // Assess
    expect(act).toThrow(expect.objectContaining({ status: 400, param }));
  });

  it('turns refusal parts into text', () => {
    // Act
    const result = convert([{ type: 'refusal', refusal: 'I cannot help with that.' }]);

    // Assess
    expect(result).toStrictEqual({ parts: [{ text: 'I cannot help with that.' }], warnings: [] });
  });
});
