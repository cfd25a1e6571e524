// The personal-data module's public surface.
export { PII_PLACEHOLDERS, PII_TYPES, type PiiSpan, type PiiType } from './types.ts';
export { findPii, redact, type Redaction, type RedactOptions } from './redact.ts';
export type { RosterEntry } from './roster.ts';
