// GDPR: the tamper-evident audit log (entries, chain head, signed seals), job leases shared by the
// instances, rights requests, and the date a pupil left the school (retention of its account).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const time = 'bigint';

  // No foreign keys: an entry must outlive the account, school or conversation it names, and deleting
  // one of those must never cascade into the chain.
  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', time, (c) => c.notNull())
    .addColumn('actor_id', 'varchar(36)')
    .addColumn('actor_role', 'varchar(20)', (c) => c.notNull())
    .addColumn('action', 'varchar(40)', (c) => c.notNull())
    .addColumn('target_type', 'varchar(30)')
    .addColumn('target_id', 'varchar(64)')
    .addColumn('school_id', 'varchar(36)')
    .addColumn('subject_id', 'varchar(36)')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_school_idx').on('audit_log').columns(['school_id', 'seq']).execute();
  await db.schema.createIndex('audit_log_subject_idx').on('audit_log').columns(['subject_id', 'seq']).execute();

  // One row: the end of the chain (appends lock it) and its start once retention has cut the oldest entries.
  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('last_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('first_seq', 'bigint', (c) => c.notNull())
    .addColumn('first_prev_hash', 'varchar(64)', (c) => c.notNull())
    .execute();
  const genesis = '0'.repeat(64);
  await sql`insert into audit_head (id, last_seq, last_hash, first_seq, first_prev_hash) values (1, 0, ${genesis}, 1, ${genesis})`.execute(db);

  await db.schema
    .createTable('audit_seals')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('at', time, (c) => c.notNull())
    .addColumn('key_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('signature', 'varchar(200)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'varchar(60)', (c) => c.primaryKey())
    .addColumn('holder', 'varchar(100)', (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rights_requests')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('school_id', 'varchar(36)', (c) => c.references('schools.id').onDelete('cascade'))
    .addColumn('pupil_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('state', 'varchar(20)', (c) => c.notNull())
    .addColumn('details_enc', 'text')
    .addColumn('received_at', time, (c) => c.notNull())
    .addColumn('due_at', time, (c) => c.notNull())
    .addColumn('extended', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('decided_at', time)
    .addColumn('decided_by', 'varchar(36)')
    .addColumn('decision_reason', 'text')
    .execute();
  await db.schema.createIndex('rights_requests_school_idx').on('rights_requests').columns(['school_id', 'state', 'due_at']).execute();

  await db.schema.alterTable('users').addColumn('left_at', time).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('left_at').execute();
  for (const table of ['rights_requests', 'job_leases', 'audit_seals', 'audit_head', 'audit_log']) await db.schema.dropTable(table).execute();
}
