// Runs the document parser in a worker thread with a time limit and its own heap limit. Parsing a PDF or an
// office archive is CPU-heavy and the file is untrusted: a file crafted to be slow or to exhaust memory must
// stop its own worker, not freeze or crash the server that is streaming pupils' answers. Uploads are rare,
// so a fresh worker per file (tens of milliseconds to start) is simpler and safer than a pool.
import { Worker } from 'node:worker_threads';
import { HttpError } from '../../http/errors.ts';
import type { DocumentKind } from './detect.ts';
import type { ExtractJob, ExtractResult } from './extract-worker.ts';
import { refuse, type DocumentLimits } from './limits.ts';

/** A parser failure that is not a refusal of ours (bug or hostile file): the caller turns it into a 422. */
export class ParserFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParserFailedError';
  }
}

const WORKER_URL = new URL('./extract-worker.ts', import.meta.url);

export function extractIsolated(bytes: Uint8Array, kind: DocumentKind, limits: DocumentLimits): Promise<string[]> {
  const job: ExtractJob = { bytes: new Uint8Array(bytes), kind, limits };
  const worker = new Worker(WORKER_URL, { workerData: job, transferList: [job.bytes.buffer as ArrayBuffer], resourceLimits: { maxOldGenerationSizeMb: limits.extractHeapMb } });
  return new Promise<string[]>((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
      void worker.terminate();
    };
    const timer = setTimeout(() => settle(() => reject(refuse.tooComplex())), limits.extractTimeoutMs);
    worker.once('message', (result: ExtractResult) =>
      settle(() => {
        if (result.ok) resolve(result.paragraphs);
        else if ('refusal' in result) reject(new HttpError(result.refusal.status, result.refusal.code, result.refusal.message));
        else reject(new ParserFailedError(`${result.failure.name}: ${result.failure.message}`));
      }),
    );
    // Out of heap (ERR_WORKER_OUT_OF_MEMORY) or a crash inside the parser.
    worker.once('error', (error: Error) => settle(() => reject(error.message.includes('memory') ? refuse.tooComplex() : new ParserFailedError(error.message))));
    worker.once('exit', (code) => settle(() => reject(new ParserFailedError(`le lecteur s’est arrêté (code ${code})`))));
  });
}
