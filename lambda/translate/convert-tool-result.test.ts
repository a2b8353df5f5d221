import { describe, expect, it } from 'vitest';
import { convertToolResult } from './convert-tool-result.js';

describe('convertToolResult', () => {
  it('sends a JSON object output as the response', () => {
    // Act
    const part = convertToolResult({ name: 'get_weather', content: '{"temp":21,"unit":"c"}' });

    // Assess
    expect(part).toStrictEqual({
      functionResponse: { name: 'get_weather', response: { temp: 21, unit: 'c' } },
    });
  });

  it.each<[string, unknown]>([
    ['Sunny, 21°C', 'Sunny, 21°C'],
    ['[1,2,3]', [1, 2, 3]],
    ['42', 42],
    ['"quoted"', 'quoted'],
    ['null', null],
    ['{"broken":', '{"broken":'],
    ['', ''],
  ])('wraps output %j as { output }', (content, output) => {
    // Act
    const part = convertToolResult({ name: 'f', content });

    // Assess
    expect(part).toStrictEqual({ functionResponse: { name: 'f', response: { output } } });
  });

  it('sends output nested too deeply for JSON as its text', () => {
    // Prepare
    const content = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;

    // Act
    const part = convertToolResult({ name: 'f', content });

    // Assess
    expect(part).toStrictEqual({ functionResponse: { name: 'f', response: { output: content } } });
  });

  it('joins text parts before reading them', () => {
    // Act
    const part = convertToolResult({ name: 'f', content: [{ text: '{"a":' }, { text: '1}' }] });

    // Assess
    expect(part).toStrictEqual({ functionResponse: { name: 'f', response: { a: 1 } } });
  });
});
