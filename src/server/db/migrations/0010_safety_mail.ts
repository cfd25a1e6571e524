// Safety, continued: the help a pupil was shown (so it is shown again after a reload), and the outbox of
// alert e-mails to the school's designated staff (durable, claimed row by row so several instances never
// send one twice).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('message_care')
    .addColumn('message_id', 'varchar(36)', (c) => c.primaryKey().references('messages.id').onDelete('cascade'))
    .addColumn('conversation_id', 'varchar(36)', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    // The help lines shown (numbers only, no category), encrypted with the pupil's key: erased with it.
    .addColumn('care_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('message_care_conversation_idx').on('message_care').column('conversation_id').execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('school_id', 'varchar(36)', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    // An alert erased with its pupil takes its pending e-mails with it.
    .addColumn('alert_id', 'varchar(36)', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('recipient', 'varchar(254)', (c) => c.notNull())
    .addColumn('state', 'varchar(10)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_holder', 'varchar(120)')
    .addColumn('lease_until', 'bigint')
    // An error code only (ECONNECTION, EAUTH…): never a server answer that could quote the message.
    .addColumn('last_error', 'varchar(40)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  await db.schema.createIndex('mail_outbox_due_idx').on('mail_outbox').columns(['state', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('mail_outbox').execute();
  await db.schema.dropTable('message_care').execute();
}
