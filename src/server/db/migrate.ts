// Versioned migrations, run at start and by `tuteur migrate`. On PostgreSQL Kysely takes an advisory
// lock, so several instances starting together apply each migration once.
import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as initial from './migrations/0001_initial.ts';
import * as gdpr from './migrations/0002_gdpr.ts';
import * as identity from './migrations/0003_identity.ts';
import * as tutoring from './migrations/0004_tutoring.ts';
import * as safety from './migrations/0005_safety.ts';
import { gdprTextsMigration, type GdprTextsContext } from './migrations/0009_gdpr_texts.ts';
import * as documents from './migrations/0006_documents.ts';
import * as identitySaml from './migrations/0007_identity_saml.ts';
import * as chatLeases from './migrations/0008_chat_leases.ts';
import * as safetyMail from './migrations/0010_safety_mail.ts';
import * as models from './migrations/0011_models.ts';
import type { Database } from './schema.ts';

// Listed statically (not read from the folder) so the set of migrations is part of the code under review.
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_gdpr': gdpr,
  '0003_identity': identity,
  '0004_tutoring': tutoring,
  '0005_safety': safety,
  // Without the main key: enough for a new or already converted database (see the migration).
  '0009_gdpr_texts': gdprTextsMigration({}),
  '0006_documents': documents,
  '0007_identity_saml': identitySaml,
  '0008_chat_leases': chatLeases,
  '0010_safety_mail': safetyMail,
  '0011_models': models,
};

/** Names of the migrations this version knows, oldest first: a backup made by a newer version is refused. */
export const knownMigrations = (): string[] => Object.keys(MIGRATIONS).sort();

/** What some migrations need besides the database: the main key, to encrypt texts stored in clear before. */
export type MigrationContext = GdprTextsContext;

export async function migrateToLatest(db: Kysely<Database>, context: MigrationContext = {}): Promise<string[]> {
  const migrations = context.keyring ? { ...MIGRATIONS, '0009_gdpr_texts': gdprTextsMigration(context) } : MIGRATIONS;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'inconnue';
    throw new Error(`La migration ${failed} a échoué : ${String((result.error as Error).message ?? result.error)}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
