// Tutoring: school settings (the national framework's rules as defaults a school can tighten),
// assignments opened by teachers, live sessions, and the switches that turn the tutor off at once.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('school_settings')
    .addColumn('school_id', 'varchar(36)', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('key', 'varchar(60)', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(36)')
    .addPrimaryKeyConstraint('school_settings_pk', ['school_id', 'key'])
    .execute();

  await db.schema
    .createTable('assignments')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('school_id', 'varchar(36)', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('teacher_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('subject', 'varchar(40)', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull())
    // Kept from pupils; used only by the answer guard.
    .addColumn('expected_answer', 'text')
    .addColumn('modes', 'varchar(60)', (c) => c.notNull())
    .addColumn('opens_at', 'bigint', (c) => c.notNull())
    .addColumn('closes_at', 'bigint', (c) => c.notNull())
    .addColumn('tutor_disabled_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assignments_school_idx').on('assignments').column('school_id').execute();

  await db.schema
    .createTable('assignment_classes')
    .addColumn('assignment_id', 'varchar(36)', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
    .addColumn('class_id', 'varchar(36)', (c) => c.notNull().references('classes.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('assignment_classes_pk', ['assignment_id', 'class_id'])
    .execute();
  await db.schema.createIndex('assignment_classes_class_idx').on('assignment_classes').column('class_id').execute();

  await db.schema
    .createTable('live_sessions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('school_id', 'varchar(36)', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('class_id', 'varchar(36)', (c) => c.notNull().references('classes.id').onDelete('cascade'))
    .addColumn('teacher_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('live_sessions_class_idx').on('live_sessions').columns(['class_id', 'ends_at']).execute();

  await db.schema.alterTable('classes').addColumn('tutor_disabled_at', 'bigint').execute();
  await db.schema.alterTable('conversations').addColumn('assignment_id', 'varchar(36)', (c) => c.references('assignments.id').onDelete('set null')).execute();
  await db.schema.alterTable('conversations').addColumn('mode', 'varchar(20)', (c) => c.notNull().defaultTo('guidage')).execute();
  await db.schema.createIndex('messages_created_idx').on('messages').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('messages_created_idx').execute();
  await db.schema.alterTable('conversations').dropColumn('mode').execute();
  await db.schema.alterTable('conversations').dropColumn('assignment_id').execute();
  await db.schema.alterTable('classes').dropColumn('tutor_disabled_at').execute();
  for (const table of ['live_sessions', 'assignment_classes', 'assignments', 'school_settings']) await db.schema.dropTable(table).execute();
}
