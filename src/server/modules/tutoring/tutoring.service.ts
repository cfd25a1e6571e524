// Assignments opened by teachers, live sessions, the teachers' switches, and the gate every pupil message
// goes through (framework rules, quotas) before it is stored.
import { randomUUID } from 'node:crypto';
import type { AssignmentUsage, AssignmentView, LiveView, TutorStatus } from '../../../shared/api.ts';
import type { Level, Subject, TutorMode } from '../../../shared/roles.ts';
import type { Clock } from '../../clock.ts';
import type { AssignmentsTable } from '../../db/schema.ts';
import { HttpError, notFound } from '../../http/errors.ts';
import { authorize, type Caller } from '../../policies/authorize.ts';
import type { Actor } from '../../policies/policies.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { parisTime } from '../settings/opening-hours.ts';
import { decideAccess, type AccessDecision } from './access-policy.ts';
import type { QuotaWindows, TutoringRepo } from './tutoring.repo.ts';

export interface AssignmentInput {
  title: string;
  subject: Subject;
  statement: string;
  expectedAnswer?: string;
  modes: TutorMode[];
  classIds: string[];
  opensAt: number;
  closesAt: number;
}

/** What the chat service needs to know about a pupil's message before storing it. */
export interface GateResult {
  classId: string;
  level: Level;
  assignment: AssignmentsTable | null;
  /** Where the message is counted when stored, and the limits the stored count must stay within. */
  quota: { windows: QuotaWindows; dayLimit: number; weekLimit: number };
}

/** The refusal of a message over a quota (checked by the gate, and again exactly when the message is stored). */
export function quotaExceeded(which: 'day' | 'week', limit: number): HttpError {
  return which === 'day'
    ? new HttpError(429, 'quota_day', `Tu as utilisé tes ${limit} messages d’aujourd’hui. Le tuteur sera de nouveau disponible demain.`)
    : new HttpError(429, 'quota_week', `Tu as utilisé tes ${limit} messages de la semaine. Le tuteur sera de nouveau disponible lundi.`);
}

type UsageRow = { day_start: number | null; day_count: number | null; week_start: number | null; week_count: number | null };

export interface TutorStopper {
  /** Stops at once the running answers matching the filter, with a French reason for the pupils. */
  stopWhere(filter: { classId?: string; assignmentId?: string }, message: string): void;
}

const DAY = 86_400_000;
/** A pupil counts as connected when its session was used this recently (sessions are touched once a minute). */
const CONNECTED_WINDOW_MS = 3 * 60_000;

const assignmentResource = (row: AssignmentsTable, classIds: readonly string[]) => ({
  kind: 'assignment' as const,
  schoolId: row.school_id,
  teacherId: row.teacher_id,
  classIds,
});

/** Start of the current day and week (Monday) in Paris time, as epoch ms, for quotas. */
export function quotaWindows(now: number): QuotaWindows {
  // Paris is a whole number of minutes away from UTC: the seconds within the minute are UTC's.
  const paris = parisTime(now);
  const elapsedToday = (paris.minute * 60 + (Math.floor(now / 1000) % 60)) * 1000 + (now % 1000);
  const dayStart = now - elapsedToday;
  const weekday = (paris.weekday + 6) % 7; // Monday = 0
  return { dayStart, weekStart: dayStart - weekday * DAY };
}

