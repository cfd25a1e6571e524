// The backup archive: a copy of the SQLite database, gzip-compressed and encrypted with AES-256-GCM under a
// random archive key, itself wrapped by the installation's key-encryption key (KEK). Layout:
//
//   "TUTEURBK" | uint32 BE header length | header (JSON, UTF-8) | ciphertext | 16-byte GCM tag
//
// The header is in clear (so `restore` can say which schema and which key an archive needs) but
// authenticated: it is the GCM associated data, so changing one byte of it makes the archive unreadable.
// The KEK itself is never inside: whoever holds only the archive reads nothing.
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { z } from 'zod';
import type { Keyring } from '../crypto/keyring.ts';

const MAGIC = Buffer.from('TUTEURBK', 'ascii');
const TAG_BYTES = 16;
const IV_BYTES = 12;
const MAX_HEADER_BYTES = 64 * 1024;

export const ARCHIVE_FORMAT = 1;

const headerSchema = z.strictObject({
  format: z.literal(ARCHIVE_FORMAT),
  archiveId: z.uuid(),
  createdAt: z.number().int(),
  databaseKind: z.literal('sqlite'),
  /** Last migration applied to the copy: the schema version. */
  schemaVersion: z.string(),
  migrations: z.array(z.string()),
  /** Fingerprint of the KEK that wraps the archive key (the same one that wraps the pupils' keys). */
  kekId: z.string(),
  wrappedKey: z.string(),
  iv: z.string(),
  compression: z.literal('gzip'),
  databaseBytes: z.number().int().nonnegative(),
});

export type ArchiveHeader = z.infer<typeof headerSchema>;

/** An archive that cannot be used, with the reason in French for the administrator. */
export class ArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveError';
  }
}

const wrapOwner = (archiveId: string) => `backup:${archiveId}`;

/** Encrypts `source` (the database copy) into `target`. */
export async function writeArchive(
  source: string,
  target: string,
  meta: { createdAt: number; migrations: string[]; keyring: Keyring },
): Promise<ArchiveHeader> {
  const archiveId = randomUUID();
  const key = randomBytes(32);
  const iv = randomBytes(IV_BYTES);
  const header: ArchiveHeader = {
    format: ARCHIVE_FORMAT,
    archiveId,
    createdAt: meta.createdAt,
    databaseKind: 'sqlite',
    schemaVersion: meta.migrations.at(-1) ?? 'aucune',
    migrations: meta.migrations,
    kekId: meta.keyring.kekId,
    wrappedKey: meta.keyring.wrap(key, wrapOwner(archiveId)),
    iv: iv.toString('base64'),
    compression: 'gzip',
    databaseBytes: (await stat(source)).size,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const lengthBytes = Buffer.alloc(4);
  lengthBytes.writeUInt32BE(headerBytes.length);
  const prefix = Buffer.concat([MAGIC, lengthBytes, headerBytes]);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(prefix);
  const out = createWriteStream(target, { flags: 'wx', mode: 0o600 });
  out.write(prefix);
  // The tag exists only once the cipher is final: appended at the very end of the stream.
  const appendTag = new Transform({
    transform: (chunk: Buffer, _encoding, callback) => callback(null, chunk),
    flush: (callback) => callback(null, cipher.getAuthTag()),
  });
  await pipeline(createReadStream(source), createGzip({ level: 6 }), cipher, appendTag, out);
  return header;
}

/** Reads and checks the clear header of an archive. */
export async function readArchiveHeader(file: string): Promise<{ header: ArchiveHeader; prefixBytes: Buffer; size: number }> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    throw new ArchiveError(`Impossible de lire le fichier ${file}.`);
  }
  try {
    const size = (await handle.stat()).size;
    const start = Buffer.alloc(MAGIC.length + 4);
    const { bytesRead } = await handle.read(start, 0, start.length, 0);
    if (bytesRead < start.length || !start.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new ArchiveError(`${file} n’est pas une sauvegarde de Tuteur.`);
    }
    const length = start.readUInt32BE(MAGIC.length);
    if (length === 0 || length > MAX_HEADER_BYTES || start.length + length + TAG_BYTES > size) {
      throw new ArchiveError(`La sauvegarde ${file} est tronquée ou abîmée.`);
    }
    const headerBytes = Buffer.alloc(length);
    await handle.read(headerBytes, 0, length, start.length);
    let parsed: unknown;
    try {
      parsed = JSON.parse(headerBytes.toString('utf8'));
    } catch {
      throw new ArchiveError(`La sauvegarde ${file} est abîmée (en-tête illisible).`);
    }
    const format = (parsed as { format?: unknown } | null)?.format;
    if (typeof format === 'number' && format > ARCHIVE_FORMAT) {
      throw new ArchiveError(`La sauvegarde ${file} a été faite par une version plus récente de Tuteur : mettez Tuteur à jour avant de la restaurer.`);
    }
    const header = headerSchema.safeParse(parsed);
    if (!header.success) throw new ArchiveError(`La sauvegarde ${file} est abîmée (en-tête invalide).`);
    return { header: header.data, prefixBytes: Buffer.concat([start, headerBytes]), size };
  } finally {
    await handle.close();
  }
}

/** Unwraps the archive key: the KEK must be the one the archive was made with. */
export function unwrapArchiveKey(header: ArchiveHeader, keyring: Keyring): Buffer {
  if (header.kekId !== keyring.kekId) {
    throw new ArchiveError(
      `La clé principale de cette installation (empreinte ${keyring.kekId}) n’est pas celle de la sauvegarde (empreinte ${header.kekId}). ` +
        'Remettez en place le fichier de clé sauvegardé à part (TUTEUR_KEY_FILE), puis recommencez.',
    );
  }
  try {
    return keyring.unwrap(header.wrappedKey, wrapOwner(header.archiveId));
  } catch {
    throw new ArchiveError('La clé de la sauvegarde ne se déchiffre pas : archive altérée ou mauvais fichier de clé.');
  }
}

/**
 * Decrypts the archive into `target`. Nothing decrypted is trusted before the GCM tag is checked at the end:
 * on any failure the caller deletes `target`.
 */
export async function decryptArchive(file: string, target: string, keyring: Keyring): Promise<ArchiveHeader> {
  const { header, prefixBytes, size } = await readArchiveHeader(file);
  const key = unwrapArchiveKey(header, keyring);
  const handle = await open(file, 'r');
  const tag = Buffer.alloc(TAG_BYTES);
  try {
    await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    await handle.close();
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(header.iv, 'base64'));
  decipher.setAAD(prefixBytes);
  decipher.setAuthTag(tag);
  const body = createReadStream(file, { start: prefixBytes.length, end: size - TAG_BYTES - 1 });
  try {
    await pipeline(body, decipher, createGunzip(), createWriteStream(target, { flags: 'wx', mode: 0o600 }));
  } catch {
    throw new ArchiveError('La sauvegarde est altérée ou incomplète (contrôle d’intégrité en échec) : elle n’a pas été restaurée.');
  }
  return header;
}
