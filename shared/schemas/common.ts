// Shapes every endpoint shares: the error body and small reusable fields.
import { z } from "zod";

export const FieldErrorSchema = z.object({ field: z.string(), message: z.string() });

export const ErrorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(FieldErrorSchema).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  request_id: z.string(),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

/** Any 8-4-4-4-12 hex id: Postgres uuids need not carry RFC 4122 version and variant bits (the demo ids do not). */
export const UuidSchema = z.guid();
/** RFC 3339 timestamp with an offset, as Postgres timestamptz accepts it. */
export const TimestampSchema = z.string().datetime({ offset: true });
