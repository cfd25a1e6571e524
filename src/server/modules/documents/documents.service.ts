// Course documents of an assignment: upload (checked, parsed, split, encrypted; the file itself is not
// kept), list, delete, and the passages the tutor is given for a pupil's message.
//
// The search index of an assignment lives in this instance's memory, built on first use from the
// decrypted passages. Each message costs one primary-key read of the assignment's document version
// (course_document_sets): another instance's upload or delete bumps it in the database, so every instance
// rebuilds on its next message, without any message between instances and without a stale window.
import { createHash, randomUUID } from 'node:crypto';
import type { CourseDocumentView, MessageSource } from '../../../shared/api.ts';
import type { Clock } from '../../clock.ts';
import type { ContentCipher } from '../../crypto/content-cipher.ts';
import type { AssignmentsTable, CourseDocumentsTable } from '../../db/schema.ts';
import { HttpError, notFound } from '../../http/errors.ts';
import { authorize } from '../../policies/authorize.ts';
import type { Actor } from '../../policies/policies.ts';
import type { AuditEntryInput } from '../audit/audit.service.ts';
import { detectKind, sanitiseFileName } from './detect.ts';
import type { DocumentsRepo } from './documents.repo.ts';
import { extractIsolated } from './extract-isolated.ts';
import { refuse, type DocumentLimits } from './limits.ts';
import { splitIntoPassages } from './passages.ts';
import { createPassageIndex, type IndexedPassage, type PassageIndex } from './search.ts';

/** A passage given to the model with the pupil's message. */
export interface CourseExcerpt extends MessageSource {
  text: string;
}

/** What the chat service asks for: the passages relevant to a message, never an error. */
export interface CourseExcerptSource {
  excerptsFor(assignmentId: string | null, query: string): Promise<CourseExcerpt[]>;
}

export interface UploadedFile {
  fileName: string;
  contentType: string | undefined;
  bytes: Uint8Array;
}

export interface DocumentsServiceDeps {
  repo: DocumentsRepo;
  /** The assignment and its classes, for the ownership check (the tutoring module's queries). */
  assignments: {
    findAssignment(id: string): Promise<AssignmentsTable | undefined>;
    classIdsOfAssignments(ids: string[]): Promise<Map<string, string[]>>;
  };
  cipher: ContentCipher;
  clock: Clock;
  limits: DocumentLimits;
  audit: { record(entry: AuditEntryInput): Promise<unknown> };
  logger: { warn(obj: object, msg: string): void };
}

/** Passages given to the model per message, and their total size. */
export const EXCERPTS_PER_MESSAGE = 3;
export const EXCERPT_MAX_CHARS = 2400;
/** Assignments whose index is kept in memory; the least recently used goes first. */
const CACHED_INDEXES = 64;

const passageField = (documentId: string, seq: number) => ({ table: 'course_passages', column: 'content', rowId: `${documentId}:${seq}` });

function view(row: CourseDocumentsTable): CourseDocumentView {
  return {
    id: row.id,
    assignmentId: row.assignment_id,
    name: row.name,
    kind: row.kind,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    passageCount: Number(row.passage_count),
    createdAt: Number(row.created_at),
  };
}

