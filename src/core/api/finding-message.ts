import { z } from 'zod';
import { FINDING_MESSAGE_KEYS } from '../alliance/finding-message.ts';

const key = z.enum(FINDING_MESSAGE_KEYS);
const value = z.union([z.string(), z.number()]);
const nested = z.object({ key, params: z.record(z.string(), value).optional() });

/**
 * An alert's explanation as the API answers it: a catalogue key and its parameters
 * (src/core/alliance/finding-message.ts); the web app renders it in the reader's language.
 */
export const findingMessageSchema = z.object({
  key,
  params: z.record(z.string(), z.union([value, nested, z.array(nested).readonly()])),
});
