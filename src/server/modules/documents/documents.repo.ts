// SQL for course documents: metadata rows, encrypted passages, and the per-assignment version that every
// instance compares with its in-memory index. Passage columns hold ciphertext only.
import { sql, type Kysely } from 'kysely';
import type { CourseDocumentsTable, Database } from '../../db/schema.ts';

export interface NewPassage {
  seq: number;
  content_enc: string;
}

export function createDocumentsRepo(db: Kysely<Database>) {
  return {
    /** One primary-key read: what the chat's hot path pays for an assignment, with or without documents. */
    documentSet: (assignmentId: string) =>
      db.selectFrom('course_document_sets').select(['version', 'document_count']).where('assignment_id', '=', assignmentId).executeTakeFirst(),

    listDocuments: (assignmentId: string) =>
      db.selectFrom('course_documents').selectAll().where('assignment_id', '=', assignmentId).orderBy('created_at').orderBy('id').execute(),

    findDuplicate: (assignmentId: string, sha256: string) =>
      db.selectFrom('course_documents').select('id').where('assignment_id', '=', assignmentId).where('sha256', '=', sha256).executeTakeFirst(),

    /** Every passage of an assignment with its document's name and key owner, for building the index. */
    passagesOfAssignment: (assignmentId: string) =>
      db
        .selectFrom('course_passages')
        .innerJoin('course_documents', 'course_documents.id', 'course_passages.document_id')
        .select(['course_documents.id as documentId', 'course_documents.name', 'course_documents.key_owner_id as keyOwnerId', 'course_passages.seq', 'course_passages.content_enc'])
        .where('course_documents.assignment_id', '=', assignmentId)
        .orderBy('course_documents.created_at')
        .orderBy('course_documents.id')
        .orderBy('course_passages.seq')
        .execute(),

    /**
     * Adds a document and its passages and bumps the assignment's version, in one transaction. The count is
     * raised by a conditional update, so two uploads racing on two instances cannot pass the limit together.
     * Returns false (nothing written) when the assignment already has `maxDocuments`.
     */
    insertDocument: (document: CourseDocumentsTable, passages: readonly NewPassage[], maxDocuments: number) =>
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto('course_document_sets')
          .values({ assignment_id: document.assignment_id, version: 0, document_count: 0, updated_at: document.created_at })
          .onConflict((oc) => oc.column('assignment_id').doNothing())
          .execute();
        const raised = await trx
          .updateTable('course_document_sets')
          .set({ version: sql`version + 1`, document_count: sql`document_count + 1`, updated_at: document.created_at })
          .where('assignment_id', '=', document.assignment_id)
          .where('document_count', '<', maxDocuments)
          .executeTakeFirst();
        if (Number(raised.numUpdatedRows) === 0) return false;
        await trx.insertInto('course_documents').values(document).execute();
        // Batched: a long document has hundreds of passages, and each statement has a parameter limit.
        for (let start = 0; start < passages.length; start += 200) {
          await trx
            .insertInto('course_passages')
            .values(passages.slice(start, start + 200).map((p) => ({ document_id: document.id, seq: p.seq, content_enc: p.content_enc })))
            .execute();
        }
        return true;
      }),

    /** Removes a document of this assignment (passages go with it) and bumps the version; false if none. */
    deleteDocument: (assignmentId: string, documentId: string, at: number) =>
      db.transaction().execute(async (trx) => {
        const removed = await trx.deleteFrom('course_documents').where('id', '=', documentId).where('assignment_id', '=', assignmentId).executeTakeFirst();
        if (Number(removed.numDeletedRows) === 0) return false;
        await trx
          .updateTable('course_document_sets')
          .set({ version: sql`version + 1`, document_count: sql`document_count - 1`, updated_at: at })
          .where('assignment_id', '=', assignmentId)
          .execute();
        return true;
      }),
  };
}

export type DocumentsRepo = ReturnType<typeof createDocumentsRepo>;
