// A school's GDPR settings (retention durations, controller and DPO contacts), stored as `gdpr.*` keys
// of school_settings, with the defaults the documents and the retention job use when a key is absent.
import { z } from 'zod';
import type { GdprSettings } from '../../../shared/audit.ts';

export type { GdprSettings };

export const GDPR_DEFAULTS: GdprSettings = {
  conversationDays: null,
  auditMonths: 12,
  leftPupilMonths: 3,
  alertMonths: 12,
  headName: null,
  schoolAddress: null,
  dpoName: null,
  dpoEmail: null,
  dpoPhone: null,
  dpoAddress: null,
};

export const GDPR_SETTING_KEYS: Record<keyof GdprSettings, string> = {
  conversationDays: 'gdpr.retention.conversationDays',
  auditMonths: 'gdpr.retention.auditMonths',
  leftPupilMonths: 'gdpr.retention.leftPupilMonths',
  alertMonths: 'gdpr.retention.alertMonths',
  headName: 'gdpr.headName',
  schoolAddress: 'gdpr.schoolAddress',
  dpoName: 'gdpr.dpo.name',
  dpoEmail: 'gdpr.dpo.email',
  dpoPhone: 'gdpr.dpo.phone',
  dpoAddress: 'gdpr.dpo.address',
};

export const GDPR_NUMERIC_SETTINGS: readonly (keyof GdprSettings)[] = ['conversationDays', 'auditMonths', 'leftPupilMonths', 'alertMonths'];

const contact = (max: number) => z.string({ message: 'Texte attendu.' }).trim().max(max, `${max} caractères au maximum.`).nullable();

/** What a school admin may change; null clears a value back to its default. */
export const gdprSettingsUpdateSchema = z.strictObject({
  conversationDays: z.number({ message: 'Nombre de jours attendu.' }).int('Nombre de jours entier attendu.').min(1, 'Au moins 1 jour.').max(3650, 'Au plus 3650 jours.').nullable().optional(),
  // CNIL guidance on logs: 6 months to 1 year; a little more is allowed for a pending inquiry.
  auditMonths: z.number({ message: 'Nombre de mois attendu.' }).int('Nombre de mois entier attendu.').min(6, 'Au moins 6 mois (recommandation de la CNIL).').max(24, 'Au plus 24 mois.').optional(),
  leftPupilMonths: z.number({ message: 'Nombre de mois attendu.' }).int('Nombre de mois entier attendu.').min(0, 'Au moins 0 mois.').max(12, 'Au plus 12 mois.').optional(),
  // An alert serves the follow-up of a pupil in difficulty: a school year and its aftermath, not longer.
  alertMonths: z.number({ message: 'Nombre de mois attendu.' }).int('Nombre de mois entier attendu.').min(1, 'Au moins 1 mois.').max(36, 'Au plus 36 mois.').optional(),
  headName: contact(120).optional(),
  schoolAddress: contact(300).optional(),
  dpoName: contact(120).optional(),
  dpoEmail: z.email('Adresse électronique invalide.').max(200).nullable().optional(),
  dpoPhone: contact(40).optional(),
  dpoAddress: contact(300).optional(),
});
export type GdprSettingsUpdate = z.infer<typeof gdprSettingsUpdateSchema>;
