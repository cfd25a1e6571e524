// Builds the Fastify application from its parts. Tests pass real parts with small data; main.ts passes
// the production ones.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { createContentCipher } from './crypto/content-cipher.ts';
import type { Keyring } from './crypto/keyring.ts';
import type { Signer } from './crypto/signing-key.ts';
import { safetyFactsOf } from './modules/gdpr/documents/facts.ts';
import { createGdprModule } from './modules/gdpr/gdpr.module.ts';
import { createMetrics, type Metrics } from './modules/metrics/metrics.ts';
import { registerMetricsRoutes } from './modules/metrics/metrics.routes.ts';
import { registerGdprRoutes } from './modules/gdpr/gdpr.routes.ts';
import type { DatabaseHandle } from './db/connection.ts';
import { installErrorHandler, installNotFoundHandler } from './http/errors.ts';
import { checkReadiness } from './ops/readiness.ts';
import { installOriginCheck } from './http/origin-check.ts';
import { installRoutePolicies } from './http/route-policy.ts';
import { serveInTurns } from './http/request-turns.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { registerAdminRoutes } from './modules/admin/admin.routes.ts';
import { createAuthRepo } from './modules/auth/auth.repo.ts';
import { registerAuthRoutes } from './modules/auth/auth.routes.ts';
import { createAuthService } from './modules/auth/auth.service.ts';
import { registerPasswordResetRoutes } from './modules/auth/password-reset.routes.ts';
import { createClassesRepo } from './modules/classes/classes.repo.ts';
import { registerClassesRoutes } from './modules/classes/classes.routes.ts';
import { createClassesService } from './modules/classes/classes.service.ts';
import { createChatRepo } from './modules/chat/chat.repo.ts';
import { registerChatRoutes } from './modules/chat/chat.routes.ts';
import { createChatService } from './modules/chat/chat.service.ts';
import { createDocumentsRepo } from './modules/documents/documents.repo.ts';
import { registerDocumentsRoutes } from './modules/documents/documents.routes.ts';
import { createDocumentsService } from './modules/documents/documents.service.ts';
import { documentLimits } from './modules/documents/limits.ts';
import { loadPromptLibrary } from './modules/chat/prompt.ts';
import { createScheduler } from './modules/chat/scheduler.ts';
import type { LlmProvider } from './modules/llm/llm.types.ts';
import { createSchoolsRepo } from './modules/schools/schools.repo.ts';
import { registerSchoolsRoutes } from './modules/schools/schools.routes.ts';
import { createSchoolsService } from './modules/schools/schools.service.ts';
import { createSettingsRepo } from './modules/settings/settings.repo.ts';
import { registerSettingsRoutes } from './modules/settings/settings.routes.ts';
import { createSettingsService } from './modules/settings/settings.service.ts';
import { createTutoringRepo } from './modules/tutoring/tutoring.repo.ts';
import { registerTutoringRoutes } from './modules/tutoring/tutoring.routes.ts';
import { createTutoringService } from './modules/tutoring/tutoring.service.ts';
import { registerIdentityRoutes } from './modules/sso/identity.routes.ts';
import { createAlertsRepo } from './modules/safety/alerts.repo.ts';
import { registerAlertsRoutes } from './modules/safety/alerts.routes.ts';
import { createSafetyService } from './modules/safety/safety.service.ts';
import { createCareRepo } from './modules/safety/care.repo.ts';
import { createAlertMailer } from './modules/mail/alert-mailer.ts';
import type { MailSender } from './modules/mail/smtp.transport.ts';
import { createUsersRepo } from './modules/users/users.repo.ts';
import { registerUsersRoutes } from './modules/users/users.routes.ts';
import { createUsersService } from './modules/users/users.service.ts';
import { createModelsRepo } from './modules/models/models.repo.ts';
import { registerModelsRoutes } from './modules/models/models.routes.ts';
import { createModelsService, type ModelsConfig } from './modules/models/models.service.ts';

