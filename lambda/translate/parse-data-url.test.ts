import { describe, expect, it } from 'vitest';
import { parseDataUrl } from './parse-data-url.js';

describe('parseDataUrl', () => {
  it('reads the mime type and base64 payload', () => {
    // Act
    const parsed = parseDataUrl('data:image/png;base64,iVBORw0KGgo=');

    // Assess
    expect(parsed).toStrictEqual({ mimeType: 'image/png', data: 'iVBORw0KGgo=' });
  });

  it('skips parameters and normalizes case', () => {
    // Act
    const parsed = parseDataUrl('DATA:Application/PDF;name=report.pdf;BASE64,JVBERi0=');

    // Assess
    expect(parsed).toStrictEqual({ mimeType: 'application/pdf', data: 'JVBERi0=' });
  });

  it.each([
    'https://example.com/cat.png',
    'data:image/png,not-base64',
    'data:;base64,AAAA',
    'data:image/png;base64',
    'data:not a type;base64,AAAA',
  ])('rejects %s', (url) => {
    // Act
    const parsed = parseDataUrl(url);

    // Assess
    expect(parsed).toBeUndefined();
  });
});
