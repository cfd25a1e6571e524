// Roster import benchmark (issue 7): a 5 000-line ENT export imported into an empty school, the same file
// again (nothing changes), then a new year's file (250 pupils change class, 250 leave, 250 arrive).
// Target: each import under 10 s. SQLite always; PostgreSQL too with --pg postgres://…/database (empty).
//
//   node bench/roster.ts [--rows 5000] [--pg URL]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, type DatabaseHandle } from '../src/server/db/connection.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { parseRoster } from '../src/server/modules/roster/roster.csv.ts';
import { createIdentityServices } from '../src/server/modules/sso/identity.routes.ts';
import { fmt, heading, print, table, verdict } from './lib/report.ts';

const TARGET_S = 10;
const DIVISIONS = ['6E1', '6E2', '5E1', '5E2', '4E1', '4E2', '3E1', '3E2', '2NDE A', '2NDE B', '1G1', '1G2', 'TG1', 'TG2'];

function exportFile(rows: number, shift: (i: number) => number | null): string {
  const lines = ['Identifiant;Nom;Prénom;Profil;Classe;Date de naissance'];
  for (let i = 0; i < rows; i += 1) {
    const division = shift(i);
    if (division === null) continue;
    lines.push(`ENT${i};Nom${i};Prénom${i};Élève;${DIVISIONS[division % DIVISIONS.length]};01/01/2010`);
  }
  return lines.join('\r\n');
}

async function seconds<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

async function run(name: string, database: DatabaseHandle, rows: number): Promise<(string | number)[][]> {
  await migrateToLatest(database.db);
  const schoolId = crypto.randomUUID();
  await database.db.insertInto('schools').values({ id: schoolId, uai: '0690000B', name: 'Bench', created_at: Date.now() }).execute();
  const { roster } = createIdentityServices({ db: database.db, clock: { now: () => Date.now() }, revokeAccess: async () => undefined });
  const first = exportFile(rows, (i) => i);
  // A new year: one pupil in 20 leaves, another one in 20 changes class, 250 newcomers.
  const next = exportFile(rows + 250, (i) => (i < rows && i % 20 === 0 ? null : i % 10 === 0 ? i + 1 : i));

  const [, parseS] = await seconds(async () => parseRoster(first));
  const [preview, previewS] = await seconds(() => roster.preview('cli', schoolId, { text: first }));
  const [created, importS] = await seconds(() => roster.import('cli', schoolId, { text: first }));
  const [same, againS] = await seconds(() => roster.import('cli', schoolId, { text: first }));
  const [changed, nextS] = await seconds(() => roster.import('cli', schoolId, { text: next }));
  if (!created.applied || preview.create.length !== rows || same.preview.unchanged !== rows) throw new Error(`${name}: résultat inattendu`);
  const c = changed.preview;
  return [
    [name, 'lecture du CSV seule', fmt(parseS, 3), '—', ''],
    [name, `aperçu (${rows} à créer)`, fmt(previewS, 2), TARGET_S, verdict(previewS < TARGET_S)],
    [name, `import initial (${rows} comptes, ${created.preview.classesToCreate.length} classes)`, fmt(importS, 2), TARGET_S, verdict(importS < TARGET_S)],
    [name, 'réimport identique (0 changement)', fmt(againS, 2), TARGET_S, verdict(againS < TARGET_S)],
    [name, `rentrée (${c.update.length} modifiés, ${c.leave.length} partis, ${c.create.length} arrivés)`, fmt(nextS, 2), TARGET_S, verdict(nextS < TARGET_S)],
  ];
}

const { values } = parseArgs({ options: { rows: { type: 'string', default: '5000' }, pg: { type: 'string' } } });
const rows = Number(values.rows);
heading(`Import d’effectifs : ${rows} lignes`);
const dir = mkdtempSync(join(tmpdir(), 'tuteur-bench-roster-'));
const results: (string | number)[][] = [];
try {
  const sqlite = openDatabase({ kind: 'sqlite', file: join(dir, 'bench.sqlite') });
  try {
    results.push(...(await run('SQLite', sqlite, rows)));
  } finally {
    await sqlite.close();
  }
  if (values.pg) {
    const postgres = openDatabase({ kind: 'postgres', url: values.pg });
    try {
      results.push(...(await run('PostgreSQL', postgres, rows)));
    } finally {
      await postgres.close();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
print(table(['base', 'étape', 'secondes', 'cible (s)', 'verdict'], results));
