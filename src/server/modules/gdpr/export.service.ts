// Right of access (art. 15): everything Tuteur holds about a person, decrypted, as one JSON document.
// Every export is written to the audit log (counts only).
import { ROLE_LABELS_FR, type Role } from '../../../shared/roles.ts';
import type { Clock } from '../../clock.ts';
import { ShreddedKeyError, type ContentCipher } from '../../crypto/content-cipher.ts';
import { notFound } from '../../http/errors.ts';
import { authorize, type Caller } from '../../policies/authorize.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { GdprRepo } from './gdpr.repo.ts';
import { readDecisionReason } from './rights.service.ts';

export interface PersonalDataExport {
  format: 'tuteur-export/v1';
  generatedAt: string;
  person: {
    id: string;
    login: string;
    displayName: string;
    role: Role;
    roleLabel: string;
    school: { uai: string; name: string } | null;
    classes: { name: string; level: string }[];
    createdAt: string;
    disabled: boolean;
  };
  conversations: {
    id: string;
    subject: string | null;
    title: string | null;
    createdAt: string;
    updatedAt: string;
    /** helpLines: the help numbers the pupil was shown under this message (3114, 3018, 119…), when any. */
    messages: { author: 'élève' | 'tuteur'; text: string; status: string; createdAt: string; helpLines?: string[] }[];
  }[];
  accessLog: { at: string; who: string; role: string; action: string; reason: string | null; reasonText: string | null }[];
  rightsRequests: { kind: string; state: string; receivedAt: string; dueAt: string; decidedAt: string | null; decisionReason: string | null }[];
}

const ERASED = '[contenu effacé]';
const iso = (ms: number) => new Date(ms).toISOString();

export function createExportService(deps: { repo: GdprRepo; cipher: ContentCipher; audit: AuditLog; clock: Clock }) {
  const { repo, cipher, audit, clock } = deps;

  async function read(ownerId: string, table: string, column: string, rowId: string, ciphertext: string): Promise<string> {
    try {
      return await cipher.decrypt(ownerId, { table, column, rowId }, ciphertext);
    } catch (error) {
      if (error instanceof ShreddedKeyError) return ERASED;
      throw error;
    }
  }

  return {
    /** The export of `personId`, for that person (or the CLI on a request the DPO granted). */
    async export(caller: Caller, personId: string): Promise<PersonalDataExport> {
      const user = await repo.findUser(personId);
      if (!user) throw notFound('Compte introuvable.');
      authorize(caller, 'me:export', { kind: 'user', id: user.id, role: user.role, schoolId: user.school_id }, true);
      const school = user.school_id ? await repo.findSchool(user.school_id) : undefined;
      const conversations: PersonalDataExport['conversations'] = [];
      let messageCount = 0;
      for (const conversation of await repo.conversationsOf(user.id)) {
        const messages = [];
        for (const m of await repo.messagesOf(conversation.id)) {
          const care = m.care_enc === null ? null : await read(user.id, 'message_care', 'care', m.id, m.care_enc);
          messages.push({
            author: m.author === 'pupil' ? ('élève' as const) : ('tuteur' as const),
            text: await read(user.id, 'messages', 'content', m.id, m.content_enc),
            status: m.status,
            createdAt: iso(m.created_at),
            ...(care === null || care === ERASED ? {} : { helpLines: JSON.parse(care) as string[] }),
          });
        }
        messageCount += messages.length;
        conversations.push({
          id: conversation.id,
          subject: conversation.subject,
          title: conversation.title_enc === null ? null : await read(user.id, 'conversations', 'title', conversation.id, conversation.title_enc),
          createdAt: iso(conversation.created_at),
          updatedAt: iso(conversation.updated_at),
          messages,
        });
      }
      const accessLog =
        caller !== 'cli' && caller.id === user.id
          ? await audit.accessLog(caller)
          : await audit.accessLog({ id: user.id, role: user.role, schoolId: user.school_id });
      const requests = await repo.listRequestsOf(user.id);
      const result: PersonalDataExport = {
        format: 'tuteur-export/v1',
        generatedAt: iso(clock.now()),
        person: {
          id: user.id,
          login: user.login,
          displayName: user.display_name,
          role: user.role,
          roleLabel: ROLE_LABELS_FR[user.role],
          school: school ? { uai: school.uai, name: school.name } : null,
          classes: await repo.classesOf(user.id),
          createdAt: iso(user.created_at),
          disabled: user.disabled_at !== null,
        },
        conversations,
        accessLog: accessLog.map((a) => ({ at: iso(a.at), who: a.who, role: a.role, action: a.actionLabel, reason: a.reason, reasonText: a.reasonText })),
        rightsRequests: await Promise.all(requests.map(async (r) => ({
          kind: r.kind,
          state: r.state,
          receivedAt: iso(r.received_at),
          dueAt: iso(r.due_at),
          decidedAt: r.decided_at === null ? null : iso(r.decided_at),
          decisionReason: await readDecisionReason(cipher, r),
        }))),
      };
      await audit.record({
        actor: caller,
        action: 'export.created',
        target: { type: 'user', id: user.id },
        schoolId: user.school_id,
        subjectId: user.id,
        details: { conversations: conversations.length, messages: messageCount },
      });
      return result;
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
