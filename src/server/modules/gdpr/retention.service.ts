// Retention, enforced: conversations past the school's limit, accounts of pupils who left, safety alerts,
// decided rights requests and audit entries past their limit are deleted; what went is written to the
// audit log as counts, never content.
import type { Clock } from '../../clock.ts';
import type { ContentCipher } from '../../crypto/content-cipher.ts';
import type { AuditActor, AuditLog } from '../audit/audit.service.ts';
import type { AlertsRepo } from '../safety/alerts.repo.ts';
import type { GdprSettingsRepo } from './gdpr-settings.repo.ts';
import type { GdprSettings } from './gdpr-settings.ts';
import type { RetentionRepo } from './retention.repo.ts';

const DAY_MS = 86_400_000;
const BATCH = 200;

/**
 * Start of the current school year: 1 September at 0:00 in Paris. Paris is always on summer time (UTC+2)
 * then, so that is 31 August 22:00 UTC, whatever the server's time zone.
 */
export function schoolYearStart(now: number): number {
  const year = new Date(now).getUTCFullYear();
  const thisYear = Date.UTC(year, 7, 31, 22, 0, 0);
  return thisYear <= now ? thisYear : Date.UTC(year - 1, 7, 31, 22, 0, 0);
}

export function monthsBefore(now: number, months: number): number {
  const date = new Date(now);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.getTime();
}

export function conversationCutoff(now: number, settings: Pick<GdprSettings, 'conversationDays'>): number {
  return settings.conversationDays === null ? schoolYearStart(now) : now - settings.conversationDays * DAY_MS;
}

export function conversationRuleFr(settings: Pick<GdprSettings, 'conversationDays'>): string {
  return settings.conversationDays === null
    ? 'jusqu’à la fin de l’année scolaire (suppression le 1er septembre)'
    : `${settings.conversationDays} jour${settings.conversationDays > 1 ? 's' : ''} après le dernier message`;
}

export interface SchoolRetention {
  schoolId: string;
  uai: string;
  name: string;
  /** Conversations whose last message is before this instant go. */
  conversationsBefore: number;
  conversationRule: string;
  /** Pupils who left before this instant are erased. */
  leftPupilsBefore: number;
  conversations: number;
  messages: number;
  pupilsErased: number;
  pupilConversations: number;
  pupilMessages: number;
  /** Erased (content shredded, account disabled) but not deletable because other records still name them. */
  pupilsKept: number;
  /** Safety alerts raised before this instant go, with their excerpt and the staff's note. */
  alertsBefore: number;
  alertMonths: number;
  alerts: number;
  /** Rights requests decided before this instant go; open ones always stay. */
  requestsBefore: number;
  requestMonths: number;
  rightsRequests: number;
}

export interface RetentionReport {
  dryRun: boolean;
  at: number;
  schools: SchoolRetention[];
  audit: { before: number; months: number; entries: number };
}

export interface RetentionDeps {
  repo: RetentionRepo;
  alerts: Pick<AlertsRepo, 'countRaisedBefore' | 'deleteRaisedBefore'>;
  settings: GdprSettingsRepo;
  audit: AuditLog;
  cipher: ContentCipher;
  clock: Clock;
}

