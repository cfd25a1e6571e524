// What the pupil is told when the inference servers fail. The question is already stored when these are
// raised (the chat service commits it first), and any partial answer stays with the caller.

export type LlmBackendErrorCode = 'backend_lost' | 'backends_failed' | 'request_rejected' | 'model_not_served';

const MESSAGES: Record<LlmBackendErrorCode, string> = {
  backend_lost:
    'Le serveur du tuteur s’est arrêté au milieu de la réponse. Le début de la réponse est conservé et ta question est bien enregistrée : renvoie-la pour obtenir une réponse complète.',
  backends_failed: 'Les serveurs du tuteur ne répondent pas pour le moment. Ta question est bien enregistrée : réessaie dans un instant.',
  request_rejected: 'Le serveur du tuteur a refusé la demande, peut-être parce que la conversation est trop longue. Commence une nouvelle conversation ou réessaie.',
  // The class's model (model catalogue) is not in any server's /v1/models: an administrator must act.
  model_not_served:
    'Le modèle choisi pour ta classe n’est proposé par aucun serveur du tuteur en ce moment. Ta question est bien enregistrée : préviens ton professeur, l’administrateur doit vérifier les modèles installés sur les serveurs.',
};

export class LlmBackendError extends Error {
  readonly code: LlmBackendErrorCode;
  /** What had been streamed (and given to onToken) before the failure. */
  readonly partialText: string;
  constructor(code: LlmBackendErrorCode, partialText = '', options: { cause?: unknown } = {}) {
    super(MESSAGES[code], { cause: options.cause });
    this.name = 'LlmBackendError';
    this.code = code;
    this.partialText = partialText;
  }
}
