// Worker-thread entry of the document parser (see extract-isolated.ts): reads one file, posts its
// paragraphs or the refusal, then exits. It holds no database handle, key or session.
import { parentPort, workerData } from 'node:worker_threads';
import { HttpError } from '../../http/errors.ts';
import type { DocumentKind } from './detect.ts';
import { extractBlocks } from './extract.ts';
import type { DocumentLimits } from './limits.ts';

export interface ExtractJob {
  bytes: Uint8Array;
  kind: DocumentKind;
  limits: DocumentLimits;
}

export type ExtractResult =
  | { ok: true; paragraphs: string[] }
  | { ok: false; refusal: { status: number; code: string; message: string } }
  | { ok: false; failure: { name: string; message: string } };

const job = workerData as ExtractJob;
let result: ExtractResult;
try {
  result = { ok: true, paragraphs: await extractBlocks(job.bytes, job.kind, job.limits) };
} catch (error) {
  result =
    error instanceof HttpError
      ? { ok: false, refusal: { status: error.status, code: error.code, message: error.message } }
      : { ok: false, failure: { name: (error as Error).name, message: (error as Error).message } };
}
parentPort?.postMessage(result);
