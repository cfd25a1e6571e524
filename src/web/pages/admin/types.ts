// Shapes of the admin API answers (documented in the README; not yet in shared/api.ts).
import type { Role } from '../../../shared/roles.ts';

export interface School {
  id: string;
  uai: string;
  name: string;
}

export interface SchoolClass {
  id: string;
  schoolId: string;
  name: string;
  level: string;
}

export interface UserRow {
  id: string;
  login: string;
  displayName: string;
  role: Role;
  schoolId: string | null;
  classIds: string[];
  disabled: boolean;
}

export type ModelState = 'none' | 'loading' | 'ready' | 'error';

export interface AdminStatus {
  model: { state: ModelState; modelName?: string; message?: string; contextSize?: number; parallel?: number };
  database: 'sqlite' | 'postgres';
}
