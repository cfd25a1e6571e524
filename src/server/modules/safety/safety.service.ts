// Safety of minors on the message path: moderation of what the pupil writes, masking of personal data
// before storage, care for a pupil in distress, and alerts to the school's designated staff.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import { ShreddedKeyError, type ContentCipher } from '../../crypto/content-cipher.ts';
import type { AlertsTable } from '../../db/schema.ts';
import { HttpError, notFound } from '../../http/errors.ts';
import { authorize } from '../../policies/authorize.ts';
import type { Actor } from '../../policies/policies.ts';
import type { Category } from '../moderation/categories.ts';
import { classifyPupilMessage } from '../moderation/pupil-message.ts';
import { askedCategories, askSecondOpinion } from '../moderation/second-opinion.ts';
import { decideModeration, showsCare } from '../moderation/decision.ts';
import type { LlmProvider } from '../llm/llm.types.ts';
import type { ModerationAction } from '../moderation/actions.ts';
import { redact } from '../pii/redact.ts';
import type { RosterEntry } from '../pii/roster.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import type { AlertsRepo } from './alerts.repo.ts';
import { careFromNumbers, careMessage, type CareMessage } from './care-message.ts';
import type { CareRepo } from './care.repo.ts';
import type { AlertNotifier } from '../mail/alert-mailer.ts';
import type { MessageView } from '../../../shared/api.ts';

export interface Screening {
  action: ModerationAction;
  categories: Category[];
  /** What is stored and shown to staff: personal data masked. */
  storedText: string;
  /** What the local model reads: the original only when the school allows it. */
  modelText: string;
  /** Shown to the pupil at once (help numbers, school contacts), or null. */
  care: CareMessage | null;
}

export interface AlertInput {
  schoolId: string;
  classId: string | null;
  pupilId: string;
  conversationId: string | null;
  messageId: string | null;
  source: AlertsTable['source'];
  categories: readonly string[];
  /** Already redacted: the flagged message and its immediate context. */
  excerpt: string;
}

export interface AlertSummary {
  id: string;
  categories: string[];
  source: string;
  state: AlertsTable['state'];
  createdAt: number;
  updatedAt: number;
  pupilName: string;
  className: string | null;
}

const ROSTER_TTL_MS = 60_000;

