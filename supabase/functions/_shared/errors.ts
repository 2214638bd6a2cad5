// One error type for every function: thrown anywhere, answered by createApp's onError as
// {error:{code,message,fields},request_id} with the right status.
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export type FieldError = { field: string; message: string };

export class ApiError extends HTTPException {
  readonly code: string;
  readonly fields?: FieldError[];
  readonly headers?: Record<string, string>;
  readonly details?: Record<string, unknown>;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    opts: { fields?: FieldError[]; headers?: Record<string, string>; details?: Record<string, unknown> } = {},
  ) {
    super(status, { message });
    this.code = code;
    this.fields = opts.fields;
    this.headers = opts.headers;
    this.details = opts.details;
  }
}

export const badRequest = (code: string, message: string, fields?: FieldError[]) =>
  new ApiError(400, code, message, { fields });
export const unprocessable = (message: string, fields: FieldError[]) =>
  new ApiError(422, "validation_failed", message, { fields });
export const unauthorized = (code: string, message: string) =>
  new ApiError(401, code, message, { headers: { "WWW-Authenticate": 'Bearer realm="agentops"' } });
export const forbidden = (code: string, message: string) => new ApiError(403, code, message);
export const notFound = (code: string, message: string) => new ApiError(404, code, message);
export const conflict = (code: string, message: string, fields?: FieldError[]) =>
  new ApiError(409, code, message, { fields });
export const tooManyRequests = (code: string, message: string, retryAfterSeconds: number, details?: Record<string, unknown>) =>
  new ApiError(429, code, message, { headers: { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) }, details });

/** A zod issue path as the dotted field name clients see, e.g. runs.3.tokens_in. */
export function fieldName(path: ReadonlyArray<PropertyKey>): string {
  return path.length === 0 ? "(body)" : path.map(String).join(".");
}
