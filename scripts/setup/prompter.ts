/**
 * The wizard's questions, behind a port so that one flow serves the interactive menu, flag-driven runs
 * and tests. Every question names the flag that answers it: without a terminal, a question with a
 * default takes it and any other one fails with "pass --flag".
 */
export interface Choice<T extends string> {
  value: T;
  name: string;
  description?: string;
}

export interface SelectQuestion<T extends string> {
  message: string;
  choices: readonly Choice<T>[];
  default?: NoInfer<T>;
  flag: string;
}

export interface TextQuestion {
  message: string;
  flag: string;
  default?: string;
  /** `true`, or what is wrong with the answer. */
  validate?: (text: string) => true | string;
}

export interface SecretQuestion {
  message: string;
  flag: string;
}

export interface ConfirmQuestion {
  message: string;
  /** Confirmations have no default: without a terminal only this flag confirms. */
  flag: string;
}

export interface Prompter {
  select<T extends string>(question: SelectQuestion<T>): Promise<T>;
  text(question: TextQuestion): Promise<string>;
  /** Typed without echo. */
  secret(question: SecretQuestion): Promise<string>;
  confirm(question: ConfirmQuestion): Promise<boolean>;
  /** Headless sign-in: the line the user pastes; rejects when `signal` aborts (the browser came back first). */
  paste(question: { message: string; signal: AbortSignal }): Promise<string>;
}

/** Where the wizard writes what it has to say; never a token, key or secret. */
export interface Output {
  print(text: string): void;
}
