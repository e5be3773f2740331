/** What became of a mail Rapport queued (src/core/measurement/mail-delivery.ts), as the API says it. */
import { z } from 'zod';

export const mailDeliverySchema = z.object({
  state: z.enum(['queued', 'sent', 'retrying', 'not-sent']),
  reason: z.enum(['no-mail-server', 'delivery-failed']).nullable(),
});