export function createTutoringService(deps: { repo: TutoringRepo; settings: SettingsService; clock: Clock; stopper: () => TutorStopper }) {
  const { repo, settings, clock } = deps;

  async function view(row: AssignmentsTable, classIds: string[], forPupil: boolean): Promise<AssignmentView> {
    return {
      id: row.id,
      title: row.title,
      subject: row.subject as Subject,
      statement: row.statement,
      modes: row.modes.split(',') as TutorMode[],
      classIds,
      opensAt: row.opens_at,
      closesAt: row.closes_at,
      tutorEnabled: row.tutor_disabled_at === null,
      teacherId: row.teacher_id,
      ...(forPupil ? {} : { expectedAnswer: row.expected_answer }),
    };
  }

  async function loadAssignment(caller: Caller, id: string, action: 'assignment:read' | 'assignment:manage') {
    const row = await repo.findAssignment(id);
    if (!row) throw notFound('Devoir introuvable.');
    const classIds = (await repo.classIdsOfAssignments([id])).get(id) ?? [];
    authorize(caller, action, assignmentResource(row, classIds), true);
    return { row, classIds };
  }

  async function loadClass(caller: Caller, classId: string, action: 'class:tutor' | 'live-session:manage') {
    const row = await repo.findClass(classId);
    if (!row) throw notFound('Classe introuvable.');
    authorize(caller, action, { kind: 'class', schoolId: row.school_id, id: row.id }, true);
    return row;
  }

  /** Messages used in the current day and week: the pupil's counters, or its stored messages before it has any. */
  async function used(pupilId: string, usage: UsageRow | undefined, windows: QuotaWindows): Promise<{ day: number; week: number }> {
    if (!usage || usage.day_start === null || usage.week_start === null) {
      return { day: await repo.pupilMessagesSince(pupilId, windows.dayStart), week: await repo.pupilMessagesSince(pupilId, windows.weekStart) };
    }
    return {
      day: Number(usage.day_start) === windows.dayStart ? Number(usage.day_count) : 0,
      week: Number(usage.week_start) === windows.weekStart ? Number(usage.week_count) : 0,
    };
  }

  async function quota(pupilId: string, schoolId: string, usage: UsageRow | undefined) {
    const effective = await settings.effective(schoolId);
    const count = await used(pupilId, usage, quotaWindows(clock.now()));
    return {
      day: { used: count.day, limit: effective.quotaPerDay },
      week: { used: count.week, limit: effective.quotaPerWeek },
    };
  }

  type AssignmentWindow = { opens_at: number; closes_at: number; tutor_disabled_at: number | null };

  async function decide(pupil: Actor, assignment: AssignmentWindow | null): Promise<{ decision: AccessDecision; pupilClass: Awaited<ReturnType<TutoringRepo['pupilClass']>> }> {
    const pupilClass = await repo.pupilClass(pupil.id);
    const now = clock.now();
    const decision = decideAccess({
      now,
      level: pupilClass?.level ?? null,
      settings: await settings.effective(pupilClass?.school_id ?? pupil.schoolId ?? ''),
      classTutorEnabled: pupilClass?.tutor_disabled_at == null,
      liveSessionActive: pupilClass ? (await repo.activeLiveSession(pupilClass.id, now)) !== undefined : false,
      assignment: assignment ? { opensAt: assignment.opens_at, closesAt: assignment.closes_at, tutorEnabled: assignment.tutor_disabled_at === null } : null,
    });
    return { decision, pupilClass };
  }

  return {
    async createAssignment(actor: Actor, input: AssignmentInput): Promise<AssignmentView> {
      const now = clock.now();
      const classIds = [...new Set(input.classIds)];
      const row: AssignmentsTable = {
        id: randomUUID(),
        school_id: actor.schoolId ?? '',
        teacher_id: actor.id,
        title: input.title,
        subject: input.subject,
        statement: input.statement,
        expected_answer: input.expectedAnswer?.length ? input.expectedAnswer : null,
        modes: [...new Set(input.modes)].join(','),
        opens_at: input.opensAt,
        closes_at: input.closesAt,
        tutor_disabled_at: null,
        created_at: now,
        updated_at: now,
      };
      authorize(actor, 'assignment:create', assignmentResource(row, classIds));
      await repo.insertAssignment(row, classIds);
      return view(row, classIds, false);
    },

    async updateAssignment(actor: Actor, id: string, input: Partial<AssignmentInput>): Promise<AssignmentView> {
      const { row, classIds } = await loadAssignment(actor, id, 'assignment:manage');
      const nextClassIds = input.classIds ? [...new Set(input.classIds)] : undefined;
      if (nextClassIds) {
        authorize(actor, actor.role === 'teacher' ? 'assignment:create' : 'assignment:manage', assignmentResource(row, nextClassIds));
        // An admin's policy looks at the assignment's school only: each new class must be of that school too.
        const found = await Promise.all(nextClassIds.map((classId) => repo.findClass(classId)));
        if (found.some((c) => c?.school_id !== row.school_id)) throw new HttpError(400, 'invalid_input', 'Classe inconnue dans cet établissement.');
      }
      const changes: Partial<AssignmentsTable> = { updated_at: clock.now() };
      if (input.title !== undefined) changes.title = input.title;
      if (input.subject !== undefined) changes.subject = input.subject;
      if (input.statement !== undefined) changes.statement = input.statement;
      if (input.expectedAnswer !== undefined) changes.expected_answer = input.expectedAnswer.length ? input.expectedAnswer : null;
      if (input.modes !== undefined) changes.modes = [...new Set(input.modes)].join(',');
      if (input.opensAt !== undefined) changes.opens_at = input.opensAt;
      if (input.closesAt !== undefined) changes.closes_at = input.closesAt;
      const next = { ...row, ...changes };
      if (next.closes_at <= next.opens_at) throw new HttpError(400, 'invalid_input', 'La date de fermeture doit suivre la date d’ouverture.');
      await repo.updateAssignment(id, changes, nextClassIds);
      return view(next, nextClassIds ?? classIds, false);
    },

    async listAssignments(actor: Actor): Promise<AssignmentView[]> {
      const rows = actor.role === 'pupil' || actor.role === 'teacher' ? await repo.assignmentsForClasses(actor.classIds ?? []) : await repo.assignmentsOfSchool(actor.schoolId ?? '');
      const classMap = await repo.classIdsOfAssignments(rows.map((r) => r.id));
      const now = clock.now();
      const visible = actor.role === 'pupil' ? rows.filter((r) => r.opens_at <= now && r.closes_at > now) : rows;
      return Promise.all(visible.map((r) => view(r, classMap.get(r.id) ?? [], actor.role === 'pupil')));
    },

    async getAssignment(actor: Actor, id: string): Promise<AssignmentView> {
      const { row, classIds } = await loadAssignment(actor, id, 'assignment:read');
      if (actor.role === 'pupil' && row.opens_at > clock.now()) throw notFound('Devoir introuvable.');
      return view(row, classIds, actor.role === 'pupil');
    },

    async usage(actor: Actor): Promise<AssignmentUsage[]> {
      const assignments = await this.listAssignments(actor);
      const rows = await repo.usage(assignments.map((a) => a.id));
      const byId = new Map(rows.map((r) => [r.assignmentId, r]));
      return assignments.map((a) => ({
        assignmentId: a.id,
        conversations: Number(byId.get(a.id)?.conversations ?? 0),
        pupils: Number(byId.get(a.id)?.pupils ?? 0),
        pupilMessages: Number(byId.get(a.id)?.pupilMessages ?? 0),
      }));
    },

    async setAssignmentTutor(actor: Actor, id: string, enabled: boolean): Promise<void> {
      const { row } = await loadAssignment(actor, id, 'assignment:manage');
      await repo.updateAssignment(id, { tutor_disabled_at: enabled ? null : clock.now(), updated_at: clock.now() }, undefined);
      if (!enabled) deps.stopper().stopWhere({ assignmentId: row.id }, 'Ton professeur a mis le tuteur en pause pour ce devoir.');
    },

    async setClassTutor(actor: Actor, classId: string, enabled: boolean): Promise<void> {
      await loadClass(actor, classId, 'class:tutor');
      await repo.setClassTutor(classId, enabled ? null : clock.now());
      if (!enabled) deps.stopper().stopWhere({ classId }, 'Ton professeur a mis le tuteur en pause pour ta classe.');
    },

    async startLiveSession(actor: Actor, classId: string, durationMinutes: number) {
      const klass = await loadClass(actor, classId, 'live-session:manage');
      const now = clock.now();
      const row = { id: randomUUID(), school_id: klass.school_id, class_id: classId, teacher_id: actor.id, starts_at: now, ends_at: now + durationMinutes * 60_000, ended_at: null, created_at: now };
      await repo.insertLiveSession(row);
      return { id: row.id, classId, startsAt: row.starts_at, endsAt: row.ends_at };
    },

    async endLiveSession(actor: Actor, sessionId: string): Promise<void> {
      const session = await repo.findLiveSession(sessionId);
      if (!session) throw notFound('Séance introuvable.');
      await loadClass(actor, session.class_id, 'live-session:manage');
      await repo.endLiveSession(sessionId, clock.now());
    },

    /**
     * The teacher's live view of a class during a séance: who is connected, who has asked the tutor, and who
     * is waiting for an answer right now (in the queue or being answered, on any instance). Names and times
     * only, never what pupils wrote.
     */
    async liveView(actor: Actor, classId: string): Promise<LiveView> {
      await loadClass(actor, classId, 'live-session:manage');
      const now = clock.now();
      const session = await repo.activeLiveSession(classId, now);
      if (!session) return { session: null, pupils: [], waiting: 0 };
      const [active, connected, waiting] = await Promise.all([
        repo.activePupils(classId, session.starts_at),
        repo.connectedPupils(classId, now, now - CONNECTED_WINDOW_MS),
        repo.waitingPupils(classId, now),
      ]);
      const pupils = new Map<string, LiveView['pupils'][number]>();
      const entry = (id: string, displayName: string) => {
        const existing = pupils.get(id) ?? { id, displayName, connected: false, lastMessageAt: null, waitingSince: null };
        pupils.set(id, existing);
        return existing;
      };
      for (const p of connected) entry(p.id, p.displayName).connected = true;
      for (const p of active) entry(p.id, p.displayName).lastMessageAt = Number(p.lastMessageAt);
      for (const w of waiting) {
        const pupil = pupils.get(w.id);
        if (pupil) pupil.waitingSince = Number(w.since);
      }
      return {
        session: { id: session.id, startsAt: session.starts_at, endsAt: session.ends_at },
        pupils: [...pupils.values()],
        waiting: [...pupils.values()].filter((p) => p.waitingSince !== null).length,
      };
    },

    /** The assignment a pupil opens a conversation on, checked to be its own class's. */
    async assignmentForPupil(pupil: Actor, assignmentId: string): Promise<AssignmentsTable> {
      const { row } = await loadAssignment(pupil, assignmentId, 'assignment:read');
      return row;
    },

    /** Every rule a pupil's message must pass before it is stored; throws a 403/429 with a French reason. */
    async gate(pupil: Actor, assignmentId: string | null): Promise<GateResult> {
      const assignment = assignmentId ? ((await repo.findAssignment(assignmentId)) ?? null) : null;
      // One query for the class, the séance and the counters: this runs on every message.
      const now = clock.now();
      const state = await repo.pupilGateState(pupil.id, now);
      const effective = await settings.effective(state?.school_id ?? pupil.schoolId ?? '');
      const decision = decideAccess({
        now,
        level: state?.level ?? null,
        settings: effective,
        classTutorEnabled: state?.tutor_disabled_at == null,
        liveSessionActive: state?.liveSessionId != null,
        assignment: assignment ? { opensAt: assignment.opens_at, closesAt: assignment.closes_at, tutorEnabled: assignment.tutor_disabled_at === null } : null,
      });
      if (!decision.allowed) throw new HttpError(403, decision.code, decision.message);
      // decideAccess refuses a pupil without a class: the state is there.
      const pupilClass = state!;
      const windows = quotaWindows(now);
      const count = await used(pupil.id, pupilClass, windows);
      if (count.day >= effective.quotaPerDay) throw quotaExceeded('day', effective.quotaPerDay);
      if (count.week >= effective.quotaPerWeek) throw quotaExceeded('week', effective.quotaPerWeek);
      return { classId: pupilClass.id, level: pupilClass.level, assignment, quota: { windows, dayLimit: effective.quotaPerDay, weekLimit: effective.quotaPerWeek } };
    },

    async status(pupil: Actor): Promise<TutorStatus> {
      // Access as for an open assignment: the level, séance and hours rules; free questions are said apart.
      const { decision, pupilClass } = await decide(pupil, { opens_at: 0, closes_at: Number.MAX_SAFE_INTEGER, tutor_disabled_at: null });
      const schoolId = pupilClass?.school_id ?? pupil.schoolId ?? '';
      const effective = await settings.effective(schoolId);
      const session = pupilClass ? await repo.activeLiveSession(pupilClass.id, clock.now()) : undefined;
      return {
        quota: await quota(pupil.id, schoolId, pupilClass ? await repo.pupilGateState(pupil.id, clock.now()) : undefined),
        liveSession: session ? { id: session.id, endsAt: session.ends_at } : null,
        freeQuestions: pupilClass ? effective.freeQuestionLevels.includes(pupilClass.level) : false,
        access: decision.allowed ? { allowed: true } : { allowed: false, code: decision.code, message: decision.message },
      };
    },
  };
}

export type TutoringService = ReturnType<typeof createTutoringService>;
