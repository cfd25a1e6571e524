// Safety of minors: alerts for the school's designated staff (distress, disclosure, reports).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('school_id', 'varchar(36)', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('class_id', 'varchar(36)', (c) => c.references('classes.id').onDelete('set null'))
    .addColumn('pupil_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('conversation_id', 'varchar(36)', (c) => c.references('conversations.id').onDelete('set null'))
    .addColumn('message_id', 'varchar(36)')
    .addColumn('source', 'varchar(10)', (c) => c.notNull())
    .addColumn('categories', 'varchar(120)', (c) => c.notNull())
    // The flagged message and its immediate context, redacted then encrypted with the pupil's key.
    .addColumn('excerpt_enc', 'text', (c) => c.notNull())
    .addColumn('state', 'varchar(10)', (c) => c.notNull())
    .addColumn('note_enc', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(36)')
    .execute();
  await db.schema.createIndex('alerts_school_idx').on('alerts').columns(['school_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('alerts').execute();
}
