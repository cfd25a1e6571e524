// The Ed25519 key that signs the audit log's seals: a PEM file created at first start (mode 0600), like the
// KEK. Whoever can change the database but not read this file cannot forge a seal.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Signer {
  /** Fingerprint of the public key, stored with each seal. */
  readonly keyId: string;
  sign(text: string): string;
  /** False for a bad signature or a seal made with another key. */
  verify(text: string, signature: string, keyId: string): boolean;
}

export function signerFromPrivateKey(privateKey: KeyObject): Signer {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('La clé de signature du journal doit être une clé Ed25519.');
  const publicKey = createPublicKey(privateKey);
  const keyId = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
  return {
    keyId,
    sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64'),
    verify: (text, signature, signedBy) => {
      if (signedBy !== keyId) return false;
      try {
        return verify(null, Buffer.from(text, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
      } catch {
        return false;
      }
    },
  };
}

export function newSigner(): Signer {
  return signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
}

/** Loads the signing key file, creating it (0600, PKCS#8 PEM) when it does not exist yet. */
export function loadOrCreateSigningKey(path: string): Signer {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(path, 'utf8'));
  } catch {
    throw new Error(`Le fichier de clé de signature ${path} est invalide (clé privée Ed25519 PEM attendue).`);
  }
  return signerFromPrivateKey(key);
}
