// What a course document may weigh and hold, and the French refusal for each limit. The file size comes
// from the configuration (TUTEUR_DOCUMENT_MAX_MB); the rest are fixed here, sized for course handouts.
import { HttpError } from '../../http/errors.ts';

export interface DocumentLimits {
  /** Size of the uploaded file. */
  maxBytes: number;
  /** Documents attached to one assignment. */
  maxDocumentsPerAssignment: number;
  /** Characters of text kept from one document, after extraction. */
  maxTextChars: number;
  /** Pages read from a PDF. */
  maxPdfPages: number;
  /** Entries in a DOCX/ODT archive (a real one holds a few dozen). */
  maxZipEntries: number;
  /** Declared uncompressed size of every entry of the archive together. */
  maxZipUncompressedBytes: number;
  /** Declared uncompressed / compressed size, for the archive and for each large entry. */
  maxZipRatio: number;
  /** Bytes actually inflated from the one entry that is read (document.xml / content.xml). */
  maxXmlBytes: number;
  /** Wall time the parser may take for one file (in its worker thread) before it is stopped. */
  extractTimeoutMs: number;
  /** V8 heap the parser's worker may use: a file built to exhaust memory kills the worker, not the server. */
  extractHeapMb: number;
}

export const DEFAULT_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

export function documentLimits(maxBytes = DEFAULT_DOCUMENT_MAX_BYTES): DocumentLimits {
  return {
    maxBytes,
    maxDocumentsPerAssignment: 10,
    maxTextChars: 300_000,
    maxPdfPages: 300,
    maxZipEntries: 2000,
    maxZipUncompressedBytes: 100 * 1024 * 1024,
    maxZipRatio: 100,
    maxXmlBytes: 30 * 1024 * 1024,
    extractTimeoutMs: 30_000,
    extractHeapMb: 512,
  };
}

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} Mo`.replace('.', ',');

export const ACCEPTED_TYPES_FR = 'un PDF, un document Word (.docx), un document OpenDocument (.odt), un fichier Markdown (.md) ou texte (.txt)';

/** Every refusal of an upload: a 4xx with a code and a French message for the teacher. */
export const refuse = {
  noFile: () => new HttpError(400, 'document_missing', 'Aucun fichier reçu : choisissez un fichier à déposer.'),
  empty: () => new HttpError(400, 'document_empty', 'Le fichier est vide.'),
  tooLarge: (limits: DocumentLimits) => new HttpError(413, 'document_too_large', `Fichier trop volumineux : ${megabytes(limits.maxBytes)} au maximum.`),
  unsupported: () => new HttpError(415, 'document_type', `Type de fichier non pris en charge : déposez ${ACCEPTED_TYPES_FR}.`),
  mismatch: (extension: string) =>
    new HttpError(415, 'document_type_mismatch', `Le contenu du fichier ne correspond pas à son extension (.${extension}) : il a peut-être été renommé. Déposez le fichier d’origine.`),
  suspectArchive: () =>
    new HttpError(422, 'document_archive_suspect', 'Archive suspecte : ce document se décompresserait en un volume anormal. Il a été refusé sans être décompressé.'),
  unreadableOffice: () => new HttpError(422, 'document_unreadable', 'Document illisible : le fichier Word ou OpenDocument est endommagé ou incomplet.'),
  unreadablePdf: () => new HttpError(422, 'document_pdf_unreadable', 'PDF illisible : le fichier est endommagé ou n’est pas un vrai PDF.'),
  protectedPdf: () => new HttpError(422, 'document_pdf_protected', 'Ce PDF est protégé par un mot de passe : déposez une version sans mot de passe.'),
  tooManyPages: (limits: DocumentLimits) => new HttpError(413, 'document_too_many_pages', `Ce PDF a trop de pages : ${limits.maxPdfPages} au maximum. Déposez seulement le chapitre utile.`),
  notText: () => new HttpError(422, 'document_not_text', 'Ce fichier ne contient pas du texte lisible : vérifiez qu’il s’agit bien d’un fichier texte ou Markdown.'),
  noText: () =>
    new HttpError(422, 'document_no_text', 'Aucun texte n’a pu être extrait de ce document (document scanné ?). Déposez une version dont le texte peut être sélectionné.'),
  textTooLong: (limits: DocumentLimits) =>
    new HttpError(413, 'document_text_too_long', `Le texte de ce document est trop long (${limits.maxTextChars.toLocaleString('fr-FR')} caractères au maximum) : découpez-le en plusieurs fichiers.`),
  tooManyDocuments: (limits: DocumentLimits) =>
    new HttpError(409, 'documents_limit', `Ce devoir a déjà ${limits.maxDocumentsPerAssignment} documents : supprimez-en un avant d’en ajouter un autre.`),
  duplicate: () => new HttpError(409, 'document_duplicate', 'Ce document est déjà joint à ce devoir.'),
  tooComplex: () =>
    new HttpError(422, 'document_too_complex', 'Ce document est trop complexe à lire (sa lecture a été interrompue) : enregistrez-le à nouveau, ou déposez seulement le chapitre utile.'),
};
