// Values the vitest global setup (test/global-setup.ts) provides to test files through inject().
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test PostgreSQL server, or null when TUTEUR_TEST_NO_PG=1. */
    tuteurPgAdminUrl: string | null;
    /** Unique id of this vitest run; prefixes the databases it creates. */
    tuteurTestRunId: string;
  }
}
