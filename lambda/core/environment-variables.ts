/** zod pieces shared by the local and the Lambda settings, which both come from environment variables. */
import { z } from 'zod';

export const positiveInteger = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const modelName = z.string().min(1);

/** A variable holding JSON of the given shape; unset or blank means `{}`. */
export const jsonVariable = <T extends z.ZodType>(shape: T, description: string) =>
  z
    .string()
    .optional()
    .transform((text, context): z.infer<T> => {
      if (!text?.trim()) return {} as z.infer<T>;
      const parsed = shape.safeParse(parseJson(text));
      if (parsed.success) return parsed.data;
      context.addIssue({ code: 'custom', message: `must be a JSON object of ${description}` });
      return z.NEVER;
    });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
