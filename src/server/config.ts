// The one typed configuration object: read once at start from the environment and an optional
// tuteur.config.json, validated with zod, then passed in. No other module reads process.env.
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { ssoProvidersSchema, type SsoProviderConfig } from './modules/sso/sso.config.ts';
import { parseBackendList, type BackendSpec } from './modules/llm/openai/backend-list.ts';
import { parseEgressAllowList, splitList } from './net/allow-list.ts';
import { resolveSmtpConfig, SMTP_SECURITIES, type SmtpConfig } from './modules/mail/smtp.config.ts';

const port = z.coerce
  .number({ message: 'doit être un nombre' })
  .int('doit être un nombre entier')
  .min(1, 'doit être compris entre 1 et 65535')
  .max(65535, 'doit être compris entre 1 et 65535');

const positiveInt = (max: number) =>
  z.coerce.number({ message: 'doit être un nombre' }).int('doit être un nombre entier').min(1, 'doit être au moins 1').max(max, `doit être au plus ${max}`);

const booleanish = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', 'oui', 'non'])])
  .transform((value) => value === true || value === 'true' || value === '1' || value === 'yes' || value === 'oui');

/** A comma-separated string (environment) or a JSON list, checked by `parse` (whose messages start with ": "). */
const textList = <T>(parse: (value: string | readonly string[]) => T) =>
  z.union([z.string(), z.array(z.string())], { message: 'doit être une liste séparée par des virgules' }).transform((value, ctx) => {
    try {
      return parse(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

const configSchema = z.strictObject({
  port: port.default(8080),
  host: z.string().min(1).default('127.0.0.1'),
  dataDir: z.string().min(1).default('data'),
  /** `postgres://…` for PostgreSQL; otherwise the path of the SQLite file. Default: <dataDir>/tuteur.sqlite. */
  databaseUrl: z.string().min(1).optional(),
  /** Path of a GGUF model for the embedded engine. None: the service starts and says so. */
  modelPath: z.string().min(1).optional(),
  /** Folder of the GGUF files an admin may add to the model catalogue. Default: the folder of modelPath, else <dataDir>/models. */
  modelsDir: z.string().min(1).optional(),
  // One core is left to Node itself: with every core computing, generation collapsed on a 2-core server.
  llmThreads: positiveInt(256).default(Math.max(1, availableParallelism() - 1)),
  llmParallel: positiveInt(64).optional(),
  llmContextSize: positiveInt(1_048_576).optional(),
  llmMaxTokens: positiveInt(8192).default(1024),
  llmQueueMax: positiveInt(100_000).default(200),
  /** Ask the model's second opinion on ambiguous moderation results (weak cues, risk words in homework). */
  moderationLlm: booleanish.default(false),
  /** How long a pupil's ambiguous message may wait for that opinion before the lexical verdict stands. */
  moderationLlmTimeoutMs: positiveInt(30_000).default(1500),
  /** Public origin (scheme://host[:port]) when behind a reverse proxy; used for the origin check and setup link. */
  publicUrl: z.url({ message: 'doit être une URL (ex. https://tuteur.lycee.fr)' }).optional(),
  /** Trust X-Forwarded-* from the reverse proxy (nginx) in front. */
  trustProxy: booleanish.default(false),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Key-encryption key file (created at first start, mode 0600). Default: <dataDir>/tuteur.key. */
  keyFile: z.string().min(1).optional(),
  sessionTtlHours: positiveInt(24 * 30).default(12),
  /** Single sign-on providers (CAS, OIDC): a JSON list, see docs/identite.md. */
  sso: ssoProvidersSchema.optional(),
  /** Separate Prometheus listener on 127.0.0.1 (no authentication: loopback only). None: /metrics for admins only. */
  metricsPort: port.optional(),
  /** Ed25519 key that signs the audit log's seals (created at first start, mode 0600). Default: <dataDir>/audit-ed25519.pem. */
  auditKeyFile: z.string().min(1).optional(),
  /** Which engine answers: the embedded llama.cpp, or OpenAI-compatible servers listed in llmBackends. */
  llmBackend: z.enum(['llama-cpp', 'openai-compatible'], { message: 'doit valoir llama-cpp ou openai-compatible' }).default('llama-cpp'),
  /** OpenAI-compatible servers: base URLs separated by commas, each optionally followed by `|maxConcurrent`. */
  llmBackends: textList(parseBackendList).optional(),
  /** Model name sent to the OpenAI-compatible servers. */
  llmModel: z.string().min(1).optional(),
  /** Bearer key for the OpenAI-compatible servers. */
  llmApiKey: z.string().min(1).optional(),
  /** Hosts and address blocks outside this machine and the private network that Tuteur may contact. */
  egressAllow: textList((value) => {
    const entries = splitList(value);
    parseEgressAllowList(entries);
    return entries;
  }).optional(),
  /** On SIGTERM, how long running answers may go on before they are stopped and stored as interrupted. */
  shutdownGraceMs: z.coerce
    .number({ message: 'doit être un nombre' })
    .int('doit être un nombre entier')
    .min(0, 'doit être positif ou nul')
    .max(600_000, 'doit être au plus 600000 (10 minutes)')
    .default(10_000),
  /** Largest course document a teacher may attach to an assignment, in megabytes. */
  documentMaxMb: positiveInt(100).default(10),
  /** The school's SMTP relay for alert e-mails (no content, only a link). None: alerts in the app only. */
  smtpHost: z.string().trim().min(1).optional(),
  smtpPort: port.optional(),
  smtpSecurity: z.enum(SMTP_SECURITIES, { message: 'doit valoir starttls, tls ou none' }).optional(),
  smtpUser: z.string().min(1).optional(),
  smtpPassword: z.string().min(1).optional(),
  smtpFrom: z.string().min(1).optional(),
});

export type RawConfig = z.input<typeof configSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  modelPath: string | undefined;
  modelsDir: string;
  llm: {
    threads: number;
    parallel: number | undefined;
    contextSize: number | undefined;
    maxTokens: number;
    /** Questions waiting for a free slot on this instance; beyond, a French "try again in a minute" (503). */
    maxQueue: number;
    /** Milliseconds granted to the model's second opinion on ambiguous messages; undefined: not asked. */
    moderationTimeoutMs?: number;
  };
  publicUrl: string | undefined;
  trustProxy: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  keyFile: string;
  sessionTtlMs: number;
  sso: SsoProviderConfig[];
  metricsPort: number | undefined;
  auditKeyFile: string;
  llmBackend: 'llama-cpp' | 'openai-compatible';
  openAiBackends: { servers: BackendSpec[]; model: string | undefined; apiKey: string | undefined };
  egressAllow: string[];
  shutdownGraceMs: number;
  documentMaxBytes: number;
  smtp: SmtpConfig | undefined;
}

/** A configuration problem the admin must fix; the CLI prints the message and exits with code 2. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const ENV_KEYS: Record<keyof RawConfig, string> = {
  port: 'TUTEUR_PORT',
  host: 'TUTEUR_HOST',
  dataDir: 'TUTEUR_DATA_DIR',
  databaseUrl: 'TUTEUR_DATABASE_URL',
  modelPath: 'TUTEUR_MODEL_PATH',
  modelsDir: 'TUTEUR_MODELS_DIR',
  llmThreads: 'TUTEUR_LLM_THREADS',
  llmParallel: 'TUTEUR_LLM_PARALLEL',
  llmContextSize: 'TUTEUR_LLM_CONTEXT_SIZE',
  llmMaxTokens: 'TUTEUR_LLM_MAX_TOKENS',
  llmQueueMax: 'TUTEUR_LLM_QUEUE_MAX',
  moderationLlm: 'TUTEUR_MODERATION_LLM',
  moderationLlmTimeoutMs: 'TUTEUR_MODERATION_LLM_TIMEOUT_MS',
  publicUrl: 'TUTEUR_PUBLIC_URL',
  trustProxy: 'TUTEUR_TRUST_PROXY',
  logLevel: 'TUTEUR_LOG_LEVEL',
  keyFile: 'TUTEUR_KEY_FILE',
  sessionTtlHours: 'TUTEUR_SESSION_TTL_HOURS',
  sso: 'TUTEUR_SSO_PROVIDERS',
  metricsPort: 'TUTEUR_METRICS_PORT',
  auditKeyFile: 'TUTEUR_AUDIT_KEY_FILE',
  llmBackend: 'TUTEUR_LLM_BACKEND',
  llmBackends: 'TUTEUR_LLM_BACKENDS',
  llmModel: 'TUTEUR_LLM_MODEL',
  llmApiKey: 'TUTEUR_LLM_API_KEY',
  egressAllow: 'TUTEUR_EGRESS_ALLOW',
  shutdownGraceMs: 'TUTEUR_SHUTDOWN_GRACE_MS',
  documentMaxMb: 'TUTEUR_DOCUMENT_MAX_MB',
  smtpHost: 'TUTEUR_SMTP_HOST',
  smtpPort: 'TUTEUR_SMTP_PORT',
  smtpSecurity: 'TUTEUR_SMTP_SECURITY',
  smtpUser: 'TUTEUR_SMTP_USER',
  smtpPassword: 'TUTEUR_SMTP_PASSWORD',
  smtpFrom: 'TUTEUR_SMTP_FROM',
};

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`Impossible de lire le fichier de configuration ${path}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(`Le fichier de configuration ${path} n’est pas un JSON valide.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`Le fichier de configuration ${path} doit contenir un objet JSON.`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Builds the configuration. Precedence: environment variables, then tuteur.config.json
 * (path from TUTEUR_CONFIG, default ./tuteur.config.json when it exists), then defaults.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const configPath = env.TUTEUR_CONFIG ?? resolve(cwd, 'tuteur.config.json');
  const fromFile = env.TUTEUR_CONFIG !== undefined || existsSync(configPath) ? readConfigFile(configPath) : {};
  const raw: Record<string, unknown> = { ...fromFile };
  for (const [key, envName] of Object.entries(ENV_KEYS)) {
    const value = env[envName];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      const name = ENV_KEYS[key as keyof RawConfig] ?? key;
      if (issue.code === 'unrecognized_keys') return `clé inconnue dans tuteur.config.json : ${issue.keys.join(', ')}`;
      return `${name} ${issue.message}`;
    });
    throw new ConfigError(`Configuration invalide :\n - ${lines.join('\n - ')}`);
  }
  const value = parsed.data;
  if (value.llmBackend === 'openai-compatible' && (value.llmBackends ?? []).length === 0) {
    throw new ConfigError(
      'Configuration invalide :\n - TUTEUR_LLM_BACKENDS : indiquez au moins un serveur (ex. http://127.0.0.1:8080|4) puisque TUTEUR_LLM_BACKEND vaut openai-compatible.',
    );
  }
  const dataDir = resolve(cwd, value.dataDir);
  const database = value.databaseUrl?.match(/^postgres(ql)?:\/\//)
    ? ({ kind: 'postgres', url: value.databaseUrl } as const)
    : ({ kind: 'sqlite', file: resolve(cwd, value.databaseUrl?.replace(/^sqlite:/, '') ?? resolve(dataDir, 'tuteur.sqlite')) } as const);
  const modelPath = value.modelPath === undefined ? undefined : resolve(cwd, value.modelPath);
  if (modelPath !== undefined) {
    try {
      accessSync(modelPath, constants.R_OK);
    } catch {
      throw new ConfigError(`Configuration invalide :\n - TUTEUR_MODEL_PATH : le fichier ${modelPath} est introuvable ou illisible.`);
    }
  }
  let smtp: SmtpConfig | undefined;
  try {
    smtp = resolveSmtpConfig(value, value.publicUrl);
  } catch (error) {
    throw new ConfigError(`Configuration invalide :\n - ${(error as Error).message}`);
  }
  return {
    port: value.port,
    host: value.host,
    dataDir,
    database,
    modelPath,
    modelsDir: value.modelsDir !== undefined ? resolve(cwd, value.modelsDir) : modelPath !== undefined ? dirname(modelPath) : resolve(dataDir, 'models'),
    llm: {
      threads: value.llmThreads,
      parallel: value.llmParallel,
      contextSize: value.llmContextSize,
      maxTokens: value.llmMaxTokens,
      maxQueue: value.llmQueueMax,
      ...(value.moderationLlm ? { moderationTimeoutMs: value.moderationLlmTimeoutMs } : {}),
    },
    publicUrl: value.publicUrl?.replace(/\/$/, ''),
    trustProxy: value.trustProxy,
    logLevel: value.logLevel,
    keyFile: value.keyFile === undefined ? resolve(dataDir, 'tuteur.key') : isAbsolute(value.keyFile) ? value.keyFile : resolve(cwd, value.keyFile),
    sessionTtlMs: value.sessionTtlHours * 3600_000,
    sso: value.sso ?? [],
    metricsPort: value.metricsPort,
    auditKeyFile:
      value.auditKeyFile === undefined ? resolve(dataDir, 'audit-ed25519.pem') : isAbsolute(value.auditKeyFile) ? value.auditKeyFile : resolve(cwd, value.auditKeyFile),
    llmBackend: value.llmBackend,
    openAiBackends: { servers: value.llmBackends ?? [], model: value.llmModel, apiKey: value.llmApiKey },
    egressAllow: value.egressAllow ?? [],
    shutdownGraceMs: value.shutdownGraceMs,
    documentMaxBytes: value.documentMaxMb * 1024 * 1024,
    smtp,
  };
}
