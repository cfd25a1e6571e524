// Builds a real application for tests: a real database (SQLite file or PostgreSQL), real keys, real
// services; only the model is chosen by the test (a fake where generation itself is not under test).
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp, type Services } from '../app.ts';
import type { Clock } from '../clock.ts';
import { keyringFromKey, type Keyring } from '../crypto/keyring.ts';
import { newSigner } from '../crypto/signing-key.ts';
import { openDatabase, type DatabaseHandle } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createLogger } from '../logger.ts';
import type { LlmProvider } from '../modules/llm/llm.types.ts';
import type { SsoProviderConfig } from '../modules/sso/sso.config.ts';
import type { MailSender } from '../modules/mail/smtp.transport.ts';
import type { ModelsConfig } from '../modules/models/models.service.ts';
import type { Role } from '../../shared/roles.ts';

export const TEST_PASSWORD = 'correct-horse-battery';
export const TEST_ORIGIN = 'http://tuteur.test';

export interface TestAppOptions {
  databaseUrl: string;
  llm: LlmProvider;
  clock?: Clock;
  /** Key-encryption key; give two apps the same one to run them as two instances on one database. */
  keyring?: Keyring;
  maxQueue?: number;
  maxTokens?: number;
  /** Behind a reverse proxy (X-Forwarded-* trusted); default false. */
  trustProxy?: boolean;
  /** Sign-on providers (a CAS server or an OIDC provider the test started on loopback). */
  ssoProviders?: SsoProviderConfig[];
  /** Alert e-mails through an SMTP server the test started on loopback; none: alerts in the app only. */
  mailSender?: MailSender;
  /** The configured model and models folder of the model catalogue; none: no model configured. */
  models?: ModelsConfig;
  /** TUTEUR_MODERATION_LLM on, with this timeout: ambiguous messages get the model's second opinion. */
  moderationTimeoutMs?: number;
}

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  database: DatabaseHandle;
  /** Every log line written during the test, as raw JSON text. */
  logs: string[];
  close(): Promise<void>;
}

export async function createTestApp(options: TestAppOptions): Promise<TestApp> {
  const database = openDatabase(
    options.databaseUrl.startsWith('postgres') ? { kind: 'postgres', url: options.databaseUrl } : { kind: 'sqlite', file: options.databaseUrl },
  );
  await migrateToLatest(database.db);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = createLogger('trace', sink);
  const { app, services } = await buildApp({
    config: { publicUrl: TEST_ORIGIN, trustProxy: options.trustProxy ?? false, sessionTtlMs: 3600_000, sso: options.ssoProviders ?? [], llm: { threads: 1, parallel: undefined, contextSize: undefined, maxTokens: options.maxTokens ?? 64, maxQueue: options.maxQueue ?? 200, ...(options.moderationTimeoutMs === undefined ? {} : { moderationTimeoutMs: options.moderationTimeoutMs }) } },
    database,
    llm: options.llm,
    clock: options.clock ?? { now: () => Date.now() },
    keyring: options.keyring ?? keyringFromKey(randomBytes(32)),
    logger,
    webRoot: '/nonexistent',
    auditSigner: newSigner(),
    mailSender: options.mailSender,
    models: options.models,
  });
  await app.ready();
  return {
    app,
    services,
    database,
    logs,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export interface SeededSchool {
  schoolId: string;
  classId: string;
  uai: string;
}

let uaiCounter = 0;

/**
 * A school with one class, created through the services as the CLI would. Unless `framework` is set, the
 * tutor is open to its pupils at any time for free questions, so tests of other features are not refused
 * by the national framework's defaults (tested on their own).
 */
export async function seedSchool(services: Services, level = '2nde', options: { framework?: boolean } = {}): Promise<SeededSchool> {
  uaiCounter += 1;
  const uai = `${String(1_000_000 + ((process.pid * 37 + uaiCounter) % 8_999_999)).padStart(7, '0')}A`;
  const school = await services.schools.create('cli', { uai, name: `Lycée de test ${uaiCounter}` });
  const created = await services.classes.create('cli', { schoolId: school.id, name: `${level} B`, level: level as never });
  if (!options.framework) {
    await services.settings.set('cli', school.id, 'free-questions', '6e,5e,4e,3e,2nde,1re,terminale');
    await services.settings.set('cli', school.id, 'no-direct-use', 'aucun');
    await services.settings.set('cli', school.id, 'live-session-only', 'aucun');
    await services.settings.set('cli', school.id, 'opening-hours', 'lun-dim 00:00-24:00');
  }
  return { schoolId: school.id, classId: created.id, uai };
}

export async function seedUser(services: Services, role: Role, login: string, place?: SeededSchool): Promise<string> {
  const user = await services.users.create('cli', {
    login,
    displayName: `Personne ${login}`,
    role,
    schoolId: role === 'academie-admin' ? undefined : place?.schoolId,
    classIds: place && (role === 'pupil' || role === 'teacher') ? [place.classId] : undefined,
    password: TEST_PASSWORD,
  });
  return user.id;
}

/** Signs in through the HTTP API and returns the Cookie header to send back. */
export async function loginAs(app: FastifyInstance, login: string, password = TEST_PASSWORD): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: TEST_ORIGIN }, payload: { login, password } });
  if (response.statusCode !== 200) throw new Error(`login ${login} failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'tuteur_session');
  if (!cookie) throw new Error('no session cookie');
  return `tuteur_session=${cookie.value}`;
}

/** Headers of a same-origin browser request with a session. */
export const asUser = (cookie: string) => ({ cookie, origin: TEST_ORIGIN });

export interface SseEvent {
  event: string;
  data: unknown;
}

/** Parses a complete text/event-stream body. */
export function parseSse(body: string): SseEvent[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim().length > 0)
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) as unknown };
    });
}
