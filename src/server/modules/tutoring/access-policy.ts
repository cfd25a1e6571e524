// When a pupil may use the tutor: the national framework (cadre d'usage de l'IA en éducation, 2025) as
// school settings, plus the teachers' switches. Pure: everything it needs is passed in, so it is tested
// case by case and every refusal says why and when the tutor will be available.
import type { Level } from '../../../shared/roles.ts';
import { availability } from '../settings/opening-hours.ts';
import type { SchoolSettings } from '../settings/settings.definitions.ts';

export interface AccessContext {
  now: number;
  level: Level | null;
  settings: SchoolSettings;
  classTutorEnabled: boolean;
  liveSessionActive: boolean;
  assignment: { opensAt: number; closesAt: number; tutorEnabled: boolean } | null;
}

export type AccessDecision = { allowed: true } | { allowed: false; code: string; message: string };

const refuse = (code: string, message: string): AccessDecision => ({ allowed: false, code, message });

const dateFr = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });

export function decideAccess(ctx: AccessContext): AccessDecision {
  if (ctx.level === null) return refuse('no_class', 'Ton compte n’est rattaché à aucune classe : demande à la vie scolaire de t’inscrire dans ta classe.');
  if (!ctx.classTutorEnabled) {
    return refuse('tutor_off_class', 'Ton professeur a mis le tuteur en pause pour ta classe (par exemple pendant une évaluation). Il sera de nouveau disponible quand il le réactivera.');
  }
  if (ctx.settings.noDirectUseLevels.includes(ctx.level)) {
    return refuse('level_not_allowed', `En ${ctx.level}, le tuteur ne s’utilise pas seul : ton professeur peut te le montrer en classe.`);
  }
  if (ctx.assignment) {
    if (!ctx.assignment.tutorEnabled) return refuse('tutor_off_assignment', 'Ton professeur a mis le tuteur en pause pour ce devoir.');
    if (ctx.now < ctx.assignment.opensAt) return refuse('assignment_not_open', `Ce devoir s’ouvre au tuteur ${dateFr.format(ctx.assignment.opensAt)}.`);
    if (ctx.now >= ctx.assignment.closesAt) return refuse('assignment_closed', 'Ce devoir est fermé : le tuteur n’est plus disponible pour lui.');
  } else if (!ctx.settings.freeQuestionLevels.includes(ctx.level)) {
    return refuse('free_questions_off', 'Les questions en dehors d’un devoir ne sont pas ouvertes pour ta classe : choisis un devoir ouvert par ton professeur.');
  }
  if (ctx.liveSessionActive) return { allowed: true };
  if (ctx.settings.liveSessionLevels.includes(ctx.level)) {
    return refuse('live_session_required', `En ${ctx.level}, le tuteur s’utilise seulement pendant une séance ouverte par ton professeur.`);
  }
  const open = availability(ctx.now, ctx.settings.openingHours, ctx.settings.holidays);
  if (open.open) return { allowed: true };
  const when = open.next ? ` Prochain créneau : ${open.next}.` : '';
  return open.reason === 'holiday'
    ? refuse('holiday', `C’est les vacances : le tuteur est fermé.${when}`)
    : refuse('outside_hours', `Le tuteur est ouvert aux horaires d’aide aux devoirs de ton établissement.${when}`);
}
