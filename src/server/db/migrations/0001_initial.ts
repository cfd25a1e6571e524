// First schema: schools, classes, accounts, sessions, keys, conversations and messages.
import type { Kysely } from 'kysely';

// Migrations use the untyped Kysely: they describe history and must not change when the types do.
export async function up(db: Kysely<unknown>): Promise<void> {
  const time = 'bigint';

  await db.schema
    .createTable('schools')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('uai', 'varchar(8)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('classes')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('school_id', 'varchar(36)', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('name', 'varchar(60)', (c) => c.notNull())
    .addColumn('level', 'varchar(12)', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addUniqueConstraint('classes_school_name_unique', ['school_id', 'name'])
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('login', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('display_name', 'varchar(120)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('school_id', 'varchar(36)', (c) => c.references('schools.id'))
    .addColumn('password_hash', 'varchar(255)')
    .addColumn('disabled_at', time)
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_school_idx').on('users').column('school_id').execute();

  await db.schema
    .createTable('class_members')
    .addColumn('class_id', 'varchar(36)', (c) => c.notNull().references('classes.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('class_members_pk', ['class_id', 'user_id'])
    .execute();
  await db.schema.createIndex('class_members_user_idx').on('class_members').column('user_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .addColumn('last_seen_at', time, (c) => c.notNull())
    .addColumn('revoked_at', time)
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', time, (c) => c.notNull())
    .addColumn('locked_until', time)
    .execute();

  await db.schema
    .createTable('setup_tokens')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .addColumn('used_at', time)
    .execute();

  await db.schema
    .createTable('data_keys')
    .addColumn('owner_id', 'varchar(36)', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('wrapped_key', 'varchar(255)')
    .addColumn('kek_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('shredded_at', time)
    .execute();

  await db.schema
    .createTable('conversations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('pupil_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('school_id', 'varchar(36)', (c) => c.references('schools.id'))
    .addColumn('subject', 'varchar(80)')
    .addColumn('title_enc', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conversations_pupil_idx').on('conversations').columns(['pupil_id', 'updated_at']).execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('conversation_id', 'varchar(36)', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('author', 'varchar(10)', (c) => c.notNull())
    .addColumn('content_enc', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addUniqueConstraint('messages_conversation_seq_unique', ['conversation_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['messages', 'conversations', 'data_keys', 'setup_tokens', 'login_throttle', 'sessions', 'class_members', 'users', 'classes', 'schools']) {
    await db.schema.dropTable(table).execute();
  }
}
