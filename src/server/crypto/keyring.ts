// The key-encryption key (KEK): read from a key file created at first start (mode 0600) and used only to
// wrap and unwrap per-pupil data keys, never to encrypt content directly.
import { createCipheriv, createDecipheriv, createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Keyring {
  /** Short fingerprint of the KEK, stored beside each wrapped key so rotation knows what to re-wrap. */
  readonly kekId: string;
  wrap(dataKey: Buffer, ownerId: string): string;
  unwrap(wrapped: string, ownerId: string): Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** `key`: raw bytes, or better a KeyObject made once (createSecretKey), which spares Node re-importing the key per call. */
export function aesGcmEncrypt(key: Buffer | KeyObject, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

export function aesGcmDecrypt(key: Buffer | KeyObject, encoded: string, aad: string): Buffer {
  if (!encoded.startsWith('v1:')) throw new Error('Format de chiffrement inconnu.');
  const raw = Buffer.from(encoded.slice(3), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

export function keyringFromKey(kek: Buffer): Keyring {
  if (kek.length !== 32) throw new Error('La clé de chiffrement principale doit faire 32 octets.');
  const kekId = createHash('sha256').update(kek).digest('hex').slice(0, 16);
  const kekObject = createSecretKey(kek);
  return {
    kekId,
    wrap: (dataKey, ownerId) => aesGcmEncrypt(kekObject, dataKey, `data_keys:${ownerId}`),
    unwrap: (wrapped, ownerId) => aesGcmDecrypt(kekObject, wrapped, `data_keys:${ownerId}`),
  };
}

/** Loads the KEK file, creating it (0600, random 256 bits) when it does not exist yet. */
export function loadOrCreateKeyFile(path: string): Keyring {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) chmodSync(path, 0o600);
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`Le fichier de clé ${path} est invalide (32 octets en base64 attendus).`);
  return keyringFromKey(key);
}
