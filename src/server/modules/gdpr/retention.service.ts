// Retention, enforced: conversations past the school's limit, accounts of pupils who left, and audit
// entries past their limit are deleted; what went is written to the audit log as counts, never content.
import type { Clock } from '../../clock.ts';
import type { ContentCipher } from '../../crypto/content-cipher.ts';
import type { AuditActor, AuditLog } from '../audit/audit.service.ts';
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
}

export interface RetentionReport {
  dryRun: boolean;
  at: number;
  schools: SchoolRetention[];
  audit: { before: number; months: number; entries: number };
}

export interface RetentionDeps {
  repo: RetentionRepo;
  settings: GdprSettingsRepo;
  audit: AuditLog;
  cipher: ContentCipher;
  clock: Clock;
}

export function createRetentionService({ repo, settings, audit, cipher, clock }: RetentionDeps) {
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
        if (line.conversations + line.pupilsErased > 0) {
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
