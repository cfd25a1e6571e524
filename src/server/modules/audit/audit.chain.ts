// The hash chain's arithmetic, kept pure so the verifier and the writer cannot drift apart: canonical
// encoding of an entry, its hash, and the text a seal signs.
import { createHash } from 'node:crypto';
import type { AuditLogTable } from '../../db/schema.ts';

export const GENESIS_HASH = '0'.repeat(64);
const FORMAT = 'tuteur-audit/v1';

export type DetailValue = string | number | boolean | null | string[];
export type AuditDetails = Record<string, DetailValue>;

/** JSON with keys sorted, so the same details always give the same text (and hash). */
export function canonicalDetails(details: AuditDetails): string {
  const sorted: AuditDetails = {};
  for (const key of Object.keys(details).sort()) {
    const value = details[key];
    if (value !== undefined) sorted[key] = value;
  }
  return JSON.stringify(sorted);
}

/** Every stored field but the hash itself, in a fixed order; seq and prev_hash included. */
export function entryHash(row: Omit<AuditLogTable, 'hash'>): string {
  const encoded = JSON.stringify([
    FORMAT,
    row.seq,
    row.at,
    row.actor_id,
    row.actor_role,
    row.action,
    row.target_type,
    row.target_id,
    row.school_id,
    row.subject_id,
    row.details,
    row.prev_hash,
  ]);
  return createHash('sha256').update(encoded, 'utf8').digest('hex');
}

export function sealText(seal: { seq: number; hash: string; at: number }): string {
  return `tuteur-audit-seal/v1|${seal.seq}|${seal.hash}|${seal.at}`;
}