export interface AppDeps {
  config: Pick<Config, 'publicUrl' | 'trustProxy' | 'sessionTtlMs' | 'llm' | 'sso'> & Partial<Pick<Config, 'documentMaxBytes'>>;
  database: DatabaseHandle;
  llm: LlmProvider;
  clock: Clock;
  keyring: Keyring;
  logger: FastifyBaseLogger;
  /** Built web app to serve; defaults to dist/web when it exists. */
  webRoot?: string;
  /** Signs the audit log's seals (loadOrCreateSigningKey(config.auditKeyFile)); none: no seals. */
  auditSigner?: Signer | null;
  /** Prometheus metrics (main.ts passes one with process metrics); none: a private registry. */
  metrics?: Metrics;
  /** The school's SMTP relay (TUTEUR_SMTP_HOST) for alert e-mails; none: alerts in the app only. */
  mailSender?: MailSender;
  /** The configured model and the models folder, for the model catalogue; none: no model configured. */
  models?: ModelsConfig;
}

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export function createServices(deps: Pick<AppDeps, 'database' | 'llm' | 'clock' | 'keyring' | 'logger' | 'config' | 'auditSigner' | 'metrics' | 'models' | 'mailSender'>) {
  const { database, llm, clock, keyring, config } = deps;
  const db = database.db;
  const repos = {
    auth: createAuthRepo(db),
    users: createUsersRepo(db),
    schools: createSchoolsRepo(db),
    classes: createClassesRepo(db),
    chat: createChatRepo(db),
    settings: createSettingsRepo(db),
    tutoring: createTutoringRepo(db),
    alerts: createAlertsRepo(db),
  };
  const cipher = createContentCipher(db, keyring, clock);
  const metrics = deps.metrics ?? createMetrics({ llm, processMetrics: false });
  // The audit log lives in the GDPR module, built below once revokeAccess exists; settings record through it.
  const settings = createSettingsService(repos.settings, clock, async (change) => {
    await gdpr.audit.record({ actor: change.by, action: 'settings.changed', schoolId: change.schoolId, details: { key: change.key } });
  });
  // The tutoring service stops running answers through the chat service, built just after it.
  const tutoring = createTutoringService({ repo: repos.tutoring, settings, clock, stopper: () => chat });
  // Started by main.ts (a background sender); an e-mail needs the public address for its link.
  const mail = deps.mailSender && config.publicUrl ? createAlertMailer({ db, clock, logger: deps.logger, sender: deps.mailSender, publicUrl: config.publicUrl }) : null;
  const safety = createSafetyService({
    care: createCareRepo(db),
    mail,
    alerts: repos.alerts,
    settings,
    cipher,
    clock,
    ...(config.llm.moderationTimeoutMs === undefined ? {} : { secondOpinion: { llm, timeoutMs: config.llm.moderationTimeoutMs } }),
    onOpen: async ({ actor, alertId, schoolId, pupilId }) => {
      await gdpr.audit.record({ actor, action: 'alert.opened', schoolId, subjectId: pupilId, target: { type: 'alert', id: alertId } });
    },
  });
  const models = createModelsService({
    repo: createModelsRepo(db),
    config: deps.models ?? { backend: 'llama-cpp' },
    clock,
    chosenParallel: () => {
      const status = llm.status();
      return status.state === 'ready' && (deps.models?.backend ?? 'llama-cpp') === 'llama-cpp' ? status.parallel : undefined;
    },
    onChange: async ({ by, schoolId, key, modelId, classId }) => {
      await gdpr.audit.record({ actor: by, action: 'settings.changed', schoolId, target: { type: classId ? 'class' : 'school', id: classId ?? schoolId }, details: { key, modelId, ...(classId ? { classId } : {}) } });
    },
  });
  const documents = createDocumentsService({
    repo: createDocumentsRepo(db),
    assignments: repos.tutoring,
    cipher,
    clock,
    limits: documentLimits(config.documentMaxBytes),
    audit: { record: (entry) => gdpr.audit.record(entry) },
    logger: deps.logger,
  });
  const chat = createChatService({
    repo: repos.chat,
    cipher,
    llm,
    scheduler: createScheduler({ concurrency: () => llm.parallel, maxQueue: config.llm.maxQueue }),
    clock,
    prompts: loadPromptLibrary(),
    tutoring,
    safety,
    metrics: metrics.chat,
    maxTokens: config.llm.maxTokens,
    logger: deps.logger,
    modelFor: async (pupilId) => (await models.modelForPupil(pupilId))?.requestModel,
    documents,
  });
  // Declared before users so that disabling an account can end its sessions and its running answer.
  const revokeAccess = async (userId: string) => {
    await repos.auth.revokeUserSessions(userId, clock.now());
    chat.abortFor(userId, 'Ta session a été fermée par l’administration de l’établissement.');
  };
  const gdpr = createGdprModule({
    db,
    databaseKind: database.kind,
    cipher,
    clock,
    signer: deps.auditSigner ?? null,
    llmStatus: () => llm.status(),
    modelsInUse: (schoolId) => models.modelsInUse(schoolId),
    safety: async (schoolId) => safetyFactsOf(await settings.effective(schoolId), config.llm.moderationTimeoutMs !== undefined),
    revokeAccess,
  });
  const users = createUsersService({ users: repos.users, schools: repos.schools, classes: repos.classes, clock, revokeAccess, audit: gdpr.audit });
  const auth = createAuthService({
    repo: repos.auth,
    users: repos.users,
    usersService: users,
    clock,
    sessionTtlMs: config.sessionTtlMs,
    audit: gdpr.audit,
    pupilPasswordsAllowed: async (schoolId) => (await settings.effective(schoolId)).pupilPasswords,
  });
  return {
    repos,
    cipher,
    chat,
    revokeAccess,
    gdpr,
    metrics,
    users,
    auth,
    settings,
    tutoring,
    safety,
    mail,
    models,
    documents,
    schools: createSchoolsService(repos.schools, clock),
    classes: createClassesService(repos.classes, repos.schools, clock),
  };
}

