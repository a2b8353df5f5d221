/**
 * The GenerateContent wire format shared by every backend (Code Assist wraps it in an envelope).
 * Requests are built by our own translator, so they are plain types. Responses come from Google and
 * are validated with small, tolerant zod schemas: only the fields we use. Whatever else Google sends
 * (safety ratings, token details, fields it adds later) is dropped, not copied: keeping it cost a
 * 200-event stream 3.6–5.4% more instructions, for fields nothing reads.
 * https://ai.google.dev/api/generate-content
 */
import * as z from 'zod';

export interface GeminiFunctionCall {
  name: string;
  args?: Record<string, unknown>;
  id?: string;
}

export interface GeminiFunctionResponse {
  name: string;
  response: Record<string, unknown>;
  id?: string;
}

export interface GeminiPart {
  text?: string;
  /** True on reasoning ("thought") parts. */
  thought?: boolean;
  /** Opaque signature Gemini 3 attaches to function calls (and some text); must be sent back as-is. */
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType?: string; fileUri: string };
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
}

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}

export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  parametersJsonSchema?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
}

export interface GeminiThinkingConfig {
  includeThoughts?: boolean;
  thinkingBudget?: number;
  thinkingLevel?: 'minimal' | 'low' | 'medium' | 'high';
}

export interface GeminiGenerationConfig {
  temperature?: number;
  topP?: number;
  topK?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  candidateCount?: number;
  responseMimeType?: string;
  responseJsonSchema?: Record<string, unknown>;
  responseSchema?: Record<string, unknown>;
  responseLogprobs?: boolean;
  logprobs?: number;
  thinkingConfig?: GeminiThinkingConfig;
}

export interface GeminiToolConfig {
  functionCallingConfig: {
    mode: 'AUTO' | 'ANY' | 'NONE' | 'VALIDATED';
    allowedFunctionNames?: string[];
  };
}

export interface GenerateContentRequest {
  contents: GeminiContent[];
  systemInstruction?: { role?: 'user'; parts: Array<{ text: string }> };
  tools?: Array<{ functionDeclarations: GeminiFunctionDeclaration[] }>;
  toolConfig?: GeminiToolConfig;
  generationConfig?: GeminiGenerationConfig;
  safetySettings?: Array<{ category: string; threshold: string }>;
}

const partSchema = z.object({
  text: z.string().nullish(),
  thought: z.boolean().nullish(),
  thoughtSignature: z.string().nullish(),
  inlineData: z.object({ mimeType: z.string(), data: z.string() }).nullish(),
  functionCall: z
    .object({
      name: z.string(),
      args: z.record(z.string(), z.unknown()).nullish(),
      id: z.string().nullish(),
    })
    .nullish(),
});

const candidateSchema = z.object({
  content: z
    .object({
      role: z.string().nullish(),
      parts: z.array(partSchema).nullish(),
    })
    .nullish(),
  finishReason: z.string().nullish(),
  finishMessage: z.string().nullish(),
  index: z.number().nullish(),
});

const usageSchema = z.object({
  promptTokenCount: z.number().nullish(),
  candidatesTokenCount: z.number().nullish(),
  totalTokenCount: z.number().nullish(),
  thoughtsTokenCount: z.number().nullish(),
  cachedContentTokenCount: z.number().nullish(),
  toolUsePromptTokenCount: z.number().nullish(),
});

export const generateContentResponseSchema = z.object({
  candidates: z.array(candidateSchema).nullish(),
  promptFeedback: z
    .object({
      blockReason: z.string().nullish(),
      blockReasonMessage: z.string().nullish(),
    })
    .nullish(),
  usageMetadata: usageSchema.nullish(),
  modelVersion: z.string().nullish(),
  responseId: z.string().nullish(),
});

export type GenerateContentResponse = z.infer<typeof generateContentResponseSchema>;
export type GeminiCandidate = z.infer<typeof candidateSchema>;
export type GeminiResponsePart = z.infer<typeof partSchema>;
export type GeminiUsage = z.infer<typeof usageSchema>;
