// Test helper: writes a small Llama-architecture GGUF with random weights (deterministic from a seed)
// that llama.cpp loads and generates from, so the embedded provider is tested without shipping a model.
// Keys, tensor names and shapes follow what llama.cpp reads for the "llama" architecture.

import { GGUF_DEFAULT_ALIGNMENT, TokenKind } from '../gguf-format.ts';
import { entry, writeGguf, type F32TensorSource, type GgufEntry } from './gguf-writer.ts';
import { SPECIAL_TOKENS, buildVocabulary, type Vocabulary } from './tiny-vocab.ts';

export interface TinyLlamaOptions {
  /** Same seed and options give a byte-identical file. */
  seed?: number;
  embedding?: number;
  layers?: number;
  feedForward?: number;
  heads?: number;
  kvHeads?: number;
  contextLength?: number;
  /** Extra SentencePiece pieces, e.g. "▁photosynthèse" (word start marked by ▁). */
  vocabExtra?: readonly string[];
  /** Jinja chat template stored in the file; null writes none (node-llama-cpp then falls back to its own). */
  chatTemplate?: string | null;
  name?: string;
}

export interface TinyLlamaInfo {
  filePath: string;
  bytes: number;
  parameterCount: number;
  vocabSize: number;
  tensorCount: number;
  contextLength: number;
}

/** ChatML, the format of many instruct models; written with a BOS first so the template uses a variable. */
export const CHATML_TEMPLATE =
  "{{ bos_token }}{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}" +
  "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** About 100 million parameters (~390 MB of F32): big enough for generation to be memory-bound, for benchmarks. */
export const LLAMA_100M_OPTIONS: TinyLlamaOptions = {
  embedding: 768,
  layers: 12,
  feedForward: 2816,
  heads: 12,
  kvHeads: 4,
};

export async function writeTinyLlamaGguf(filePath: string, options: TinyLlamaOptions = {}): Promise<TinyLlamaInfo> {
  const {
    seed = 1,
    embedding = 64,
    layers = 2,
    feedForward = 128,
    heads = 4,
    kvHeads = 2,
    contextLength = 2048,
    vocabExtra = [],
    chatTemplate = CHATML_TEMPLATE,
    name = 'tuteur-tiny-llama',
  } = options;
  if (embedding % heads !== 0 || heads % kvHeads !== 0 || (embedding / heads) % 2 !== 0) {
    throw new Error('writeTinyLlamaGguf: embedding must split into heads of even size, and heads into kvHeads groups');
  }
  const headSize = embedding / heads;
  const vocab = buildVocabulary(vocabExtra);

  const entries: GgufEntry[] = [
    entry.string('general.architecture', 'llama'),
    entry.string('general.name', name),
    entry.u32('general.alignment', GGUF_DEFAULT_ALIGNMENT),
    entry.u32('llama.context_length', contextLength),
    entry.u32('llama.embedding_length', embedding),
    entry.u32('llama.block_count', layers),
    entry.u32('llama.feed_forward_length', feedForward),
    entry.u32('llama.attention.head_count', heads),
    entry.u32('llama.attention.head_count_kv', kvHeads),
    entry.u32('llama.rope.dimension_count', headSize),
    entry.f32('llama.rope.freq_base', 10000),
    entry.f32('llama.attention.layer_norm_rms_epsilon', 1e-5),
    entry.u32('llama.vocab_size', vocab.tokens.length),
    ...tokenizerEntries(vocab),
    ...(chatTemplate === null ? [] : [entry.string('tokenizer.chat_template', chatTemplate)]),
  ];

  const tensors = llamaTensors({ seed, embedding, layers, feedForward, kvSize: kvHeads * headSize, vocab });
  const bytes = await writeGguf(filePath, { entries, tensors, alignment: GGUF_DEFAULT_ALIGNMENT });
  const parameterCount = tensors.reduce((sum, t) => sum + t.dims.reduce((a, b) => a * b, 1), 0);
  return { filePath, bytes, parameterCount, vocabSize: vocab.tokens.length, tensorCount: tensors.length, contextLength };
}

