// The readable version of a person's export (right of access): the same data as the JSON, laid out for
// reading and printing.
import type { PersonalDataExport } from '../export.service.ts';
import { RIGHTS_KIND_LABELS_FR, RIGHTS_STATE_LABELS_FR, type RightsKind } from '../rights.service.ts';
import type { RightsRequestsTable } from '../../../db/schema.ts';
import type { Block, GdprDocument } from './document.ts';

const when = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));

export function buildExportDocument(data: PersonalDataExport): GdprDocument {
  const p = data.person;
  const blocks: Block[] = [
    { type: 'heading', level: 1, text: 'Mon compte' },
    {
      type: 'table',
      header: ['Donnée', 'Valeur'],
      rows: [
        ['Identifiant', p.login],
        ['Nom affiché', p.displayName],
        ['Rôle', p.roleLabel],
        ['Établissement', p.school ? `${p.school.name} (${p.school.uai})` : 'aucun'],
        ['Classe', p.classes.map((c) => c.name).join(', ') || 'aucune'],
        ['Compte créé le', when(p.createdAt)],
      ],
    },
    { type: 'heading', level: 1, text: `Mes conversations (${data.conversations.length})` },
  ];
  for (const conversation of data.conversations) {
    blocks.push({ type: 'heading', level: 2, text: `${conversation.title ?? 'Conversation'} — ${when(conversation.createdAt)}` });
    for (const message of conversation.messages) {
      blocks.push({ type: 'paragraph', text: `${message.author === 'élève' ? 'Moi' : 'Tuteur'} (${when(message.createdAt)}) : ${message.text}` });
      if (message.helpLines) blocks.push({ type: 'paragraph', text: `Numéros d’aide affichés sous ce message : ${message.helpLines.join(', ')}` });
    }
  }
  blocks.push({ type: 'heading', level: 1, text: 'Qui a consulté mes données' });
  blocks.push(
    data.accessLog.length === 0
      ? { type: 'paragraph', text: 'Personne.' }
      : { type: 'list', items: data.accessLog.map((a) => `${when(a.at)} — ${a.who} (${a.role}) : ${a.action}${a.reason ? ` — ${a.reason}` : ''}${a.reasonText ? ` (« ${a.reasonText} »)` : ''}`) },
  );
  if (data.rightsRequests.length > 0) {
    blocks.push({ type: 'heading', level: 1, text: 'Mes demandes' });
    blocks.push({ type: 'list', items: data.rightsRequests.map((r) => `${when(r.receivedAt)} — ${RIGHTS_KIND_LABELS_FR[r.kind as RightsKind] ?? r.kind} : ${RIGHTS_STATE_LABELS_FR[r.state as RightsRequestsTable['state']] ?? r.state}${r.decisionReason ? ` (${r.decisionReason})` : ''}`) });
  }
  return { kind: 'export', title: `Mes données dans Tuteur — ${p.displayName}`, subtitle: `Export du ${when(data.generatedAt)}`, blocks };
}
