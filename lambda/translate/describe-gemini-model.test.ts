import { describe, expect, it } from 'vitest';
import { describeGeminiModel } from './describe-gemini-model.js';

describe('describeGeminiModel', () => {
  it.each([
    ['gemini-2.5-pro', { thinkingControl: 'budget', tier: 'pro', requiresThoughtSignatures: false }],
    ['gemini-2.5-flash', { thinkingControl: 'budget', tier: 'flash', requiresThoughtSignatures: false }],
    [
      'gemini-2.5-flash-lite-preview-09-2025',
      { thinkingControl: 'budget', tier: 'flash-lite', requiresThoughtSignatures: false },
    ],
    ['gemini-3-pro-preview', { thinkingControl: 'level', tier: 'pro', requiresThoughtSignatures: true }],
    ['gemini-3-flash-preview', { thinkingControl: 'level', tier: 'flash', requiresThoughtSignatures: true }],
    ['gemini-3.1-pro-preview', { thinkingControl: 'level', tier: 'pro', requiresThoughtSignatures: true }],
    ['gemini-2.0-flash', { thinkingControl: 'none', tier: 'flash', requiresThoughtSignatures: false }],
    ['gemma-3-27b-it', { thinkingControl: 'none', tier: 'other', requiresThoughtSignatures: false }],
  ])('reads %s', (model, expected) => {
    // Act
    const traits = describeGeminiModel(model);

    // Assess
    expect(traits).toStrictEqual(expected);
  });
});
