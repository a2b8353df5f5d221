import { describe, expect, it } from 'vitest';
import { audioFormats } from '../openai/chat-request.js';
import { mimeTypeFor } from './mime-types.js';

describe('mimeTypeFor', () => {
  it('reads the extension of a filename, in any case', () => {
    // Act
    const types = [mimeTypeFor('report.PDF'), mimeTypeFor('archive.tar.png'), mimeTypeFor('notes.md')];

    // Assess
    expect(types).toStrictEqual(['application/pdf', 'image/png', 'text/markdown']);
  });

  it('knows every input_audio format', () => {
    // Act
    const types = audioFormats.map((format) => mimeTypeFor(format));

    // Assess
    expect(types).toStrictEqual([
      'audio/wav',
      'audio/mp3',
      'audio/aiff',
      'audio/aac',
      'audio/ogg',
      'audio/flac',
    ]);
  });

  it('answers undefined for unknown extensions and inherited keys', () => {
    // Act
    const types = [mimeTypeFor('program.exe'), mimeTypeFor('noextension'), mimeTypeFor('x.constructor')];

    // Assess
    expect(types).toStrictEqual([undefined, undefined, undefined]);
  });
});
