import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminClinicIds } from '../auth/staff-actor.ts';
import { requireStaff } from '../http/authenticate.ts';
import type { DemoMailbox } from './demo-mailbox.ts';

/**
 * The demo's caught mail, newest first, for its admins. Registered only by `rapport demo`
 * (a real install sends mail and has no such route); the mails are of synthetic people.
 */
export const demoMailboxRoutes =
  (mailbox: DemoMailbox): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/demo/mailbox',
      {
        schema: {
          summary: 'The mails the demo sent, caught on this machine (demo only)',
          tags: ['demo'],
          response: {
            200: z.object({
              mails: z.array(
                z.object({
                  receivedAt: z.string(),
                  to: z.array(z.string()),
                  subject: z.string(),
                  text: z.string(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => {
        adminClinicIds(requireStaff(request));
        return { mails: mailbox.list() };
      },
    );
  };
