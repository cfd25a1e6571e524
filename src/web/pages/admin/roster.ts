// Roster import: the file's bytes sent as base64 (so the server can tell UTF-8 from Windows-1252 itself),
// and the shape of the preview the server answers (src/server/modules/roster/roster.service.ts).

/** Same limit as the server. */
export const MAX_ROSTER_BYTES = 5 * 1024 * 1024;

export interface RosterIssue {
  line: number;
  message: string;
}

export interface RosterPreview {
  school: { id: string; uai: string; name: string };
  encoding: string;
  separator: string;
  rows: number;
  classesToCreate: { name: string; level: string }[];
  create: { line: number; login: string; displayName: string; role: string; classes: string[] }[];
  update: { line: number; login: string; displayName: string; changes: string[] }[];
  leave: { login: string; displayName: string; role: string }[];
  unchanged: number;
  skipped: RosterIssue[];
  errors: RosterIssue[];
  unusedColumns: string[];
}

export interface RosterBody {
  csvBase64: string;
  partial?: boolean;
}

/** Base64 of bytes, in slices: String.fromCharCode(...bytes) would overflow the call stack on a large file. */
export function bytesToBase64(bytes: Uint8Array): string {
  const SLICE = 0x8000;
  let binary = '';
  for (let i = 0; i < bytes.length; i += SLICE) {
    binary += String.fromCharCode(...bytes.subarray(i, i + SLICE));
  }
  return btoa(binary);
}

export const rosterPaths = {
  preview: (schoolId: string) => `/api/schools/${encodeURIComponent(schoolId)}/roster/preview`,
  import: (schoolId: string) => `/api/schools/${encodeURIComponent(schoolId)}/roster/import`,
};

/** The 422 answer of an import refused for errors carries the preview with them. */
export function isRosterPreview(value: unknown): value is RosterPreview {
  return typeof value === 'object' && value !== null && Array.isArray((value as RosterPreview).errors) && Array.isArray((value as RosterPreview).create);
}
