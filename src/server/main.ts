// Production start: configuration, database and migrations, keys, model, HTTP server, clean shutdown.
import { mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { loadOrCreateKeyFile } from './crypto/keyring.ts';
import { loadOrCreateSigningKey } from './crypto/signing-key.ts';
import { gdprJobs } from './jobs/gdpr-jobs.ts';
import { createJobRunner } from './jobs/job-runner.ts';
import { openDatabase } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { installOutboundGuard } from './net/outbound.ts';
import { createSmtpSender } from './modules/mail/smtp.transport.ts';
import { createLogger } from './logger.ts';
import { createLlmProvider } from './modules/llm/index.ts';
import { createMetrics } from './modules/metrics/metrics.ts';
import { modelsConfigOf } from './modules/models/models.config.ts';
import { classifyPupilMessage } from './modules/moderation/pupil-message.ts';
import { createInterruptedAnswersRepo } from './modules/recovery/interrupted-answers.repo.ts';
import { ANSWER_GRACE_MS, markInterruptedAnswers } from './modules/recovery/interrupted-answers.ts';
import { startMetricsServer } from './modules/metrics/metrics-server.ts';
import { stopServing } from './ops/shutdown.ts';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(config: Config, out: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<RunningServer> {
  const logger = createLogger(config.logLevel);
  // Before anything can open a connection: global fetch (SSO, and any later client) goes through the guard.
  const outbound = installOutboundGuard(config, logger);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const database = openDatabase(config.database, {
    backgroundCheckpoint: { onFailure: (error) => logger.warn({ err: error }, 'background WAL checkpoint stopped; SQLite checkpoints in commits again') },
  });
  // The main key first: a migration may encrypt texts stored in clear by an older version.
  const keyring = loadOrCreateKeyFile(config.keyFile);
  const applied = await migrateToLatest(database.db, { keyring });
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  const llm = createLlmProvider(
    {
      modelPath: config.modelPath,
      threads: config.llm.threads,
      parallel: config.llm.parallel,
      contextSize: config.llm.contextSize,
      backend: config.llmBackend,
      openAi: config.openAiBackends,
      egressAllow: config.egressAllow,
    },
    logger,
  );
  const metrics = createMetrics({ llm });
  const { app, services } = await buildApp({
    config,
    database,
    llm,
    clock: systemClock,
    keyring,
    logger,
    metrics,
    auditSigner: loadOrCreateSigningKey(config.auditKeyFile),
    // Connections to the relay go through the same guard (the relay's host is on its allowlist).
    mailSender: config.smtp ? createSmtpSender(config.smtp, outbound.guard) : undefined,
    models: modelsConfigOf(config),
  });
  // Retention and audit sealing: one runner across instances thanks to a database lease.
  const jobs = createJobRunner({ db: database.db, clock: systemClock, logger });
  for (const job of gdprJobs({ retention: services.gdpr.retention, audit: services.gdpr.audit })) jobs.register(job);
  jobs.start();
  // Alert e-mails: sent in the background, retried, each row claimed by one instance only.
  services.mail?.start();
  // Answers cut by a crash are never stored: their questions get an 'interrupted' answer, so the pupil sees
  // what happened. On PostgreSQL other instances may still be writing recent answers: leave those alone.
  const marked = await markInterruptedAnswers(
    { repo: createInterruptedAnswersRepo(database.db), cipher: services.cipher, clock: systemClock },
    config.database.kind === 'sqlite' ? systemClock.now() : systemClock.now() - ANSWER_GRACE_MS,
  );
  if (marked > 0) logger.warn({ marked }, 'answers cut by a crash marked interrupted');
  // The moderation's rule prefilter and learned weights are built on first use (≈ 1 s here): now, not while the
  // first pupil after a restart waits.
  classifyPupilMessage('');
  await app.listen({ port: config.port, host: config.host });
  const metricsServer = await startMetricsServer(config, metrics.registry);
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = config.publicUrl ?? `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${config.port}`;
  out(`Tuteur est démarré sur ${url}`);
  if (config.llmBackend === 'llama-cpp' && !config.modelPath) {
    out('Aucun modèle de langage configuré : définissez TUTEUR_MODEL_PATH=/chemin/vers/modele.gguf puis redémarrez.');
  }
  const setupToken = await services.auth.createSetupTokenIfNoAdmin();
  if (metricsServer) out(`Métriques Prometheus : ${metricsServer.url} (boucle locale uniquement)`);
  if (setupToken) {
    out(`Premier démarrage : créez le compte administrateur avec ce lien à usage unique (valable 24 h) :\n  ${url}/setup#token=${setupToken}`);
    out('  ou en ligne de commande : tuteur users add --login admin --role school-admin --name "Prénom Nom" (mot de passe lu sur l’entrée standard)');
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await jobs.stop();
      await services.mail?.stop();
      await metricsServer?.close();
      // Refuses new requests, lets running answers finish for the grace period, then stores them interrupted.
      await stopServing({ app, chat: services.chat, logger, graceMs: config.shutdownGraceMs });
      await llm.close();
      await database.close();
      await outbound.uninstall();
    })());
  return { app, url, stop };
}
