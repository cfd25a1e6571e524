// Model catalogue: the language models available on this installation (a GGUF file of the embedded engine,
// or a model name served by the OpenAI-compatible pool), which schools may use each one (académie), and
// which one a school or a class uses (school admin).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('models')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    // An absolute path inside the models folder (gguf) or the name sent to the servers (openai).
    .addColumn('locator', 'varchar(1000)', (c) => c.notNull())
    .addColumn('licence', 'varchar(200)')
    .addColumn('origin', 'varchar(500)')
    .addColumn('languages', 'varchar(200)')
    .addColumn('context_size', 'bigint')
    .addColumn('parameters', 'bigint')
    .addColumn('quantisation', 'varchar(40)')
    .addColumn('architecture', 'varchar(60)')
    .addColumn('file_bytes', 'bigint')
    // Key/value cache per token of context (from the header), for the memory estimate shown to the admin.
    .addColumn('kv_bytes_per_token', 'bigint')
    .addColumn('source', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(36)')
    .addUniqueConstraint('models_kind_locator_unique', ['kind', 'locator'])
    .execute();

  await db.schema
    .createTable('model_allowances')
    .addColumn('model_id', 'varchar(36)', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('school_id', 'varchar(36)', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_allowances_pk', ['model_id', 'school_id'])
    .execute();
  await db.schema.createIndex('model_allowances_school_idx').on('model_allowances').column('school_id').execute();

  // target_id is the class (class choice) or the school itself (school default): ids are UUIDs, never shared.
  await db.schema
    .createTable('model_choices')
    .addColumn('target_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('school_id', 'varchar(36)', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('class_id', 'varchar(36)', (c) => c.references('classes.id').onDelete('cascade'))
    .addColumn('model_id', 'varchar(36)', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(36)')
    .execute();
  await db.schema.createIndex('model_choices_school_idx').on('model_choices').column('school_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('model_choices').execute();
  await db.schema.dropTable('model_allowances').execute();
  await db.schema.dropTable('models').execute();
}
