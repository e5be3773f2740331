import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPractice } from '../../test/helpers/factories.ts';
import { openTestDatabase, testDialects } from '../../test/helpers/test-databases.ts';
import { CONTENT_SECURITY_POLICY, buildApp } from './app.ts';
import type { DatabaseHandle } from './db/database.ts';
import { WEB_DIST } from './http/web-app.routes.ts';

describe.each(testDialects)('HTTP app on %s', (dialect) => {
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
    app = await buildApp({ db: handle.db, dialect, clock: () => new Date() });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('answers /healthz with 200 when the database is reachable', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: 'ok' });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/api/public/organizations/{slug}']),
    );
    expect(
      doc.paths['/healthz'].get.responses['200'].content['application/json'].schema.properties
        .status,
    ).toBeDefined();
  });

  it("shows an organization's public profile and nothing else", async () => {
    const practice = await createTestPractice(handle.db);
    const response = await app.inject({
      method: 'GET',
      url: `/api/public/organizations/${practice.organization.slug}`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      name: practice.organization.name,
      slug: practice.organization.slug,
      clinics: [{ name: practice.clinic.name, timeZone: 'Europe/London' }],
    });
  });

  it('sends the Content-Security-Policy and forbids framing on an API answer', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/nowhere' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  // The web app is served only once built (the test run's global setup builds it).
  it.skipIf(!existsSync(`${WEB_DIST}/index.html`))(
    'sends the Content-Security-Policy and forbids framing on the HTML pages',
    async () => {
      for (const url of ['/sign-in', '/questionnaire']) {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toMatch(/^text\/html/);
        expect(response.headers['x-frame-options']).toBe('DENY');
        const policy = String(response.headers['content-security-policy']);
        expect(policy).toBe(CONTENT_SECURITY_POLICY);
        // Only the app's own scripts: no inline script, no eval, nothing from elsewhere.
        expect(policy).toContain("script-src 'self';");
        expect(policy).not.toMatch(/script-src[^;]*(unsafe|\*|http)/);
        expect(policy).toContain("frame-ancestors 'none'");
        expect(policy).toContain("object-src 'none'");
      }
    },
  );

  it.each([
    ['/api/public/organizations/no-such-practice', 404, 'urn:rapport:problem:not_found'],
    ['/api/public/organizations/NOT_A_SLUG', 400, 'urn:rapport:problem:validation'],
    ['/api/nowhere', 404, 'urn:rapport:problem:not_found'],
  ])('answers %s with a %d problem document', async (url, status, type) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json();
    expect(problem).toMatchObject({ type, status, requestId: response.headers['x-request-id'] });
    expect(problem.detail).toEqual(expect.any(String));
  });
});

describe('logging', () => {
  it('logs the route pattern, never the raw URL, cookies or bodies', async () => {
    const handle = await openTestDatabase('sqlite');
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await buildApp({
      db: handle.db,
      dialect: 'sqlite',
      clock: () => new Date(),
      logLevel: 'info',
      logStream: sink,
    });
    const secretSlug = 'jane-doe-token-abc123';
    await app.inject({
      method: 'GET',
      url: `/api/public/organizations/${secretSlug}?email=jane@example.org`,
      headers: { cookie: 'sid=s3cret' },
    });
    await app.close();
    await handle.close();
    const log = lines.join('');
    expect(log).toContain('/api/public/organizations/:slug');
    expect(log).not.toContain(secretSlug);
    expect(log).not.toContain('jane@example.org');
    expect(log).not.toContain('s3cret');
  });
});
