// The real application (createTestApp) with a handle on its GDPR module, for the GDPR HTTP tests.
import type { Clock } from '../../../clock.ts';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import { createFakeProvider } from '../../llm/fake.provider.ts';
import type { GdprModule } from '../gdpr.module.ts';

export async function createGdprTestApp(options: { databaseUrl: string; clock: Clock }): Promise<TestApp & { gdpr: GdprModule }> {
  const t = await createTestApp({ databaseUrl: options.databaseUrl, llm: createFakeProvider(), clock: options.clock });
  return { ...t, gdpr: t.services.gdpr };
}
