// Identity from the school's systems: a stable external id on accounts (roster imports; `left_at` comes
// from 0002_gdpr), links between SSO identities and accounts, used CAS tickets (replay refusal, single logout) and the
// short-lived state of a sign-in in progress (OIDC, SAML).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const time = 'bigint';

  // Null for accounts made by hand. `ent:<id>` when the roster or the ENT gives a stable id, `key:<hash>` otherwise.
  await db.schema.alterTable('users').addColumn('external_id', 'varchar(128)').execute();
  await db.schema.createIndex('users_school_external_unique').on('users').columns(['school_id', 'external_id']).unique().execute();

  await db.schema
    .createTable('sso_links')
    .addColumn('provider_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('subject', 'varchar(255)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('last_login_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('sso_links_pk', ['provider_id', 'subject'])
    .execute();
  await db.schema.createIndex('sso_links_user_idx').on('sso_links').column('user_id').execute();

  await db.schema
    .createTable('sso_tickets')
    .addColumn('provider_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('ticket_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('session_token_hash', 'varchar(64)')
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('sso_tickets_pk', ['provider_id', 'ticket_hash'])
    .execute();
  await db.schema.createIndex('sso_tickets_created_idx').on('sso_tickets').column('created_at').execute();

  await db.schema
    .createTable('sso_pending')
    .addColumn('state_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('provider_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['sso_pending', 'sso_tickets', 'sso_links']) await db.schema.dropTable(table).execute();
  await db.schema.dropIndex('users_school_external_unique').execute();
  await db.schema.alterTable('users').dropColumn('external_id').execute();
}
