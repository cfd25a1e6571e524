// Checks a configured model file before llama.cpp sees it, and turns load failures into French messages
// for the admin page (llama.cpp's own errors are English and often just "Failed to load model").

import { open, stat } from 'node:fs/promises';

/** A load failure whose message is already meant for the admin. */
export class ModelLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelLoadError';
  }
}

export async function checkModelFile(modelPath: string): Promise<void> {
  let handle;
  try {
    const info = await stat(modelPath);
    if (!info.isFile()) throw new ModelLoadError(`Le chemin du modèle ne désigne pas un fichier : ${modelPath}`);
    handle = await open(modelPath, 'r');
    const magic = Buffer.alloc(4);
    const { bytesRead } = await handle.read(magic, 0, 4, 0);
    if (bytesRead < 4 || magic.toString('latin1') !== 'GGUF') {
      throw new ModelLoadError(`Le fichier ${modelPath} n’est pas un modèle GGUF.`);
    }
  } catch (error) {
    throw error instanceof ModelLoadError ? error : new ModelLoadError(describeFileError(error, modelPath));
  } finally {
    await handle?.close();
  }
}

function describeFileError(error: unknown, modelPath: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `Fichier du modèle introuvable : ${modelPath}`;
  if (code === 'EACCES' || code === 'EPERM') return `Fichier du modèle illisible (droits d’accès) : ${modelPath}`;
  return `Fichier du modèle illisible : ${modelPath} (${String((error as Error | undefined)?.message ?? error)})`;
}

/** French message for any error thrown while loading the model or creating its context. */
export function describeLoadError(error: unknown): string {
  if (error instanceof ModelLoadError) return error.message;
  // Matched by class name: node-llama-cpp is imported lazily, only when a model is configured.
  const name = (error as object | undefined)?.constructor?.name ?? '';
  const message = String((error as Error | undefined)?.message ?? error);
  if (name === 'InsufficientMemoryError' || /memory/i.test(message)) {
    return 'Mémoire insuffisante pour charger le modèle : choisir un modèle plus petit ou réduire la taille de contexte.';
  }
  if (name === 'NoBinaryFoundError') return 'Le moteur llama.cpp n’est pas disponible pour cette machine.';
  return `Le modèle n’a pas pu être chargé (fichier incomplet, corrompu ou architecture non prise en charge) : ${message}`;
}
