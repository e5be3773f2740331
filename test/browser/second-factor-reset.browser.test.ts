import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpSecretBox } from '../../src/server/auth/totp-secret-storage.service.ts';
import { newTotpSecret } from '../../src/server/auth/totp-code.ts';
import type { Database } from '../../src/server/db/database.ts';
import { TEST_INSTANCE_SECRET, createStaffWithPassword } from '../helpers/auth-client.ts';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  signIn,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createTestPractice } from '../helpers/factories.ts';

/** A confirmed TOTP second factor, sealed as the app seals it; returns the base32 secret. */
async function giveSecondFactor(db: Database, person: { id: string; organizationId: string }) {
  const secret = newTotpSecret();
  const box = totpSecretBox(TEST_INSTANCE_SECRET);
  await db
    .insertInto('staff_totp')
    .values({
      staff_user_id: person.id,
      organization_id: person.organizationId,
      secret: box.seal(secret),
      secret_key_id: box.keyId,
      confirmed_at: new Date().toISOString(),
      last_time_step: null,
      created_at: new Date().toISOString(),
    })
    .execute();
  return secret;
}

describe.skipIf(!browserAvailable())("resetting a colleague's second factor in Chromium", () => {
  let server: BrowserServer;
  beforeAll(async () => {
    server = await startBrowserServer({ mode: 'two-factor' });
  });
  afterAll(() => server?.close());

  it('asks the admin for their own code when their sign-in is older than 15 minutes, then resets', async () => {
    const { base, db } = server;
    const practice = await createTestPractice(db);
    const admin = await createStaffWithPassword(db, practice, 'admin');
    const colleague = await createStaffWithPassword(db, practice, 'therapist');
    const org = practice.organization.id;
    const adminSecret = await giveSecondFactor(db, { id: admin.id, organizationId: org });
    await giveSecondFactor(db, { id: colleague.id, organizationId: org });

    const { context, page, errors } = await server.openPage();
    await page.goto(`${base}/sign-in`);
    await signIn(page, admin.email);
    await page.waitForURL(/\/sign-in\/code$/);
    await page
      .getByLabel(/Code from your authenticator app/)
      .fill(await generate({ secret: adminSecret }));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/`);
    // Twenty minutes later, as far as the server knows.
    await db
      .updateTable('auth_session')
      .set({ second_factor_at: new Date(Date.now() - 20 * 60_000).toISOString() })
      .where('staff_user_id', '=', admin.id)
      .execute();

    await page.goto(`${base}/admin/staff`);
    const section = page.getByRole('region', { name: 'Reset a second factor' });
    await section.waitFor();
    const person = section.getByLabel('Person');
    // Not oneself: only colleagues are offered.
    expect(await person.locator('option').allTextContents()).toEqual([
      `${colleague.displayName} (${colleague.email})`,
    ]);
    await section.getByRole('button', { name: 'Reset their second factor' }).click();
    await expect
      .poll(() => section.getByRole('alert').textContent())
      .toContain('Confirm it is you');
    expect(
      await db
        .selectFrom('staff_totp')
        .select('staff_user_id')
        .where('staff_user_id', '=', colleague.id)
        .execute(),
    ).toHaveLength(1);

    // The sign-in used this 30-second step; a code works once, so take the next step's.
    const next = await generate({ secret: adminSecret, epoch: Math.floor(Date.now() / 1000) + 30 });
    await section.getByLabel(/Code from your authenticator app/).fill(next);
    await section.getByRole('button', { name: 'Reset their second factor' }).click();
    await expect
      .poll(() => section.getByRole('status').textContent())
      .toContain('Second factor reset');
    expect(
      await db
        .selectFrom('staff_totp')
        .select('staff_user_id')
        .where('staff_user_id', '=', colleague.id)
        .execute(),
    ).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
