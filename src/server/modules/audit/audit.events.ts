// What the audit log records: event names (a contract other modules call with), staff access reasons,
// and their French labels for the DPO's and the pupil's pages.
import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../../shared/audit.ts';

export { AUDIT_ACTIONS };
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTION_LABELS_FR: Record<AuditAction, string> = {
  'login.success': 'Connexion',
  'login.failure': 'Échec de connexion',
  logout: 'Déconnexion',
  'user.created': 'Compte créé',
  'user.disabled': 'Compte désactivé',
  'user.enabled': 'Compte réactivé',
  'user.left': 'Départ de l’établissement enregistré',
  'user.erased': 'Compte effacé',
  'role.changed': 'Rôle modifié',
  'school.created': 'Établissement créé',
  'class.created': 'Classe créée',
  'settings.changed': 'Réglage modifié',
  'conversation.accessed': 'Consultation d’une conversation',
  'export.created': 'Export des données',
  'retention.purged': 'Purge (durées de conservation)',
  'alert.opened': 'Consultation d’une alerte',
  'rights.requested': 'Demande d’exercice de droits',
  'rights.decided': 'Décision sur une demande de droits',
  'keys.rotated': 'Rotation de la clé de chiffrement',
  'document.generated': 'Document RGPD généré',
  'notice.read': 'Notice d’information lue',
  'course-document.added': 'Document de cours ajouté à un devoir',
  'course-document.deleted': 'Document de cours retiré d’un devoir',
  'password.reset-link': 'Lien de réinitialisation du mot de passe créé',
  'password.reset': 'Mot de passe réinitialisé',
};

/** Why a member of staff opened a pupil's conversation: one code from this list, plus free text. */
export const ACCESS_REASONS = [
  'safety_alert',
  'pupil_request',
  'parent_request',
  'pedagogical_follow_up',
  'rights_request',
  'legal_requisition',
  'technical_incident',
] as const;
export type AccessReason = (typeof ACCESS_REASONS)[number];

export const ACCESS_REASON_LABELS_FR: Record<AccessReason, string> = {
  safety_alert: 'Suite à une alerte de sécurité',
  pupil_request: 'À la demande de l’élève',
  parent_request: 'À la demande des responsables légaux',
  pedagogical_follow_up: 'Suivi pédagogique',
  rights_request: 'Traitement d’une demande d’exercice de droits',
  legal_requisition: 'Réquisition judiciaire',
  technical_incident: 'Incident technique',
};

/** The reason a staff route must ask for before showing a transcript (validate the body with it). */
export const accessReasonSchema = z.strictObject({
  reasonCode: z.enum(ACCESS_REASONS, { message: 'Choisissez un motif dans la liste.' }),
  reasonText: z.string({ message: 'Précisez le motif en quelques mots.' }).trim().min(3, 'Précisez le motif en quelques mots.').max(500, '500 caractères au maximum.'),
});
export type AccessReasonInput = z.infer<typeof accessReasonSchema>;

/** Events a pupil sees in "Qui a consulté mes données". */
export const ACCESS_EVENTS: readonly AuditAction[] = ['conversation.accessed', 'alert.opened', 'export.created', 'rights.decided'];