export type Services = ReturnType<typeof createServices>;

export async function buildApp(deps: AppDeps): Promise<{ app: FastifyInstance; services: Services }> {
  const services = createServices(deps);
  const app = Fastify({
    loggerInstance: deps.logger,
    // One hop (the school's nginx): trusting every hop would let a client forge X-Forwarded-For and escape
    // the per-address login limit.
    trustProxy: deps.config.trustProxy ? (_address: string, hop: number) => hop === 0 : false,
    bodyLimit: 256 * 1024,
    // Request ids in every log line; the request log itself carries method, url and status only.
    genReqId: () => crypto.randomUUID(),
  });
  // Requests served a few per event-loop turn, first come first served: on a busy server, p99 latency falls by about
  // a third (http/request-turns.ts, bench/RESULTS.md).
  serveInTurns(app.server, { onError: (error) => deps.logger.error({ err: error }, 'request handler threw; its connection was closed') });
  installErrorHandler(app);
  installSecurityHeaders(app);
  installOriginCheck(app, deps.config.publicUrl);
  await app.register(fastifyCookie);
  installRoutePolicies(app, (token) => services.auth.authenticate(token));

  app.get('/healthz', { config: { policy: 'public' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { policy: 'public' } }, async (_request, reply) => {
    // Bounded in time: a database that accepts connections but never answers counts as down.
    const readiness = await checkReadiness({ database: deps.database, llm: deps.llm });
    return reply.code(readiness.ready ? 200 : 503).send(readiness.body);
  });

  registerAuthRoutes(app, { auth: services.auth, users: services.repos.users, schools: services.repos.schools, sessionTtlMs: deps.config.sessionTtlMs, tutorModel: (pupilId) => services.models.tutorModel(pupilId) });
  registerSchoolsRoutes(app, services.schools);
  registerClassesRoutes(app, services.classes);
  registerUsersRoutes(app, services.users);
  registerPasswordResetRoutes(app, {
    db: deps.database.db,
    clock: deps.clock,
    audit: services.gdpr.audit,
    revokeAccess: services.revokeAccess,
    pupilPasswordsAllowed: async (schoolId) => (await services.settings.effective(schoolId)).pupilPasswords,
  });
  registerChatRoutes(app, services.chat);
  await registerDocumentsRoutes(app, services.documents, documentLimits(deps.config.documentMaxBytes));
  registerTutoringRoutes(app, services.tutoring);
  registerSettingsRoutes(app, services.settings);
  registerAlertsRoutes(app, services.safety);
  registerGdprRoutes(app, services.gdpr);
  registerMetricsRoutes(app, { metrics: services.metrics });
  registerAdminRoutes(app, { llm: deps.llm, databaseKind: deps.database.kind });
  registerModelsRoutes(app, services.models);
  await registerIdentityRoutes(app, {
    db: deps.database.db,
    clock: deps.clock,
    providers: deps.config.sso,
    publicUrl: deps.config.publicUrl,
    sessionTtlMs: deps.config.sessionTtlMs,
    revokeAccess: services.revokeAccess,
  });

  const webRoot = deps.webRoot ?? DEFAULT_WEB_ROOT;
  if (existsSync(webRoot)) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: ['index.html'] });
  }
  installNotFoundHandler(app, existsSync(webRoot));
  return { app, services };
}
