/**
 * A prompter for wizard tests: answers come from a script keyed by the question's flag (a value, or a
 * function that computes it, e.g. by following the printed consent URL), and every question asked is
 * recorded. A question the script has no answer for fails the test loudly, naming its flag.
 */
import type { Output, Prompter } from '../../scripts/setup/prompter.js';

export type ScriptedAnswer = string | boolean | (() => Promise<string>);

export interface ScriptedPrompter extends Prompter {
  /** Flags of the questions asked, in order (`paste` for a headless sign-in). */
  readonly asked: string[];
}

export function createScriptedPrompter(answers: Record<string, ScriptedAnswer> = {}): ScriptedPrompter {
  const asked: string[] = [];
  const answer = async (flag: string): Promise<string | boolean> => {
    asked.push(flag);
    const scripted = answers[flag];
    if (scripted === undefined) throw new Error(`the test has no answer for ${flag}`);
    return typeof scripted === 'function' ? scripted() : scripted;
  };
  return {
    asked,
    select: async (question) => {
      const value = String(await answer(question.flag));
      if (!question.choices.some((choice) => choice.value === value)) {
        throw new Error(`${value} is not a choice for ${question.flag}`);
      }
      return value as (typeof question.choices)[number]['value'];
    },
    text: async (question) => {
      const value = String(await answer(question.flag));
      const verdict = question.validate?.(value) ?? true;
      if (verdict !== true) throw new Error(`${question.flag} refused ${value}: ${verdict}`);
      return value;
    },
    secret: async (question) => String(await answer(question.flag)),
    confirm: async (question) => (await answer(question.flag)) === true,
    paste: async () => String(await answer('paste')),
  };
}

/** Collects what the wizard prints. */
export interface RecordingOutput extends Output {
  text(): string;
}

export function createRecordingOutput(): RecordingOutput {
  const printed: string[] = [];
  return { print: (text) => void printed.push(text), text: () => printed.join('\n') };
}
