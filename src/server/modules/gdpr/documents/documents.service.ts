// The DPO's documents (register, AIPD) and the information notice, generated on demand from the live
// configuration of one school, as Markdown or PDF.
import { basename } from 'node:path';
import type { Clock } from '../../../clock.ts';
import type { DatabaseKind } from '../../../db/connection.ts';
import { HttpError, notFound } from '../../../http/errors.ts';
import { authorize, type Caller } from '../../../policies/authorize.ts';
import type { Actor } from '../../../policies/policies.ts';
import type { AuditLog } from '../../audit/audit.service.ts';
import type { LlmStatus } from '../../llm/llm.types.ts';
import type { ModelInUse } from '../../models/models.service.ts';
import type { GdprRepo } from '../gdpr.repo.ts';
import type { GdprSettingsRepo } from '../gdpr-settings.repo.ts';
import { conversationRuleFr } from '../retention.service.ts';
import { buildAipd } from './aipd.ts';
import { documentVersion, toMarkdown, type GdprDocument } from './document.ts';
import type { DocumentFacts, SafetyFacts } from './facts.ts';
import { buildFullNotice, buildPupilNotice } from './notice.ts';
import { buildRegister } from './register.ts';
import { toPdf } from './pdf.ts';

export type DocumentKind = 'register' | 'aipd' | 'notice';
export type NoticeAudience = 'pupil' | 'full';

export interface GeneratedDocument {
  document: GdprDocument;
  version: string;
  markdown: string;
}

export interface DocumentsDeps {
  repo: GdprRepo;
  settings: GdprSettingsRepo;
  audit: AuditLog;
  clock: Clock;
  databaseKind: DatabaseKind;
  llmStatus: () => LlmStatus;
  modelPath?: string;
  modelsInUse?: (schoolId: string) => Promise<ModelInUse[]>;
  /** How the school protects its pupils, from its settings (safetyFactsOf); none: the AIPD does not describe it. */
  safety?: (schoolId: string) => Promise<SafetyFacts>;
  sealing: boolean;
}

function modelFacts(status: LlmStatus, modelPath: string | undefined): DocumentFacts['model'] {
  if (status.state === 'ready') return { name: status.modelName, backend: status.backend, state: status.state };
  if (status.state === 'loading' || status.state === 'error') return { name: status.modelName, backend: 'llama.cpp', state: status.state };
  // The CLI does not load the model: the configured file names it.
  return { name: modelPath ? basename(modelPath) : null, backend: 'llama.cpp', state: status.state };
}

export function createDocumentsService(deps: DocumentsDeps) {
  const { repo, clock } = deps;

  async function facts(schoolId: string): Promise<DocumentFacts> {
    const school = await repo.findSchool(schoolId);
    if (!school) throw notFound('Établissement introuvable.');
    const settings = await deps.settings.read(school.id);
    return {
      generatedAt: clock.now(),
      school: { uai: school.uai, name: school.name, address: settings.schoolAddress },
      settings,
      conversationRule: conversationRuleFr(settings),
      model: modelFacts(deps.llmStatus(), deps.modelPath),
      ...(deps.modelsInUse ? { models: await deps.modelsInUse(school.id) } : {}),
      ...(deps.safety ? { safety: await deps.safety(school.id) } : {}),
      database: deps.databaseKind === 'postgres' ? 'PostgreSQL' : 'SQLite',
      sealing: deps.sealing,
      accounts: await repo.countByRole(school.id),
    };
  }

  return {
    async generate(caller: Caller, kind: DocumentKind, schoolId: string, audience: NoticeAudience = 'full'): Promise<GeneratedDocument> {
      authorize(caller, kind === 'notice' ? 'gdpr:notice' : 'gdpr:documents', { kind: 'school', id: schoolId }, true);
      const current = await facts(schoolId);
      const document =
        kind === 'register' ? buildRegister(current) : kind === 'aipd' ? buildAipd(current) : audience === 'pupil' ? buildPupilNotice(current) : buildFullNotice(current);
      if (kind !== 'notice') {
        await deps.audit.record({ actor: caller, action: 'document.generated', target: { type: 'school', id: schoolId }, schoolId, details: { document: kind } });
      }
      return { document, version: documentVersion(document), markdown: toMarkdown(document) };
    },

    /**
     * Records that a person read a version of the notice (information, not consent), so the app shows it
     * again when its content changes. Only the current version can be acknowledged.
     */
    async acknowledgeNotice(caller: Actor, version: string, audience: NoticeAudience): Promise<void> {
      if (caller.schoolId === null) throw new HttpError(400, 'no_school', 'Votre compte n’est rattaché à aucun établissement.');
      const current = await this.generate(caller, 'notice', caller.schoolId, audience);
      if (current.version !== version) throw new HttpError(409, 'notice_changed', 'La notice a changé entre-temps : relisez-la.');
      await deps.audit.record({ actor: caller, action: 'notice.read', target: { type: 'notice', id: version }, subjectId: caller.id, details: { version, audience } });
    },

    /** The version of the notice this person last said it read, or null. */
    lastNoticeRead: (userId: string) => repo.lastNoticeRead(userId),

    /** The school a UAI names (CLI `--school`). */
    async schoolIdByUai(uai: string): Promise<string> {
      const school = await repo.findSchoolByUai(uai.trim().toUpperCase());
      if (!school) throw notFound(`Aucun établissement avec l’UAI ${uai}.`);
      return school.id;
    },

    toPdf,
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
