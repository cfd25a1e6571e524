// The parser in its worker thread: results and refusals cross the thread boundary unchanged, and a file that
// takes too long is stopped with a French refusal while the server's own thread stays free.
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../http/errors.ts';
import { extractIsolated } from './extract-isolated.ts';
import { documentLimits } from './limits.ts';
import { makePdf } from './testing/fixtures.ts';

const limits = documentLimits();

describe('extractIsolated', () => {
  it('returns the paragraphs read in the worker', async () => {
    const text = new TextEncoder().encode('# Les volcans\n\nLa lave est très chaude.\n\nElle refroidit en basalte.');
    const paragraphs = await extractIsolated(text, 'markdown', limits);
    expect(paragraphs.join('\n')).toContain('La lave est très chaude.');
    expect(paragraphs.join('\n')).toContain('Elle refroidit en basalte.');
  });

  it('reads a real PDF in the worker', async () => {
    const pdf = await makePdf(['Le théorème de Pythagore relie les côtés du triangle rectangle.']);
    expect((await extractIsolated(pdf, 'pdf', limits)).join(' ')).toContain('Pythagore');
  });

  it('passes a refusal made in the worker back as the same French 4xx', async () => {
    const bomb = zipSync({ 'word/document.xml': new Uint8Array(8 * 1024 * 1024) });
    const error = await extractIsolated(bomb, 'docx', limits).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 422, code: 'document_archive_suspect' });
  });

  it('stops a parse that outlasts its time limit, with a French refusal', async () => {
    const pdf = await makePdf(Array.from({ length: 200 }, (_, i) => `Paragraphe ${i} du cours sur les fonctions affines.`));
    const started = performance.now();
    const error = await extractIsolated(pdf, 'pdf', { ...limits, extractTimeoutMs: 5 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 422, code: 'document_too_complex' });
    expect((error as HttpError).message).toContain('trop complexe');
    // Given up at the deadline, not after the parse finished.
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