export function createDocumentsService(deps: DocumentsServiceDeps) {
  const { repo, cipher, clock, limits } = deps;
  const indexes = new Map<string, { version: number; index: PassageIndex }>();
  const building = new Map<string, Promise<{ version: number; index: PassageIndex }>>();

  async function loadManaged(actor: Actor, assignmentId: string): Promise<AssignmentsTable> {
    const row = await deps.assignments.findAssignment(assignmentId);
    if (!row) throw notFound('Devoir introuvable.');
    const classIds = (await deps.assignments.classIdsOfAssignments([assignmentId])).get(assignmentId) ?? [];
    authorize(actor, 'assignment:manage', { kind: 'assignment', schoolId: row.school_id, teacherId: row.teacher_id, classIds }, true);
    return row;
  }

  async function buildIndex(assignmentId: string, version: number) {
    const rows = await repo.passagesOfAssignment(assignmentId);
    const passages: IndexedPassage[] = [];
    for (const row of rows) {
      try {
        const text = await cipher.decrypt(row.keyOwnerId, passageField(row.documentId, Number(row.seq)), row.content_enc);
        passages.push({ documentId: row.documentId, documentName: row.name, passage: Number(row.seq), text });
      } catch {
        // The teacher's key was erased (account erasure): its documents are gone for everyone.
        continue;
      }
    }
    const entry = { version, index: createPassageIndex(passages) };
    indexes.delete(assignmentId);
    if (indexes.size >= CACHED_INDEXES) indexes.delete(indexes.keys().next().value as string);
    indexes.set(assignmentId, entry);
    return entry;
  }

  async function indexFor(assignmentId: string): Promise<PassageIndex | null> {
    const set = await repo.documentSet(assignmentId);
    if (!set || Number(set.document_count) === 0) {
      indexes.delete(assignmentId);
      return null;
    }
    const version = Number(set.version);
    const cached = indexes.get(assignmentId);
    if (cached?.version === version) {
      // Most recently used last, for the eviction above.
      indexes.delete(assignmentId);
      indexes.set(assignmentId, cached);
      return cached.index;
    }
    // Pupils of a class often write at the same moment: one build serves them all.
    const key = `${assignmentId}@${version}`;
    let pending = building.get(key);
    if (!pending) {
      pending = buildIndex(assignmentId, version).finally(() => building.delete(key));
      building.set(key, pending);
    }
    return (await pending).index;
  }

  return {
    async upload(actor: Actor, assignmentId: string, file: UploadedFile): Promise<CourseDocumentView> {
      const assignment = await loadManaged(actor, assignmentId);
      if (file.bytes.length === 0) throw refuse.empty();
      if (file.bytes.length > limits.maxBytes) throw refuse.tooLarge(limits);
      const name = sanitiseFileName(file.fileName);
      const kind = detectKind(name, file.contentType, file.bytes);
      const set = await repo.documentSet(assignmentId);
      if (set && Number(set.document_count) >= limits.maxDocumentsPerAssignment) throw refuse.tooManyDocuments(limits);
      const sha256 = createHash('sha256').update(file.bytes).digest('hex');
      if (await repo.findDuplicate(assignmentId, sha256)) throw refuse.duplicate();

      const paragraphs = await extractIsolated(file.bytes, kind, limits).catch((error: unknown) => {
        if (error instanceof HttpError) throw error;
        // A parser failing in a way not foreseen: still the teacher's file that is unreadable, not a server fault.
        deps.logger.warn({ assignmentId, kind, err: { name: (error as Error).name, message: (error as Error).message } }, 'course document parser failed');
        throw kind === 'pdf' ? refuse.unreadablePdf() : kind === 'docx' || kind === 'odt' ? refuse.unreadableOffice() : refuse.notText();
      });
      const chars = paragraphs.reduce((sum, p) => sum + p.length, 0);
      if (chars === 0) throw refuse.noText();
      if (chars > limits.maxTextChars) throw refuse.textTooLong(limits);
      const passages = splitIntoPassages(paragraphs);

      const id = randomUUID();
      const keyOwner = assignment.teacher_id;
      const encrypted = await Promise.all(
        passages.map(async (text, i) => ({ seq: i + 1, content_enc: await cipher.encrypt(keyOwner, passageField(id, i + 1), text) })),
      );
      const row: CourseDocumentsTable = {
        id,
        assignment_id: assignmentId,
        school_id: assignment.school_id,
        uploaded_by: actor.id,
        key_owner_id: keyOwner,
        name,
        kind,
        size_bytes: file.bytes.length,
        sha256,
        passage_count: passages.length,
        created_at: clock.now(),
      };
      let inserted: boolean;
      try {
        inserted = await repo.insertDocument(row, encrypted, limits.maxDocumentsPerAssignment);
      } catch (error) {
        // The same file sent twice at once: the unique (assignment, sha256) constraint refused the second.
        if (await repo.findDuplicate(assignmentId, sha256)) throw refuse.duplicate();
        throw error;
      }
      if (!inserted) throw refuse.tooManyDocuments(limits);
      await deps.audit.record({
        actor,
        action: 'course-document.added',
        schoolId: assignment.school_id,
        target: { type: 'assignment', id: assignmentId },
        details: { documentId: id, kind, sizeBytes: file.bytes.length, passages: passages.length },
      });
      return view(row);
    },

    async list(actor: Actor, assignmentId: string): Promise<CourseDocumentView[]> {
      await loadManaged(actor, assignmentId);
      return (await repo.listDocuments(assignmentId)).map(view);
    },

    /** Idempotent: a document already gone (or of another assignment) leaves nothing to do. */
    async remove(actor: Actor, assignmentId: string, documentId: string): Promise<void> {
      const assignment = await loadManaged(actor, assignmentId);
      if (!(await repo.deleteDocument(assignmentId, documentId, clock.now()))) return;
      await deps.audit.record({
        actor,
        action: 'course-document.deleted',
        schoolId: assignment.school_id,
        target: { type: 'assignment', id: assignmentId },
        details: { documentId },
      });
    },

    /** The passages most relevant to a pupil's message; none when the assignment has no documents. */
    async excerptsFor(assignmentId: string | null, query: string): Promise<CourseExcerpt[]> {
      if (assignmentId === null || query.trim().length === 0) return [];
      try {
        const index = await indexFor(assignmentId);
        if (!index) return [];
        return index
          .search(query, { limit: EXCERPTS_PER_MESSAGE, maxChars: EXCERPT_MAX_CHARS })
          .map((hit) => ({ document: hit.documentName, passage: hit.passage, text: hit.text }));
      } catch (error) {
        // The tutor still answers without the course rather than not at all.
        deps.logger.warn({ assignmentId, err: { name: (error as Error).name, message: (error as Error).message } }, 'course excerpts unavailable');
        return [];
      }
    },
  } satisfies CourseExcerptSource & Record<string, unknown>;
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
