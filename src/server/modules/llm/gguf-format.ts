// Constants of the GGUF file format (shared by the reader and the writer), from the GGUF specification.

export const GGUF_MAGIC = 'GGUF';
export const GGUF_VERSION = 3;
/** Used when a file has no `general.alignment` key. */
export const GGUF_DEFAULT_ALIGNMENT = 32;

/** Type codes of metadata values. */
export const GgufType = {
  UINT8: 0,
  INT8: 1,
  UINT16: 2,
  INT16: 3,
  UINT32: 4,
  INT32: 5,
  FLOAT32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  UINT64: 10,
  INT64: 11,
  FLOAT64: 12,
} as const;
export type GgufType = (typeof GgufType)[keyof typeof GgufType];

/** Tensor element types that matter here; other codes are reported by number only. */
export const GgmlType = {
  F32: 0,
  F16: 1,
} as const;

/** Names of the ggml tensor types, for reports (`tuteur model check`); index = type code. */
export const GGML_TYPE_NAMES: readonly (string | undefined)[] = [
  'F32', 'F16', 'Q4_0', 'Q4_1', undefined, undefined, 'Q5_0', 'Q5_1', 'Q8_0', 'Q8_1',
  'Q2_K', 'Q3_K', 'Q4_K', 'Q5_K', 'Q6_K', 'Q8_K', 'IQ2_XXS', 'IQ2_XS', 'IQ3_XXS', 'IQ1_S',
  'IQ4_NL', 'IQ3_S', 'IQ2_S', 'IQ4_XS', 'I8', 'I16', 'I32', 'I64', 'F64', 'IQ1_M', 'BF16',
  undefined, undefined, undefined, 'TQ1_0', 'TQ2_0', undefined, undefined, undefined, 'MXFP4',
];

/** SentencePiece token kinds stored in `tokenizer.ggml.token_type`. */
export const TokenKind = {
  NORMAL: 1,
  UNKNOWN: 2,
  CONTROL: 3,
  USER_DEFINED: 4,
  UNUSED: 5,
  BYTE: 6,
} as const;
