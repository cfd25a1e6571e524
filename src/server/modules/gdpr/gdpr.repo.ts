// SQL for the GDPR services: a person's data for the export, the figures the documents quote, and the
// rights requests queue.
import type { Kysely } from 'kysely';
import type { Database, RightsRequestsTable } from '../../db/schema.ts';

export function createGdprRepo(db: Kysely<Database>) {
  return {
    findSchool: (id: string) => db.selectFrom('schools').select(['id', 'uai', 'name']).where('id', '=', id).executeTakeFirst(),
    findSchoolByUai: (uai: string) => db.selectFrom('schools').select(['id', 'uai', 'name']).where('uai', '=', uai).executeTakeFirst(),

    findUser: (id: string) =>
      db
        .selectFrom('users')
        .select(['id', 'login', 'display_name', 'role', 'school_id', 'disabled_at', 'created_at', 'left_at'])
        .where('id', '=', id)
        .executeTakeFirst(),

    classesOf: (userId: string) =>
      db
        .selectFrom('class_members')
        .innerJoin('classes', 'classes.id', 'class_members.class_id')
        .select(['classes.name', 'classes.level'])
        .where('class_members.user_id', '=', userId)
        .orderBy('classes.name')
        .execute(),

    conversationsOf: (pupilId: string) =>
      db
        .selectFrom('conversations')
        .select(['id', 'subject', 'title_enc', 'created_at', 'updated_at'])
        .where('pupil_id', '=', pupilId)
        .orderBy('created_at')
        .execute(),

    findConversation: (id: string) =>
      db.selectFrom('conversations').select(['id', 'pupil_id', 'school_id', 'subject', 'title_enc', 'created_at', 'updated_at']).where('id', '=', id).executeTakeFirst(),

    /** True when the teacher is a member of one of the pupil's classes. */
    sharesClass: async (teacherId: string, pupilId: string): Promise<boolean> => {
      const row = await db
        .selectFrom('class_members as t')
        .innerJoin('class_members as p', 'p.class_id', 't.class_id')
        .select('t.class_id')
        .where('t.user_id', '=', teacherId)
        .where('p.user_id', '=', pupilId)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** The latest version of the notice this person said it read (audit entries `notice.read`). */
    lastNoticeRead: async (userId: string): Promise<string | null> => {
      const row = await db
        .selectFrom('audit_log')
        .select('details')
        .where('subject_id', '=', userId)
        .where('action', '=', 'notice.read')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!row) return null;
      const version = (JSON.parse(row.details) as { version?: unknown }).version;
      return typeof version === 'string' ? version : null;
    },

    /** The messages of a conversation, with the help lines shown under a message when there were some. */
    messagesOf: (conversationId: string) =>
      db
        .selectFrom('messages')
        .leftJoin('message_care', 'message_care.message_id', 'messages.id')
        .select(['messages.id', 'messages.author', 'messages.content_enc', 'messages.status', 'messages.created_at', 'message_care.care_enc'])
        .where('messages.conversation_id', '=', conversationId)
        .orderBy('messages.seq')
        .execute(),

    /** Accounts per role in a school, for the scale of the processing in the AIPD. */
    countByRole: async (schoolId: string): Promise<Record<string, number>> => {
      const rows = await db
        .selectFrom('users')
        .select(['role', (eb) => eb.fn.countAll<number>().as('n')])
        .where('school_id', '=', schoolId)
        .where('disabled_at', 'is', null)
        .groupBy('role')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.role, Number(r.n)]));
    },

    insertRequest: (row: RightsRequestsTable) => db.insertInto('rights_requests').values(row).execute(),
    findRequest: (id: string) => db.selectFrom('rights_requests').selectAll().where('id', '=', id).executeTakeFirst(),
    listRequestsOf: (pupilId: string) => db.selectFrom('rights_requests').selectAll().where('pupil_id', '=', pupilId).orderBy('received_at', 'desc').execute(),
    listRequests: (schoolId: string) =>
      db
        .selectFrom('rights_requests')
        .leftJoin('users as pupil', 'pupil.id', 'rights_requests.pupil_id')
        .selectAll('rights_requests')
        .select(['pupil.login as pupil_login', 'pupil.display_name as pupil_name'])
        .where('rights_requests.school_id', '=', schoolId)
        .orderBy('rights_requests.due_at')
        .limit(500)
        .execute(),
    /** Applies a change only from the state read, so two DPOs deciding at once cannot both succeed. */
    async updateRequest(id: string, fromState: RightsRequestsTable['state'], patch: Partial<RightsRequestsTable>): Promise<boolean> {
      const result = await db.updateTable('rights_requests').set(patch).where('id', '=', id).where('state', '=', fromState).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    setDisabled: (userId: string, at: number) =>
      db.updateTable('users').set({ disabled_at: at }).where('id', '=', userId).where('disabled_at', 'is', null).execute(),
  };
}

export type GdprRepo = ReturnType<typeof createGdprRepo>;
