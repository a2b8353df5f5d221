import { describe, expect, it } from 'vitest';
import { readJson } from './read-json.js';

function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

describe('readJson', () => {
  it('parses JSON of any shape', () => {
    // Act
    const results = [readJson('{"a":[1,{"b":null}]}'), readJson('"text"'), readJson('3'), readJson('null')];

    // Assess
    expect(results).toStrictEqual([
      { value: { a: [1, { b: null }] } },
      { value: 'text' },
      { value: 3 },
      { value: null },
    ]);
  });

  it('answers undefined for text that is not JSON', () => {
    // Act
    const results = [readJson('{"a":'), readJson('plain words'), readJson('')];

    // Assess
    expect(results).toStrictEqual([undefined, undefined, undefined]);
  });

  it('accepts 64 levels of nesting and refuses 65', () => {
    // Act
    const results = [readJson(nested(64)) !== undefined, readJson(nested(65)) !== undefined];

    // Assess
    expect(results).toStrictEqual([true, false]);
  });

  it('refuses hostile depths without overflowing the stack', () => {
    // Act
    const result = readJson(nested(1_000_000));

    // Assess
    expect(result).toBeUndefined();
  });
});