export function createSafetyService(deps: {
  alerts: AlertsRepo;
  settings: SettingsService;
  cipher: ContentCipher;
  clock: Clock;
  /** The help shown to pupils, kept so it is shown again after a reload. */
  care: CareRepo;
  /** E-mails to the school's alert addresses (TUTEUR_SMTP_HOST); none: alerts in the app only. */
  mail?: AlertNotifier | null;
  /** Called after an alert is stored (audit, notifications); never receives content. */
  onAlert?: (alert: { id: string; schoolId: string; categories: readonly string[] }) => Promise<void>;
  /** Called when a member of staff opens an alert: opening is audited and visible to the pupil. */
  onOpen?: (event: { actor: Actor; alertId: string; schoolId: string; pupilId: string }) => Promise<void>;
  /** The local model's second opinion on ambiguous messages (TUTEUR_MODERATION_LLM); none: the fast layers' verdict alone. */
  secondOpinion?: { llm: LlmProvider; timeoutMs: number };
}) {
  const { alerts, settings, cipher, clock } = deps;
  const rosters = new Map<string, { at: number; entries: RosterEntry[] }>();

  async function roster(schoolId: string): Promise<RosterEntry[]> {
    const cached = rosters.get(schoolId);
    if (cached && clock.now() - cached.at < ROSTER_TTL_MS) return cached.entries;
    const entries = (await alerts.pupilNames(schoolId)).flatMap(({ display_name }) => {
      const [firstName, ...rest] = display_name.trim().split(/\s+/);
      return firstName && rest.length > 0 ? [{ firstName, lastName: rest.join(' ') }] : [];
    });
    rosters.set(schoolId, { at: clock.now(), entries });
    return entries;
  }

  async function loadForStaff(actor: Actor, id: string) {
    const alert = await alerts.find(id);
    if (!alert) throw notFound('Alerte introuvable.');
    const staff = (await settings.effective(alert.school_id)).alertStaff;
    authorize(actor, 'alert:handle', { kind: 'alert', schoolId: alert.school_id, designatedLogins: staff }, true);
    return alert;
  }

  return {
    async screenInput(schoolId: string, text: string): Promise<Screening> {
      const effective = await settings.effective(schoolId);
      // Both fast layers: the lexicon and the learned scorer (see moderation/pupil-message.ts).
      const fast = classifyPupilMessage(text);
      const { redacted } = redact(text, { roster: await roster(schoolId) });
      const modelText = effective.piiToModel ? text : redacted;
      // Only ambiguous messages wait for the model, at most timeoutMs; clear ones never reach it. The server offers
      // the second opinion (TUTEUR_MODERATION_LLM), each school decides whether its pupils wait for it.
      const verdict =
        deps.secondOpinion && effective.secondOpinion && fast.ambiguous
          ? (await askSecondOpinion(deps.secondOpinion.llm, modelText, { hints: askedCategories(fast), timeoutMs: deps.secondOpinion.timeoutMs })).verdict
          : undefined;
      const decision = decideModeration(fast, verdict, effective.moderationActions);
      return {
        action: decision.action,
        categories: decision.categories,
        storedText: redacted,
        modelText,
        care: showsCare(decision) ? careMessage([...decision.categories, ...decision.careFor], decision.pupilHarassed, effective.schoolContacts) : null,
      };
    },

    /** Masks personal data in text produced by the model before it is stored (it may repeat the pupil's). */
    async redactForStorage(schoolId: string, text: string): Promise<string> {
      return redact(text, { roster: await roster(schoolId) }).redacted;
    },

    async raiseAlert(input: AlertInput): Promise<string> {
      const id = randomUUID();
      const now = clock.now();
      const recipients = deps.mail ? (await settings.effective(input.schoolId)).alertEmails : [];
      const outbox = deps.mail ? deps.mail.outboxRows({ alertId: id, schoolId: input.schoolId, recipients, now }) : [];
      const row: AlertsTable = {
        id,
        school_id: input.schoolId,
        class_id: input.classId,
        pupil_id: input.pupilId,
        conversation_id: input.conversationId,
        message_id: input.messageId,
        source: input.source,
        categories: input.categories.join(','),
        excerpt_enc: await cipher.encrypt(input.pupilId, { table: 'alerts', column: 'excerpt', rowId: id }, input.excerpt),
        state: 'new',
        note_enc: null,
        created_at: now,
        updated_at: now,
        updated_by: null,
      };
      await alerts.insert(row, outbox);
      // Sent in the background: the pupil's answer never waits for the relay, nor fails with it.
      if (outbox.length > 0) deps.mail?.kick();
      await deps.onAlert?.({ id, schoolId: input.schoolId, categories: input.categories });
      return id;
    },

    /** Keeps which help lines a pupil was shown under its message (numbers only: no category, no score). */
    async recordCare(conversation: { id: string; pupil_id: string }, messageId: string, care: CareMessage): Promise<void> {
      const numbers = JSON.stringify(care.helpLines.map((line) => line.number));
      const careEnc = await cipher.encrypt(conversation.pupil_id, { table: 'message_care', column: 'care', rowId: messageId }, numbers);
      await deps.care.insert({ message_id: messageId, conversation_id: conversation.id, care_enc: careEnc, created_at: clock.now() });
    },

    /** The conversation's messages with the help shown under them, as it was shown (school contacts as today). */
    async withCare<M extends Pick<MessageView, 'id'>>(conversation: { id: string; pupil_id: string; school_id: string | null }, messages: M[]): Promise<(M & { care?: CareMessage })[]> {
      const rows = await deps.care.forConversation(conversation.id);
      if (rows.length === 0) return messages;
      const contacts = conversation.school_id ? (await settings.effective(conversation.school_id)).schoolContacts : '';
      const shown = new Map<string, CareMessage>();
      for (const row of rows) {
        try {
          const text = await cipher.decrypt(conversation.pupil_id, { table: 'message_care', column: 'care', rowId: row.message_id }, row.care_enc);
          shown.set(row.message_id, careFromNumbers(JSON.parse(text) as string[], contacts));
        } catch (error) {
          // An erased pupil key (crypto-shredding) leaves nothing to show again.
          if (!(error instanceof ShreddedKeyError)) throw error;
        }
      }
      return messages.map((message) => {
        const care = shown.get(message.id);
        return care ? { ...message, care } : message;
      });
    },

    async list(actor: Actor): Promise<AlertSummary[]> {
      const schoolId = actor.schoolId ?? '';
      const staff = (await settings.effective(schoolId)).alertStaff;
      authorize(actor, 'alert:handle', { kind: 'alert', schoolId, designatedLogins: staff });
      return (await alerts.listForSchool(schoolId)).map((a) => ({
        id: a.id,
        categories: a.categories.split(',').filter(Boolean),
        source: a.source,
        state: a.state,
        createdAt: a.created_at,
        updatedAt: a.updated_at,
        pupilName: a.pupilName,
        className: a.className,
      }));
    },

    /** Opening an alert shows its excerpt (the minimum needed) and marks it seen. */
    async open(actor: Actor, id: string) {
      const alert = await loadForStaff(actor, id);
      // Recorded before anything is shown, so no opening escapes the log.
      await deps.onOpen?.({ actor, alertId: id, schoolId: alert.school_id, pupilId: alert.pupil_id });
      const excerpt = await cipher.decrypt(alert.pupil_id, { table: 'alerts', column: 'excerpt', rowId: id }, alert.excerpt_enc);
      const note = alert.note_enc ? await cipher.decrypt(alert.pupil_id, { table: 'alerts', column: 'note', rowId: id }, alert.note_enc) : null;
      if (alert.state === 'new') await alerts.update(id, { state: 'seen', updated_at: clock.now(), updated_by: actor.id });
      return { id, categories: alert.categories.split(',').filter(Boolean), source: alert.source, state: alert.state === 'new' ? 'seen' : alert.state, excerpt, note, createdAt: alert.created_at };
    },

    async update(actor: Actor, id: string, change: { state: AlertsTable['state']; note?: string }): Promise<void> {
      const alert = await loadForStaff(actor, id);
      const noteEnc = change.note === undefined ? undefined : await cipher.encrypt(alert.pupil_id, { table: 'alerts', column: 'note', rowId: id }, change.note);
      await alerts.update(id, { state: change.state, ...(noteEnc === undefined ? {} : { note_enc: noteEnc }), updated_at: clock.now(), updated_by: actor.id });
    },

    assertReportable(text: string): void {
      if (text.length > 1000) throw new HttpError(400, 'invalid_input', '1000 caractères au maximum.');
    },
  };
}

export type SafetyService = ReturnType<typeof createSafetyService>;
