// What a CLI command works with: the same services as the server, without the HTTP layer or a model.
import { createServices, type Services } from '../server/app.ts';
import { systemClock } from '../server/clock.ts';
import type { Config } from '../server/config.ts';
import { loadOrCreateKeyFile } from '../server/crypto/keyring.ts';
import { openDatabase } from '../server/db/connection.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { createLogger } from '../server/logger.ts';
import { createLlmProvider } from '../server/modules/llm/index.ts';
import { modelsConfigOf } from '../server/modules/models/models.config.ts';

export interface CliContext {
  services: Services;
  migrated: string[];
  close(): Promise<void>;
}

export async function openCliContext(config: Config): Promise<CliContext> {
  const logger = createLogger('silent');
  const database = openDatabase(config.database);
  try {
    // Every command brings the schema up to date, so the first admin can be created before the first start.
    const keyring = loadOrCreateKeyFile(config.keyFile);
    const migrated = await migrateToLatest(database.db, { keyring });
    const llm = createLlmProvider({ modelPath: undefined, threads: 1 }, logger);
    const services = createServices({ database, llm, clock: systemClock, keyring, logger, config, models: modelsConfigOf(config) });
    return {
      services,
      migrated,
      close: async () => {
        await llm.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
