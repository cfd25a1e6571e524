// Logs never hold what a pupil typed, a password or a session cookie (invariant 2).
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteUrl } from '../../test/databases.ts';
import { createFakeProvider } from './modules/llm/fake.provider.ts';
import { asUser, createTestApp, loginAs, seedSchool, seedUser, TEST_ORIGIN, TEST_PASSWORD, type TestApp } from './testing/test-app.ts';

describe('logs', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  it('record requests without message text, passwords or cookies', async () => {
    t = await createTestApp({ databaseUrl: await createSqliteUrl(), llm: createFakeProvider({ tokens: ['réponse-secrète-du-modèle'] }) });
    const school = await seedSchool(t.services);
    await seedUser(t.services, 'pupil', 'alice', school);
    await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: TEST_ORIGIN }, payload: { login: 'alice', password: 'mauvais-mot-de-passe-123' } });
    const cookie = await loginAs(t.app, 'alice');
    const { id } = (await t.app.inject({ method: 'POST', url: '/api/conversations', headers: asUser(cookie), payload: {} })).json<{ id: string }>();
    await t.app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: asUser(cookie), payload: { text: 'je-suis-un-texte-privé' } });
    await t.app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: asUser(cookie), payload: { text: 'je-suis-un-texte-privé', extra: 1 } });
    // Sign-on tickets and codes travel in query strings (CAS ?ticket=, OIDC ?code=): paths only are logged.
    await t.app.inject({ method: 'GET', url: '/api/auth/sso/providers?ticket=ST-ticket-secret-123' });

    const logs = t.logs.join('');
    expect(t.logs.length).toBeGreaterThan(5);
    expect(logs).toContain('answer stored');
    expect(logs).toContain('"path":"/api/auth/sso/providers"');
    for (const secret of ['ST-ticket-secret-123', 'je-suis-un-texte-privé', 'réponse-secrète-du-modèle', TEST_PASSWORD, 'mauvais-mot-de-passe-123', cookie.split('=')[1]!]) {
      expect(logs).not.toContain(secret);
    }
  });
});
