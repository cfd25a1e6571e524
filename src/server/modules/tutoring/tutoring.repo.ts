// SQL for assignments, live sessions, a pupil's class, the tutor switch of classes and usage counts.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AssignmentsTable, Database, LiveSessionsTable } from '../../db/schema.ts';
import { prepareQuery } from '../../db/prepared.ts';

/** Start (epoch ms) of the current day and week, Paris time: what quotas count in. */
export interface QuotaWindows {
  dayStart: number;
  weekStart: number;
}

/** Messages a pupil sent since a time, counted on the messages themselves (before the pupil has a counter). */
async function countPupilMessagesSince(db: Kysely<Database>, pupilId: string, since: number): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('conversations.pupil_id', '=', pupilId)
    .where('messages.author', '=', 'pupil')
    .where('messages.created_at', '>=', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

// Run with every pupil message: built and compiled once (db/prepared.ts).
const incrementUsage = prepareQuery((db, pupilId: string, dayStart: number, weekStart: number) =>
  db
    .updateTable('pupil_usage')
    .set({
      // SET expressions see the row as it was: a new day or week starts again at one.
      day_count: sql<number>`case when day_start = ${dayStart} then day_count + 1 else 1 end`,
      week_count: sql<number>`case when week_start = ${weekStart} then week_count + 1 else 1 end`,
      day_start: dayStart,
      week_start: weekStart,
    })
    .where('pupil_id', '=', pupilId)
    .returning(['day_count', 'week_count']),
);

const gateState = prepareQuery((db, pupilId: string, now: number) =>
  db
    .selectFrom('class_members')
    .innerJoin('classes', 'classes.id', 'class_members.class_id')
    .leftJoin('pupil_usage', 'pupil_usage.pupil_id', 'class_members.user_id')
    .select((eb) => [
      'classes.id',
      'classes.level',
      'classes.tutor_disabled_at',
      'classes.school_id',
      'pupil_usage.day_start',
      'pupil_usage.day_count',
      'pupil_usage.week_start',
      'pupil_usage.week_count',
      eb
        .selectFrom('live_sessions')
        .select('live_sessions.id')
        .whereRef('live_sessions.class_id', '=', 'classes.id')
        .where('live_sessions.starts_at', '<=', now)
        .where('live_sessions.ends_at', '>', now)
        .where('live_sessions.ended_at', 'is', null)
        .limit(1)
        .as('liveSessionId'),
    ])
    .where('class_members.user_id', '=', pupilId),
);

/**
 * Counts one more pupil message in its day and week, inside the transaction that stores it, and returns the
 * new counts (the caller refuses and rolls back past a limit: exact even with several instances). A pupil
 * without a counter yet starts from its stored messages, the one being stored included.
 */
export async function countPupilMessage(trx: Transaction<Database>, pupilId: string, windows: QuotaWindows): Promise<{ day: number; week: number }> {
  const { dayStart, weekStart } = windows;
  const updated = await incrementUsage.executeTakeFirst(trx, pupilId, dayStart, weekStart);
  if (updated) return { day: Number(updated.day_count), week: Number(updated.week_count) };
  const day = await countPupilMessagesSince(trx, pupilId, dayStart);
  const week = await countPupilMessagesSince(trx, pupilId, weekStart);
  await trx.insertInto('pupil_usage').values({ pupil_id: pupilId, day_start: dayStart, day_count: day, week_start: weekStart, week_count: week }).execute();
  return { day, week };
}

export function createTutoringRepo(db: Kysely<Database>) {
  return {
    insertAssignment: (row: AssignmentsTable, classIds: string[]) =>
      db.transaction().execute(async (trx) => {
        await trx.insertInto('assignments').values(row).execute();
        await trx.insertInto('assignment_classes').values(classIds.map((class_id) => ({ assignment_id: row.id, class_id }))).execute();
      }),

    updateAssignment: (id: string, changes: Partial<AssignmentsTable>, classIds: string[] | undefined) =>
      db.transaction().execute(async (trx) => {
        await trx.updateTable('assignments').set(changes).where('id', '=', id).execute();
        if (classIds) {
          await trx.deleteFrom('assignment_classes').where('assignment_id', '=', id).execute();
          await trx.insertInto('assignment_classes').values(classIds.map((class_id) => ({ assignment_id: id, class_id }))).execute();
        }
      }),

    findAssignment: (id: string) => db.selectFrom('assignments').selectAll().where('id', '=', id).executeTakeFirst(),

    classIdsOfAssignments: async (ids: string[]): Promise<Map<string, string[]>> => {
      const map = new Map<string, string[]>();
      if (ids.length === 0) return map;
      const rows = await db.selectFrom('assignment_classes').selectAll().where('assignment_id', 'in', ids).execute();
      for (const row of rows) map.set(row.assignment_id, [...(map.get(row.assignment_id) ?? []), row.class_id]);
      return map;
    },

    /** Assignments given to any of these classes, newest first. */
    assignmentsForClasses: (classIds: readonly string[]) =>
      classIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('assignments')
            .selectAll()
            .where('id', 'in', db.selectFrom('assignment_classes').select('assignment_id').where('class_id', 'in', classIds))
            .orderBy('closes_at', 'desc')
            .limit(500)
            .execute(),

    assignmentsOfSchool: (schoolId: string) => db.selectFrom('assignments').selectAll().where('school_id', '=', schoolId).orderBy('closes_at', 'desc').limit(500).execute(),

    findClass: (id: string) => db.selectFrom('classes').selectAll().where('id', '=', id).executeTakeFirst(),

    setClassTutor: (classId: string, disabledAt: number | null) => db.updateTable('classes').set({ tutor_disabled_at: disabledAt }).where('id', '=', classId).execute(),

    /** The pupil's class (a pupil belongs to one). */
    pupilClass: (pupilId: string) =>
      db
        .selectFrom('class_members')
        .innerJoin('classes', 'classes.id', 'class_members.class_id')
        .select(['classes.id', 'classes.level', 'classes.tutor_disabled_at', 'classes.school_id'])
        .where('class_members.user_id', '=', pupilId)
        .executeTakeFirst(),

    pupilsOfClasses: (classIds: readonly string[]) =>
      classIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('class_members')
            .innerJoin('users', 'users.id', 'class_members.user_id')
            .select(['users.id', 'class_members.class_id'])
            .where('class_members.class_id', 'in', classIds)
            .where('users.role', '=', 'pupil')
            .execute(),

    insertLiveSession: (row: LiveSessionsTable) => db.insertInto('live_sessions').values(row).execute(),
    findLiveSession: (id: string) => db.selectFrom('live_sessions').selectAll().where('id', '=', id).executeTakeFirst(),
    endLiveSession: (id: string, at: number) => db.updateTable('live_sessions').set({ ended_at: at }).where('id', '=', id).where('ended_at', 'is', null).execute(),
    activeLiveSession: (classId: string, now: number) =>
      db
        .selectFrom('live_sessions')
        .selectAll()
        .where('class_id', '=', classId)
        .where('starts_at', '<=', now)
        .where('ends_at', '>', now)
        .where('ended_at', 'is', null)
        .orderBy('ends_at', 'desc')
        .executeTakeFirst(),

    /** Messages a pupil sent since a time (quotas of a pupil without a counter yet). */
    pupilMessagesSince: (pupilId: string, since: number) => countPupilMessagesSince(db, pupilId, since),

    /**
     * Everything the gate needs about a pupil in one query (it runs on every message): its class, whether a
     * séance of that class is running, and its quota counters (null before its first counted message).
     */
    pupilGateState: (pupilId: string, now: number) => gateState.executeTakeFirst(db, pupilId, now),

    /** Counts per assignment, never content: what a teacher sees by default. */
    usage: (assignmentIds: string[]) =>
      assignmentIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('conversations')
            .leftJoin('messages', (join) => join.onRef('messages.conversation_id', '=', 'conversations.id').on('messages.author', '=', 'pupil'))
            .select([
              'conversations.assignment_id as assignmentId',
              sql<number>`count(distinct conversations.id)`.as('conversations'),
              sql<number>`count(distinct conversations.pupil_id)`.as('pupils'),
              sql<number>`count(messages.id)`.as('pupilMessages'),
            ])
            .where('conversations.assignment_id', 'in', assignmentIds)
            .groupBy('conversations.assignment_id')
            .execute(),

    /** Pupils of a class active since a time (a live session's "who is connected"). */
    activePupils: (classId: string, since: number) =>
      db
        .selectFrom('messages')
        .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
        .innerJoin('class_members', 'class_members.user_id', 'conversations.pupil_id')
        .innerJoin('users', 'users.id', 'conversations.pupil_id')
        .select(['users.id', 'users.display_name as displayName', sql<number>`max(messages.created_at)`.as('lastMessageAt')])
        .where('class_members.class_id', '=', classId)
        .where('messages.author', '=', 'pupil')
        .where('messages.created_at', '>=', since)
        .groupBy(['users.id', 'users.display_name'])
        .execute(),

    /** Pupils of the class with a live session seen since `seenSince` (sessions are touched once a minute). */
    connectedPupils: (classId: string, now: number, seenSince: number) =>
      db
        .selectFrom('sessions')
        .innerJoin('class_members', 'class_members.user_id', 'sessions.user_id')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['users.id', 'users.display_name as displayName'])
        .where('class_members.class_id', '=', classId)
        .where('users.role', '=', 'pupil')
        .where('sessions.revoked_at', 'is', null)
        .where('sessions.expires_at', '>', now)
        .where('sessions.last_seen_at', '>=', seenSince)
        .groupBy(['users.id', 'users.display_name'])
        .execute(),

    /** Pupils of the class waiting for an answer (queued or being answered), on any instance: their lease. */
    waitingPupils: (classId: string, now: number) =>
      db
        .selectFrom('chat_leases')
        .innerJoin('class_members', 'class_members.user_id', 'chat_leases.pupil_id')
        .select(['chat_leases.pupil_id as id', 'chat_leases.started_at as since'])
        .where('class_members.class_id', '=', classId)
        .where('chat_leases.expires_at', '>', now)
        .execute(),
  };
}

export type TutoringRepo = ReturnType<typeof createTutoringRepo>;
