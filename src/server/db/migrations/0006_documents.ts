// Course documents attached by teachers to assignments: metadata and encrypted passages only (the file
// itself is never kept), a per-assignment version that tells every instance when its search index is
// stale, and the sources an answer drew on.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('course_documents')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('assignment_id', 'varchar(36)', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
    .addColumn('school_id', 'varchar(36)', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('uploaded_by', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    // Whose data key encrypts the passages: the assignment's teacher.
    .addColumn('key_owner_id', 'varchar(36)', (c) => c.notNull())
    // Sanitised for display; never used as a path.
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('passage_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('course_documents_assignment_sha_uq', ['assignment_id', 'sha256'])
    .execute();

  await db.schema
    .createTable('course_passages')
    .addColumn('document_id', 'varchar(36)', (c) => c.notNull().references('course_documents.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    // Encrypted with the key owner's data key, bound to (course_passages, content, <document>:<seq>).
    .addColumn('content_enc', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('course_passages_pk', ['document_id', 'seq'])
    .execute();

  await db.schema
    .createTable('course_document_sets')
    .addColumn('assignment_id', 'varchar(36)', (c) => c.primaryKey().references('assignments.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('document_count', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // Which document passages a tutor answer used, encrypted with the pupil's key like the answer.
  await db.schema.alterTable('messages').addColumn('sources_enc', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').dropColumn('sources_enc').execute();
  for (const table of ['course_document_sets', 'course_passages', 'course_documents']) await db.schema.dropTable(table).execute();
}
