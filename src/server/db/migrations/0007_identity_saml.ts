// SAML sign-in and password resets: assertion ids already used (replay refusal shared by every instance,
// kept until the assertion expires) and one-time password reset links made by an administrator.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const time = 'bigint';

  await db.schema
    .createTable('saml_assertions')
    .addColumn('provider_id', 'varchar(64)', (c) => c.notNull())
    // SHA-256 of the assertion ID: fixed length whatever the IdP's ids look like.
    .addColumn('assertion_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('saml_assertions_pk', ['provider_id', 'assertion_hash'])
    .execute();
  await db.schema.createIndex('saml_assertions_expires_idx').on('saml_assertions').column('expires_at').execute();

  await db.schema
    .createTable('password_resets')
    // SHA-256 of the link's token: a copy of the database gives no working link.
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .addColumn('used_at', time)
    .execute();
  await db.schema.createIndex('password_resets_user_idx').on('password_resets').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('password_resets').execute();
  await db.schema.dropTable('saml_assertions').execute();
}
