// A real application for identity tests: createTestApp's parts plus the identity routes with the
// providers a test configures (a CAS server or an OIDC provider it started on loopback). Works before and
// after buildApp registers the identity routes itself (config.sso): it registers them only if missing.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { buildApp, type AppDeps } from '../../../app.ts';
import type { Clock } from '../../../clock.ts';
import { keyringFromKey } from '../../../crypto/keyring.ts';
import { openDatabase } from '../../../db/connection.ts';
import { migrateToLatest } from '../../../db/migrate.ts';
import { createLogger } from '../../../logger.ts';
import { TEST_ORIGIN, type TestApp } from '../../../testing/test-app.ts';
import { createFakeProvider } from '../../llm/fake.provider.ts';
import { registerIdentityRoutes } from '../identity.routes.ts';
import { ssoProvidersSchema, type SsoProviderConfig, type SsoProviderInput } from '../sso.config.ts';

export type IdentityTestApp = TestApp;

export const parseProviders = (input: SsoProviderInput[]): SsoProviderConfig[] => ssoProvidersSchema.parse(input);

export async function createIdentityTestApp(options: { databaseUrl: string; clock?: Clock; providers?: SsoProviderInput[] }): Promise<IdentityTestApp> {
  const database = openDatabase(
    options.databaseUrl.startsWith('postgres') ? { kind: 'postgres', url: options.databaseUrl } : { kind: 'sqlite', file: options.databaseUrl },
  );
  await migrateToLatest(database.db);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  });
  const clock = options.clock ?? { now: () => Date.now() };
  const sessionTtlMs = 3600_000;
  const providers = parseProviders(options.providers ?? []);
  const config: AppDeps['config'] & { sso: SsoProviderConfig[] } = {
    publicUrl: TEST_ORIGIN,
    trustProxy: false,
    sessionTtlMs,
    llm: { threads: 1, parallel: undefined, contextSize: undefined, maxTokens: 64 },
    sso: providers,
  };
  const { app, services } = await buildApp({
    config,
    database,
    llm: createFakeProvider({ tokens: ['ok'] }),
    clock,
    keyring: keyringFromKey(randomBytes(32)),
    logger: createLogger('trace', sink),
    webRoot: '/nonexistent',
  });
  if (!app.hasRoute({ method: 'GET', url: '/api/auth/sso/providers' })) {
    await registerIdentityRoutes(app, {
      db: database.db,
      clock,
      providers,
      publicUrl: TEST_ORIGIN,
      sessionTtlMs,
      revokeAccess: async (userId) => {
        await services.auth.revokeUserSessions(userId);
        services.chat.abortFor(userId, 'Ta session a été fermée par l’administration de l’établissement.');
      },
    });
  }
  await app.ready();
  return {
    app,
    services,
    database,
    logs,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
