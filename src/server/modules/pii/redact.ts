// Finds personal data in a message and masks it with a French placeholder. Spans are given in the original
// text's offsets, so a caller can show or audit what was masked without keeping the data.
import { findAddresses } from './address.ts';
import { findBirthdates } from './birthdate.ts';
import { findEmails } from './email.ts';
import { findIbans } from './iban.ts';
import { findInes } from './ine.ts';
import { findNirs } from './nir.ts';
import { findPasswords } from './password.ts';
import { findPhones } from './phone.ts';
import { findNames, type RosterEntry } from './roster.ts';
import { PII_PLACEHOLDERS, PII_TYPES, type PiiSpan, type PiiType } from './types.ts';

export interface RedactOptions {
  /** The school's pupils: their first+last names are masked. */
  roster?: readonly RosterEntry[];
  /** Types to leave unmasked are set to false; everything is masked by default. */
  categories?: Partial<Record<PiiType, boolean>>;
}

export interface Redaction {
  redacted: string;
  spans: PiiSpan[];
}

// When two findings overlap, the more specific one wins: a checked IBAN over the phone-like digits inside it.
const PRIORITY: readonly PiiType[] = ['iban', 'nir', 'ine', 'email', 'phone', 'password', 'birthdate', 'address', 'name'];

const DETECTORS: Record<PiiType, (text: string, options: RedactOptions) => PiiSpan[]> = {
  phone: findPhones,
  email: findEmails,
  address: findAddresses,
  ine: findInes,
  nir: findNirs,
  iban: findIbans,
  birthdate: findBirthdates,
  password: findPasswords,
  name: (text, options) => findNames(text, options.roster ?? []),
};

export function findPii(text: string, options: RedactOptions = {}): PiiSpan[] {
  const found: PiiSpan[] = [];
  for (const type of PII_TYPES) {
    if (options.categories?.[type] === false) continue;
    found.push(...DETECTORS[type](text, options));
  }
  found.sort((a, b) => PRIORITY.indexOf(a.type) - PRIORITY.indexOf(b.type) || b.end - b.start - (a.end - a.start));
  const kept: PiiSpan[] = [];
  for (const span of found) {
    if (!kept.some((k) => k.start < span.end && span.start < k.end)) kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}

export function redact(text: string, options: RedactOptions = {}): Redaction {
  const spans = findPii(text, options);
  let redacted = '';
  let from = 0;
  for (const span of spans) {
    redacted += text.slice(from, span.start) + PII_PLACEHOLDERS[span.type];
    from = span.end;
  }
  return { redacted: redacted + text.slice(from), spans };
}
