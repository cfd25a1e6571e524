// Versioned migrations, run at start and by `tuteur migrate`. On PostgreSQL Kysely takes an advisory
// lock, so several instances starting together apply each migration once.
import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as initial from './migrations/0001_initial.ts';
import * as gdpr from './migrations/0002_gdpr.ts';
import * as identity from './migrations/0003_identity.ts';
import * as tutoring from './migrations/0004_tutoring.ts';
import * as safety from './migrations/0005_safety.ts';
import type { Database } from './schema.ts';

// Listed statically (not read from the folder) so the set of migrations is part of the code under review.
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_gdpr': gdpr,
  '0003_identity': identity,
  '0004_tutoring': tutoring,
  '0005_safety': safety,
};

/** Names of the migrations this version knows, oldest first: a backup made by a newer version is refused. */
export const knownMigrations = (): string[] => Object.keys(MIGRATIONS).sort();

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'inconnue';
    throw new Error(`La migration ${failed} a échoué : ${String((result.error as Error).message ?? result.error)}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
