// The real application (createTestApp) with the sign-on providers a test configures (a CAS server or an
// OIDC provider it started on loopback).
import type { Clock } from '../../../clock.ts';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import { createFakeProvider } from '../../llm/fake.provider.ts';
import { ssoProvidersSchema, type SsoProviderConfig, type SsoProviderInput } from '../sso.config.ts';

export type IdentityTestApp = TestApp;

export const parseProviders = (input: SsoProviderInput[]): SsoProviderConfig[] => ssoProvidersSchema.parse(input);

export function createIdentityTestApp(options: { databaseUrl: string; clock?: Clock; providers?: SsoProviderInput[] }): Promise<IdentityTestApp> {
  return createTestApp({
    databaseUrl: options.databaseUrl,
    llm: createFakeProvider({ tokens: ['ok'] }),
    clock: options.clock,
    ssoProviders: parseProviders(options.providers ?? []),
  });
}
