// Scores the redactor on the labelled set (data/pii-fr.jsonl): span-level precision and recall by type, a
// found span counting only when its type and both ends are exactly those of a labelled one.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { RosterEntry } from './roster.ts';
import { PII_TYPES, type PiiSpan, type PiiType } from './types.ts';

export const PII_SET_PATH = new URL('./data/pii-fr.jsonl', import.meta.url);
export const ROSTER_PATH = new URL('./data/roster-fr.json', import.meta.url);

/** The targets, for every type. */
export const PII_TARGETS = { precision: 0.95, recall: 0.95 };

const spanSchema = z.object({ type: z.enum(PII_TYPES), start: z.number().int().min(0), end: z.number().int().min(1) });
const lineSchema = z.object({ id: z.string().min(1), text: z.string().min(1), spans: z.array(spanSchema) });
export type PiiLine = z.infer<typeof lineSchema>;

export function loadPiiSet(path: URL | string = PII_SET_PATH): PiiLine[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = lineSchema.parse(JSON.parse(line));
      if (parsed.spans.some((s) => s.end > parsed.text.length || s.start >= s.end)) throw new Error(`pii set line ${i + 1}: span outside the text`);
      return parsed;
    });
}

export function loadRoster(path: URL | string = ROSTER_PATH): RosterEntry[] {
  return z.array(z.object({ firstName: z.string().min(1), lastName: z.string().min(1) })).parse(JSON.parse(readFileSync(path, 'utf8')));
}

export interface PiiScore {
  support: number;
  found: number;
  correct: number;
  precision: number;
  recall: number;
}

export interface PiiEvaluation {
  perType: Record<PiiType, PiiScore>;
  /** Found spans that match no labelled span, and labelled spans nothing found. */
  errors: { id: string; text: string; missed: PiiSpan[]; extra: PiiSpan[] }[];
}

export function evaluatePii(lines: PiiLine[], find: (text: string) => PiiSpan[]): PiiEvaluation {
  const counts = Object.fromEntries(PII_TYPES.map((t) => [t, { support: 0, found: 0, correct: 0 }])) as Record<PiiType, { support: number; found: number; correct: number }>;
  const errors: PiiEvaluation['errors'] = [];
  const same = (a: PiiSpan, b: PiiSpan) => a.type === b.type && a.start === b.start && a.end === b.end;
  for (const line of lines) {
    const found = find(line.text);
    for (const s of line.spans) counts[s.type].support++;
    for (const s of found) {
      counts[s.type].found++;
      if (line.spans.some((g) => same(g, s))) counts[s.type].correct++;
    }
    const missed = line.spans.filter((g) => !found.some((s) => same(g, s)));
    const extra = found.filter((s) => !line.spans.some((g) => same(g, s)));
    if (missed.length || extra.length) errors.push({ id: line.id, text: line.text, missed, extra });
  }
  const perType = Object.fromEntries(
    PII_TYPES.map((t) => {
      const { support, found, correct } = counts[t];
      return [t, { support, found, correct, precision: found ? correct / found : 1, recall: support ? correct / support : 1 }];
    }),
  ) as Record<PiiType, PiiScore>;
  return { perType, errors };
}
