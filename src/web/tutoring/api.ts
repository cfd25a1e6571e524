// Calls of the tutoring API (assignments, séances, switches, pupil status, school settings), typed from src/shared.
import type { z } from 'zod';
import type { AssignmentView, createAssignmentSchema, updateAssignmentSchema } from '../../shared/api.ts';

export type { LiveView } from '../../shared/api.ts';
import { api } from '../api/client.ts';

export type AssignmentPayload = z.input<typeof createAssignmentSchema>;
export type AssignmentPatch = z.input<typeof updateAssignmentSchema>;

export interface LiveSession {
  id: string;
  classId: string;
  startsAt: number;
  endsAt: number;
}

/** GET /api/live-sessions/current: the running séance of a class and the pupils who wrote during it. */

export interface SettingView {
  key: string;
  value: string;
  isDefault: boolean;
  description: string;
}

const id = (value: string) => encodeURIComponent(value);

export const tutoringPaths = {
  status: () => '/api/me/tutor-status',
  assignments: () => '/api/assignments',
  usage: () => '/api/assignments/usage',
  assignment: (assignmentId: string) => `/api/assignments/${id(assignmentId)}`,
  liveView: (classId: string) => `/api/live-sessions/current?classId=${id(classId)}`,
  settings: (schoolId: string) => `/api/schools/${id(schoolId)}/settings`,
};

export const tutoringApi = {
  createAssignment: (payload: AssignmentPayload) => api.post<AssignmentView>('/api/assignments', payload),
  updateAssignment: (assignmentId: string, patch: AssignmentPatch) => api.patch<AssignmentView>(tutoringPaths.assignment(assignmentId), patch),
  setAssignmentTutor: (assignmentId: string, enabled: boolean) => api.post<void>(`/api/assignments/${id(assignmentId)}/tutor`, { enabled }),
  setClassTutor: (classId: string, enabled: boolean) => api.post<void>(`/api/classes/${id(classId)}/tutor`, { enabled }),
  startLiveSession: (classId: string, durationMinutes: number) => api.post<LiveSession>('/api/live-sessions', { classId, durationMinutes }),
  endLiveSession: (sessionId: string) => api.post<void>(`/api/live-sessions/${id(sessionId)}/end`, {}),
  saveSetting: (schoolId: string, key: string, value: string) => api.put<SettingView>(`${tutoringPaths.settings(schoolId)}/${id(key)}`, { value }),
};