export function createRetentionService({ repo, alerts, settings, audit, cipher, clock }: RetentionDeps) {
  async function deleteConversationsOf(ids: string[]): Promise<{ conversations: number; messages: number }> {
    let conversations = 0;
    let messages = 0;
    for (let i = 0; i < ids.length; i += BATCH) {
      const done = await repo.deleteConversations(ids.slice(i, i + BATCH));
      conversations += done.conversations;
      messages += done.messages;
    }
    return { conversations, messages };
  }

  /**
   * Erases a pupil: account disabled, data key destroyed (its content is unreadable everywhere, backups
   * included), conversations deleted, then the account itself when nothing else still refers to it.
   */
  async function erasePupil(pupilId: string, options = { deleteAccount: true }): Promise<{ conversations: number; messages: number; deleted: boolean }> {
    const now = clock.now();
    await repo.disable(pupilId, now);
    await cipher.shred(pupilId, now);
    const removed = await deleteConversationsOf(await repo.conversationIdsOf(pupilId));
    if (!options.deleteAccount) return { ...removed, deleted: false };
    try {
      await repo.deleteUser(pupilId);
      return { ...removed, deleted: true };
    } catch {
      return { ...removed, deleted: false };
    }
  }

  async function run(options: { dryRun: boolean; actor?: AuditActor; signal?: AbortSignal }): Promise<RetentionReport> {
    const actor = options.actor ?? 'system';
    const now = clock.now();
    const report: RetentionReport = { dryRun: options.dryRun, at: now, schools: [], audit: { before: 0, months: 0, entries: 0 } };
    let auditMonths = 0;
    for (const school of await repo.schools()) {
      options.signal?.throwIfAborted();
      const rules = await settings.read(school.id);
      auditMonths = Math.max(auditMonths, rules.auditMonths);
      const line: SchoolRetention = {
        schoolId: school.id,
        uai: school.uai,
        name: school.name,
        conversationsBefore: conversationCutoff(now, rules),
        conversationRule: conversationRuleFr(rules),
        leftPupilsBefore: monthsBefore(now, rules.leftPupilMonths),
        conversations: 0,
        messages: 0,
        pupilsErased: 0,
        pupilConversations: 0,
        pupilMessages: 0,
        pupilsKept: 0,
        alertsBefore: monthsBefore(now, rules.alertMonths),
        alertMonths: rules.alertMonths,
        alerts: 0,
        // A decided request is kept as long as the audit entries that record it (same duration): the DPO
        // can show the request, its decision and their trace together, and nothing outlives its proof.
        requestsBefore: monthsBefore(now, rules.auditMonths),
        requestMonths: rules.auditMonths,
        rightsRequests: 0,
      };
      const leavers = await repo.leftPupils(school.id, line.leftPupilsBefore);
      if (options.dryRun) {
        line.pupilsErased = leavers.length;
        for (const pupilId of leavers) {
          const ids = await repo.conversationIdsOf(pupilId);
          line.pupilConversations += ids.length;
          line.pupilMessages += await repo.countMessages(ids);
        }
        const old = await repo.countOldConversations(school.id, line.conversationsBefore, leavers);
        line.conversations = old.conversations;
        line.messages = old.messages;
        line.alerts = await alerts.countRaisedBefore(school.id, line.alertsBefore);
        line.rightsRequests = await repo.countDecidedRequests(school.id, line.requestsBefore);
      } else {
        for (const pupilId of leavers) {
          options.signal?.throwIfAborted();
          const erased = await erasePupil(pupilId);
          line.pupilsErased += 1;
          line.pupilConversations += erased.conversations;
          line.pupilMessages += erased.messages;
          if (!erased.deleted) line.pupilsKept += 1;
        }
        for (;;) {
          options.signal?.throwIfAborted();
          const ids = await repo.oldConversationIds(school.id, line.conversationsBefore, BATCH);
          if (ids.length === 0) break;
          const removed = await repo.deleteConversations(ids);
          line.conversations += removed.conversations;
          line.messages += removed.messages;
        }
        for (;;) {
          options.signal?.throwIfAborted();
          const deleted = await alerts.deleteRaisedBefore(school.id, line.alertsBefore, BATCH);
          line.alerts += deleted;
          if (deleted < BATCH) break;
        }
        line.rightsRequests = await repo.deleteDecidedRequests(school.id, line.requestsBefore);
        if (line.conversations + line.pupilsErased + line.alerts + line.rightsRequests > 0) {
          await audit.record({
            actor,
            action: 'retention.purged',
            target: { type: 'school', id: school.id },
            schoolId: school.id,
            details: {
              category: 'conversations',
              conversations: line.conversations,
              messages: line.messages,
              conversationsBefore: new Date(line.conversationsBefore).toISOString(),
              pupilsErased: line.pupilsErased,
              pupilConversations: line.pupilConversations,
              pupilMessages: line.pupilMessages,
              pupilsKept: line.pupilsKept,
              alerts: line.alerts,
              alertsBefore: new Date(line.alertsBefore).toISOString(),
              rightsRequests: line.rightsRequests,
              rightsRequestsBefore: new Date(line.requestsBefore).toISOString(),
            },
          });
        }
      }
      report.schools.push(line);
    }

    // One chain for the installation: it is cut at the longest duration a school asked for, so no
    // school loses entries earlier than it chose.
    report.audit.months = auditMonths || 12;
    report.audit.before = monthsBefore(now, report.audit.months);
    if (options.dryRun) {
      report.audit.entries = (await audit.countBefore(report.audit.before)).count;
    } else {
      report.audit.entries = (await audit.cutBefore(report.audit.before, actor)).deleted;
    }
    return report;
  }

  return { run, erasePupil };
}

export type RetentionService = ReturnType<typeof createRetentionService>;
