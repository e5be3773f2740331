import type { z } from 'zod';
import { AppError } from '../core/app-error.ts';

const toFlag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Validates a command's options with zod; a bad value is a usage error (exit 2). */
export function parseOptions<T extends z.ZodType>(schema: T, options: unknown): z.infer<T> {
  const result = schema.safeParse(options);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.length > 0 ? toFlag(String(issue.path[0])) : 'options',
    message: issue.message,
  }));
  const first = issues[0]!;
  throw new AppError('validation', `${first.path} ${first.message}`, issues.slice(1));
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
