/**
 * An error the gateway answers with: an HTTP status plus the OpenAI error body
 * `{"error":{"message","type","param","code"}}`. Anything else that escapes is a bug and is answered
 * as a generic 500 without details.
 */
export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'api_error'
  | 'server_error';

export interface HttpErrorInit {
  status: number;
  message: string;
  type: OpenAIErrorType;
  param?: string | null;
  code?: string | null;
  headers?: Record<string, string>;
  cause?: unknown;
}

export class HttpError extends Error {
  readonly status: number;
  readonly type: OpenAIErrorType;
  readonly param: string | null;
  readonly code: string | null;
  readonly headers: Record<string, string>;

  constructor(init: HttpErrorInit) {
    super(init.message, { cause: init.cause });
    this.name = 'HttpError';
    this.status = init.status;
    this.type = init.type;
    this.param = init.param ?? null;
    this.code = init.code ?? null;
    this.headers = init.headers ?? {};
  }

  toJSON(): { error: { message: string; type: OpenAIErrorType; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** A 400 naming the parameter at fault. */
export class InvalidRequestError extends HttpError {
  constructor(message: string, param: string | null = null, code: string | null = null) {
    super({ status: 400, message, type: 'invalid_request_error', param, code });
    this.name = 'InvalidRequestError';
  }
}
