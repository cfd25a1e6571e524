// Builds the GDPR services from the application's parts: audit log, settings, retention, documents,
// exports and rights requests. One call for app.ts and the CLI.
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { ContentCipher } from '../../crypto/content-cipher.ts';
import type { Signer } from '../../crypto/signing-key.ts';
import type { DatabaseKind } from '../../db/connection.ts';
import type { Database } from '../../db/schema.ts';
import { createAuditLog } from '../audit/audit.service.ts';
import type { LlmStatus } from '../llm/llm.types.ts';
import type { ModelInUse } from '../models/models.service.ts';
import { createAlertsRepo } from '../safety/alerts.repo.ts';
import { createDocumentsService } from './documents/documents.service.ts';
import type { SafetyFacts } from './documents/facts.ts';
import { createExportService } from './export.service.ts';
import { createGdprRepo } from './gdpr.repo.ts';
import { createGdprSettingsRepo } from './gdpr-settings.repo.ts';
import { createGdprSettingsService } from './gdpr-settings.service.ts';
import { createRetentionRepo } from './retention.repo.ts';
import { createRetentionService } from './retention.service.ts';
import { createRightsService } from './rights.service.ts';
import { createTranscriptsService } from './transcripts.service.ts';

export interface GdprModuleDeps {
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
  cipher: ContentCipher;
  clock: Clock;
  /** The audit seal key (loadOrCreateSigningKey(config.auditKeyFile)); null: no seals. */
  signer: Signer | null;
  /** What the model is and where it runs, for the register, AIPD and notice. */
  llmStatus: () => LlmStatus;
  /** The configured GGUF file, shown when the model is not loaded (CLI). */
  modelPath?: string;
  /** The catalogue models a school's classes use (name, licence, where they run); none: the running model only. */
  modelsInUse?: (schoolId: string) => Promise<ModelInUse[]>;
  /** How a school protects its pupils (moderation, alerts, masking), for the AIPD. */
  safety?: (schoolId: string) => Promise<SafetyFacts>;
  /** Ends the sessions and running answers of an account being disabled (erasure granted). */
  revokeAccess?: (userId: string) => Promise<void>;
}

export function createGdprModule(deps: GdprModuleDeps) {
  const { db, clock, cipher } = deps;
  const audit = createAuditLog(db, { clock, signer: deps.signer, cipher });
  const settingsRepo = createGdprSettingsRepo(db);
  const repo = createGdprRepo(db);
  const retention = createRetentionService({ repo: createRetentionRepo(db), alerts: createAlertsRepo(db), settings: settingsRepo, audit, cipher, clock });
  const settings = createGdprSettingsService({ repo: settingsRepo, schools: repo, audit, clock });
  const documents = createDocumentsService({
    repo,
    settings: settingsRepo,
    audit,
    clock,
    databaseKind: deps.databaseKind,
    llmStatus: deps.llmStatus,
    modelPath: deps.modelPath,
    modelsInUse: deps.modelsInUse,
    safety: deps.safety,
    sealing: deps.signer !== null,
  });
  const exports = createExportService({ repo, cipher, audit, clock });
  const rights = createRightsService({ repo, cipher, audit, clock, retention, revokeAccess: deps.revokeAccess ?? (async () => undefined) });
  const transcripts = createTranscriptsService({ repo, cipher, audit });
  return { audit, settings, retention, documents, exports, rights, transcripts };
}

export type GdprModule = ReturnType<typeof createGdprModule>;
