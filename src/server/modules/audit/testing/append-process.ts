// A second instance for the concurrency test: appends entries to the audit log of the database given on
// the command line, from its own process (SQLite forbids two writers waiting on each other in one thread).
import { randomBytes } from 'node:crypto';
import { createContentCipher } from '../../../crypto/content-cipher.ts';
import { keyringFromKey } from '../../../crypto/keyring.ts';
import { openDatabase } from '../../../db/connection.ts';
import { createAuditLog } from '../audit.service.ts';

const [url = '', countText = '0'] = process.argv.slice(2);
const database = openDatabase(url.startsWith('postgres') ? { kind: 'postgres', url } : { kind: 'sqlite', file: url });
const clock = { now: () => Date.now() };
// Its entries carry no free text: a throwaway key is enough.
const audit = createAuditLog(database.db, { clock, signer: null, cipher: createContentCipher(database.db, keyringFromKey(randomBytes(32)), clock) });
const writes: Promise<unknown>[] = [];
for (let i = 0; i < Number(countText); i += 1) writes.push(audit.record({ actor: 'system', action: 'settings.changed', details: { from: 'child', i } }));
await Promise.all(writes);
await database.close();