function tokenizerEntries(vocab: Vocabulary): GgufEntry[] {
  return [
    entry.string('tokenizer.ggml.model', 'llama'),
    entry.strings('tokenizer.ggml.tokens', vocab.tokens),
    entry.f32s('tokenizer.ggml.scores', vocab.scores),
    entry.i32s('tokenizer.ggml.token_type', vocab.kinds),
    entry.u32('tokenizer.ggml.unknown_token_id', vocab.unknownId),
    entry.u32('tokenizer.ggml.bos_token_id', vocab.bosId),
    entry.u32('tokenizer.ggml.eos_token_id', vocab.eosId),
    // ChatML ends a turn with <|im_end|>: declaring it end-of-turn makes it stop generation like a real instruct model.
    entry.u32('tokenizer.ggml.eot_token_id', vocab.tokens.indexOf(SPECIAL_TOKENS.imEnd)),
    entry.bool('tokenizer.ggml.add_bos_token', true),
    entry.bool('tokenizer.ggml.add_eos_token', false),
  ];
}

interface LlamaShape {
  seed: number;
  embedding: number;
  layers: number;
  feedForward: number;
  kvSize: number;
  vocab: Vocabulary;
}

/** The tensors llama.cpp expects for the llama architecture, in the order llama.cpp's converter writes them. */
function llamaTensors({ seed, embedding: e, layers, feedForward: f, kvSize, vocab }: LlamaShape): F32TensorSource[] {
  const v = vocab.tokens.length;
  let index = 0;
  // Each tensor has its own random stream, so its values do not depend on the sizes of the tensors before it.
  const random = (name: string, dims: readonly number[], scale: number): F32TensorSource =>
    uniformTensor(name, dims, scale, mixSeed(seed, index++));
  // Uniform in ±sqrt(3/n) has standard deviation 1/sqrt(n): activations keep a unit scale through each matrix.
  const matrix = (name: string, inputs: number, outputs: number): F32TensorSource =>
    random(name, [inputs, outputs], Math.sqrt(3 / inputs));

  const tensors: F32TensorSource[] = [
    random('token_embd.weight', [e, v], 1),
    onesTensor('output_norm.weight', [e]),
    outputTensor(e, vocab, mixSeed(seed, index++)),
  ];
  for (let layer = 0; layer < layers; layer++) {
    const blk = `blk.${layer}`;
    tensors.push(
      matrix(`${blk}.attn_q.weight`, e, e),
      matrix(`${blk}.attn_k.weight`, e, kvSize),
      matrix(`${blk}.attn_v.weight`, e, kvSize),
      matrix(`${blk}.attn_output.weight`, e, e),
      onesTensor(`${blk}.attn_norm.weight`, [e]),
      matrix(`${blk}.ffn_gate.weight`, e, f),
      matrix(`${blk}.ffn_down.weight`, f, e),
      matrix(`${blk}.ffn_up.weight`, e, f),
      onesTensor(`${blk}.ffn_norm.weight`, [e]),
    );
  }
  return tensors;
}

/**
 * The output projection gives word pieces logits with a spread of about 4 and every other token
 * (control, byte, unknown) a logit of 0, so the random model writes word-like text and seldom ends a turn:
 * tests then get streamed output of the length they ask for.
 */
function outputTensor(embedding: number, vocab: Vocabulary, seed: number): F32TensorSource {
  const next = mulberry32(seed);
  const scale = 4 * Math.sqrt(3 / embedding);
  let position = 0;
  return {
    name: 'output.weight',
    dims: [embedding, vocab.tokens.length],
    fill(out) {
      for (let i = 0; i < out.length; i++, position++) {
        const token = Math.floor(position / embedding);
        const value = (next() * 2 - 1) * scale;
        out[i] = vocab.kinds[token] === TokenKind.NORMAL ? value : 0;
      }
    },
  };
}

function uniformTensor(name: string, dims: readonly number[], scale: number, seed: number): F32TensorSource {
  const next = mulberry32(seed);
  return {
    name,
    dims,
    fill(out) {
      for (let i = 0; i < out.length; i++) out[i] = (next() * 2 - 1) * scale;
    },
  };
}

function onesTensor(name: string, dims: readonly number[]): F32TensorSource {
  return { name, dims, fill: (out) => out.fill(1) };
}

function mixSeed(seed: number, stream: number): number {
  return Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35);
}

/** Small, fast, deterministic PRNG (mulberry32): uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
