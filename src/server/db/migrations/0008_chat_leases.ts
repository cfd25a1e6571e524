// State of the message hot path that must be shared by every instance (issue 8): the one running answer of
// each pupil (a lease held by an instance, lapsing soon after that instance dies) and the pupil's quota
// counters (kept exact across instances, and cheaper than counting messages on every question).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('chat_leases')
    .addColumn('pupil_id', 'varchar(36)', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('instance_id', 'varchar(100)', (c) => c.notNull())
    // What a teacher's switch or a revocation on another instance matches, and the French reason it leaves
    // for the instance running the answer, which stops it at its next renewal.
    .addColumn('class_id', 'varchar(36)')
    .addColumn('assignment_id', 'varchar(36)')
    .addColumn('stop_reason', 'varchar(300)')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('chat_leases_instance_idx').on('chat_leases').column('instance_id').execute();

  await db.schema
    .createTable('pupil_usage')
    .addColumn('pupil_id', 'varchar(36)', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    // Start (epoch ms, Paris time) of the day and week the counts belong to; a new day or week starts at 0.
    .addColumn('day_start', 'bigint', (c) => c.notNull())
    .addColumn('day_count', 'integer', (c) => c.notNull())
    .addColumn('week_start', 'bigint', (c) => c.notNull())
    .addColumn('week_count', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('pupil_usage').execute();
  await db.schema.dropTable('chat_leases').execute();
}
