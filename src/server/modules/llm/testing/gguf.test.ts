import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GgufType, TokenKind } from '../gguf-format.ts';
import { GgufFormatError, readF32Tensor, readGgufHeader } from '../gguf-reader.ts';
import { CHATML_TEMPLATE, writeTinyLlamaGguf } from './tiny-gguf.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
const storiesPath = path.resolve(repoRoot, '..', 'shared', 'models', 'stories260K.gguf');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tuteur-gguf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeTinyLlamaGguf', () => {
  it('writes a GGUF v3 whose header reads back with every key, type and tensor', async () => {
    const file = path.join(dir, 'tiny.gguf');
    const info = await writeTinyLlamaGguf(file, { seed: 3, embedding: 32, layers: 3, vocabExtra: ['▁photosynthèse'] });
    const header = await readGgufHeader(file);

    expect(header.version).toBe(3);
    expect(header.alignment).toBe(32);
    expect(header.dataOffset % 32).toBe(0);
    expect(header.fileSize).toBe(info.bytes);
    const meta = header.metadata;
    expect(meta.get('general.architecture')).toBe('llama');
    expect(meta.get('llama.embedding_length')).toBe(32);
    expect(meta.get('llama.block_count')).toBe(3);
    expect(meta.get('llama.rope.dimension_count')).toBe(8);
    expect(meta.get('tokenizer.ggml.model')).toBe('llama');
    expect(meta.get('tokenizer.chat_template')).toBe(CHATML_TEMPLATE);
    expect(header.entries.find((e) => e.key === 'llama.attention.layer_norm_rms_epsilon')?.type).toBe(GgufType.FLOAT32);
    expect(header.entries.find((e) => e.key === 'tokenizer.ggml.token_type')?.itemType).toBe(GgufType.INT32);

    const tokens = meta.get('tokenizer.ggml.tokens') as string[];
    expect(tokens).toHaveLength(info.vocabSize);
    expect(tokens.slice(0, 3)).toEqual(['<unk>', '<s>', '</s>']);
    expect(tokens).toContain('<0x00>');
    expect(tokens).toContain('<0xFF>');
    expect(tokens).toContain('▁photosynthèse');
    expect(new Set(tokens).size).toBe(tokens.length);

    expect(header.tensors).toHaveLength(info.tensorCount);
    expect(header.tensors.every((t) => t.typeName === 'F32' && t.fileOffset % 32 === 0)).toBe(true);
    const shape = (name: string) => header.tensors.find((t) => t.name === name)?.dimensions;
    expect(shape('token_embd.weight')).toEqual([32, info.vocabSize]);
    expect(shape('blk.2.attn_k.weight')).toEqual([32, 16]);
    expect(shape('blk.2.ffn_down.weight')).toEqual([128, 32]);
    const elements = header.tensors.reduce((sum, t) => sum + t.dimensions.reduce((a, b) => a * b, 1), 0);
    expect(elements).toBe(info.parameterCount);
  });

  it('is parsed the same way by node-llama-cpp’s own GGUF reader', async () => {
    const file = path.join(dir, 'cross.gguf');
    const info = await writeTinyLlamaGguf(file);
    const theirs = await readGgufFileInfo(file, { sourceType: 'filesystem' });
    expect(theirs.version).toBe(3);
    expect(theirs.metadata.general.architecture).toBe('llama');
    expect(theirs.metadata.tokenizer.ggml.tokens).toHaveLength(info.vocabSize);
    expect(theirs.fullTensorInfo).toHaveLength(info.tensorCount);
  });

  it('is deterministic from the seed, and the output layer never favours control or byte tokens', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((name) => path.join(dir, `${name}.gguf`)) as [string, string, string];
    await writeTinyLlamaGguf(a, { seed: 5 });
    await writeTinyLlamaGguf(b, { seed: 5 });
    await writeTinyLlamaGguf(c, { seed: 6 });
    expect((await readFile(a)).equals(await readFile(b))).toBe(true);
    expect((await readFile(a)).equals(await readFile(c))).toBe(false);

    const header = await readGgufHeader(a);
    const embedding = header.metadata.get('llama.embedding_length') as number;
    const kinds = header.metadata.get('tokenizer.ggml.token_type') as number[];
    const output = await readF32Tensor(a, header, 'output.weight');
    const row = (token: number) => output.subarray(token * embedding, (token + 1) * embedding);
    const normal = kinds.findIndex((kind) => kind === TokenKind.NORMAL);
    expect(row(normal).some((x) => x !== 0)).toBe(true);
    for (const token of [0, 1, 2, kinds.indexOf(TokenKind.BYTE)]) expect(row(token).every((x) => x === 0)).toBe(true);
    expect(Array.from(await readF32Tensor(a, header, 'output_norm.weight'))).toEqual(new Array(embedding).fill(1));
  });
});

describe('readGgufHeader', () => {
  it('rejects a file that is not a GGUF with a French message', async () => {
    const file = path.join(dir, 'notes.txt');
    await writeFile(file, 'Ceci est un devoir de français, pas un modèle.');
    await expect(readGgufHeader(file)).rejects.toThrow(new GgufFormatError('Ce fichier n’est pas un modèle GGUF (signature « GGUF » absente).'));
  });

  it('rejects a GGUF whose header is cut short instead of reading past the end', async () => {
    const whole = path.join(dir, 'whole.gguf');
    await writeTinyLlamaGguf(whole);
    const cut = path.join(dir, 'cut.gguf');
    await writeFile(cut, (await readFile(whole)).subarray(0, 2000));
    await expect(readGgufHeader(cut)).rejects.toBeInstanceOf(GgufFormatError);
  });

  it.runIf(existsSync(storiesPath))('reads the reference stories260K model', async () => {
    const header = await readGgufHeader(storiesPath);
    expect(header.metadata.get('general.architecture')).toBe('llama');
    expect(header.metadata.get('llama.block_count')).toBe(5);
    expect(header.metadata.get('tokenizer.ggml.tokens')).toHaveLength(512);
    expect(header.tensors.map((t) => t.name)).toContain('blk.4.ffn_up.weight');
  });
});
