// Reads the header of a GGUF file (metadata and tensor table) without loading the weights.
// Used by `tuteur model check` and by the tests of the tiny-model writer: it must give a clear
// French error on any file that is not a well-formed GGUF, never hang or allocate without bound.

import { open } from 'node:fs/promises';
import {
  GGML_TYPE_NAMES,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GgmlType,
  GgufType,
} from './gguf-format.ts';

export type GgufValue = number | bigint | boolean | string | GgufValue[];

export interface GgufKeyValue {
  key: string;
  type: GgufType;
  /** Element type when `type` is ARRAY. */
  itemType?: GgufType;
  value: GgufValue;
}

export interface GgufTensorInfo {
  name: string;
  /** ggml order: dimensions[0] is the innermost (contiguous) one. */
  dimensions: number[];
  type: number;
  typeName: string;
  /** Absolute position of the tensor data in the file. */
  fileOffset: number;
}

export interface GgufHeader {
  version: number;
  entries: GgufKeyValue[];
  metadata: Map<string, GgufValue>;
  tensors: GgufTensorInfo[];
  alignment: number;
  /** Where tensor data starts (after the header, aligned). */
  dataOffset: number;
  fileSize: number;
}

export class GgufFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GgufFormatError';
  }
}

/** Internal signal: the parsed prefix was too short, read more of the file. */
class NeedMoreBytes extends Error {}

const FIRST_READ_BYTES = 1 << 20;
/** Real headers (a 150k-token vocabulary with merges) are tens of MB; anything far beyond is corrupt. */
const MAX_HEADER_BYTES = 512 << 20;

/** Reads and validates the header of the GGUF file at `filePath`. */
export async function readGgufHeader(filePath: string): Promise<GgufHeader> {
  const handle = await open(filePath, 'r');
  try {
    const fileSize = (await handle.stat()).size;
    // Parsing restarts on a longer prefix when it runs out of bytes: simpler than an async cursor,
    // and a header is read at most a handful of times.
    let length = Math.min(fileSize, FIRST_READ_BYTES);
    for (;;) {
      const bytes = Buffer.alloc(length);
      await handle.read(bytes, 0, length, 0);
      try {
        return parseGgufHeader(bytes, fileSize);
      } catch (error) {
        if (!(error instanceof NeedMoreBytes)) throw error;
        if (length >= fileSize) throw new GgufFormatError('Fichier GGUF tronqué : l’en-tête dépasse la fin du fichier.');
        if (length >= MAX_HEADER_BYTES) throw new GgufFormatError('En-tête GGUF anormalement long : fichier corrompu ?');
        length = Math.min(fileSize, length * 4, MAX_HEADER_BYTES);
      }
    }
  } finally {
    await handle.close();
  }
}

/**
 * Parses a GGUF header from the first bytes of a file of `fileSize` bytes.
 * Throws NeedMoreBytes (internal) when `bytes` ends before the header does.
 */
function parseGgufHeader(bytes: Buffer, fileSize: number): GgufHeader {
  const cursor = new Cursor(bytes, fileSize);
  if (fileSize < 24 || bytes.toString('latin1', 0, 4) !== GGUF_MAGIC) {
    throw new GgufFormatError('Ce fichier n’est pas un modèle GGUF (signature « GGUF » absente).');
  }
  cursor.skip(4);
  const version = cursor.u32();
  // Version 1 used 32-bit counts; 2 and 3 share this layout (3 only adds big-endian support, not handled).
  if (version !== 2 && version !== 3) {
    throw new GgufFormatError(`Version GGUF ${version} non prise en charge (2 ou 3 attendue).`);
  }
  const tensorCount = cursor.count(1);
  const kvCount = cursor.count(1);

  const entries: GgufKeyValue[] = [];
  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = cursor.string();
    const type = cursor.u32();
    const entry: GgufKeyValue = { key, type: asType(type), value: 0 };
    if (type === GgufType.ARRAY) {
      const itemType = asType(cursor.u32());
      entry.itemType = itemType;
      if (itemType === GgufType.ARRAY) throw new GgufFormatError('Tableaux imbriqués non pris en charge.');
      const length = cursor.count(minimumSize(itemType));
      const items = new Array<GgufValue>(length);
      for (let j = 0; j < length; j++) items[j] = cursor.value(itemType);
      entry.value = items;
    } else {
      entry.value = cursor.value(entry.type);
    }
    entries.push(entry);
    metadata.set(key, entry.value);
  }

  const alignmentValue = metadata.get('general.alignment') ?? GGUF_DEFAULT_ALIGNMENT;
  if (typeof alignmentValue !== 'number' || alignmentValue <= 0 || alignmentValue % 8 !== 0) {
    throw new GgufFormatError('Valeur de general.alignment invalide.');
  }
  const alignment = alignmentValue;

  const rawTensors: { name: string; dimensions: number[]; type: number; offset: number }[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = cursor.string();
    const dimensionCount = cursor.u32();
    if (dimensionCount > 4) throw new GgufFormatError(`Tenseur ${name} : ${dimensionCount} dimensions (4 au plus).`);
    const dimensions: number[] = [];
    for (let d = 0; d < dimensionCount; d++) dimensions.push(cursor.u64Number());
    const type = cursor.u32();
    const offset = cursor.u64Number();
    if (offset % alignment !== 0) throw new GgufFormatError(`Tenseur ${name} : position non alignée.`);
    rawTensors.push({ name, dimensions, type, offset });
  }

  const dataOffset = alignUp(cursor.position, alignment);
  const tensors = rawTensors.map(({ name, dimensions, type, offset }) => {
    const fileOffset = dataOffset + offset;
    if (fileOffset > fileSize) throw new GgufFormatError(`Tenseur ${name} : données au-delà de la fin du fichier.`);
    return { name, dimensions, type, typeName: GGML_TYPE_NAMES[type] ?? `type ${type}`, fileOffset };
  });
  return { version, entries, metadata, tensors, alignment, dataOffset, fileSize };
}

/** Reads one F32 tensor's values (tests use it to check the written weights). */
export async function readF32Tensor(filePath: string, header: GgufHeader, name: string): Promise<Float32Array> {
  const tensor = header.tensors.find((t) => t.name === name);
  if (!tensor) throw new GgufFormatError(`Tenseur ${name} absent.`);
  if (tensor.type !== GgmlType.F32) throw new GgufFormatError(`Tenseur ${name} : type ${tensor.typeName}, F32 attendu.`);
  const elements = tensor.dimensions.reduce((a, b) => a * b, 1);
  if (tensor.fileOffset + elements * 4 > header.fileSize) {
    throw new GgufFormatError(`Tenseur ${name} : données au-delà de la fin du fichier.`);
  }
  const handle = await open(filePath, 'r');
  try {
    const values = new Float32Array(elements);
    await handle.read(new Uint8Array(values.buffer), 0, elements * 4, tensor.fileOffset);
    return values;
  } finally {
    await handle.close();
  }
}

export function alignUp(position: number, alignment: number): number {
  return Math.ceil(position / alignment) * alignment;
}

function asType(code: number): GgufType {
  if (code > GgufType.FLOAT64) throw new GgufFormatError(`Type de valeur GGUF inconnu (${code}).`);
  return code as GgufType;
}

/** Smallest encoded size of one value of `type`, to reject counts that cannot fit in the file. */
function minimumSize(type: GgufType): number {
  switch (type) {
    case GgufType.UINT8: case GgufType.INT8: case GgufType.BOOL: return 1;
    case GgufType.UINT16: case GgufType.INT16: return 2;
    case GgufType.UINT32: case GgufType.INT32: case GgufType.FLOAT32: return 4;
    default: return 8;
  }
}

/** Little-endian reads over a prefix of the file; running past the prefix asks for more bytes. */
class Cursor {
  position = 0;
  readonly bytes: Buffer;
  readonly fileSize: number;

  constructor(bytes: Buffer, fileSize: number) {
    this.bytes = bytes;
    this.fileSize = fileSize;
  }

  private take(size: number): number {
    const start = this.position;
    if (start + size > this.fileSize) throw new GgufFormatError('Fichier GGUF tronqué ou corrompu.');
    if (start + size > this.bytes.length) throw new NeedMoreBytes();
    this.position += size;
    return start;
  }

  skip(size: number): void {
    this.take(size);
  }

  u32(): number {
    return this.bytes.readUInt32LE(this.take(4));
  }

  u64Number(): number {
    const value = this.bytes.readBigUInt64LE(this.take(8));
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new GgufFormatError('Valeur 64 bits hors limites.');
    return Number(value);
  }

  /** A 64-bit count of items of at least `itemSize` bytes each, checked against what the file can hold. */
  count(itemSize: number): number {
    const value = this.u64Number();
    if (value * itemSize > this.fileSize - this.position) throw new GgufFormatError('Fichier GGUF tronqué ou corrompu.');
    return value;
  }

  string(): string {
    const length = this.count(1);
    const start = this.take(length);
    return this.bytes.toString('utf8', start, start + length);
  }

  value(type: GgufType): GgufValue {
    const b = this.bytes;
    switch (type) {
      case GgufType.UINT8: return b.readUInt8(this.take(1));
      case GgufType.INT8: return b.readInt8(this.take(1));
      case GgufType.UINT16: return b.readUInt16LE(this.take(2));
      case GgufType.INT16: return b.readInt16LE(this.take(2));
      case GgufType.UINT32: return b.readUInt32LE(this.take(4));
      case GgufType.INT32: return b.readInt32LE(this.take(4));
      case GgufType.FLOAT32: return b.readFloatLE(this.take(4));
      case GgufType.BOOL: return b.readUInt8(this.take(1)) !== 0;
      case GgufType.STRING: return this.string();
      case GgufType.UINT64: return safeNumber(b.readBigUInt64LE(this.take(8)));
      case GgufType.INT64: return safeNumber(b.readBigInt64LE(this.take(8)));
      case GgufType.FLOAT64: return b.readDoubleLE(this.take(8));
      case GgufType.ARRAY: throw new GgufFormatError('Tableaux imbriqués non pris en charge.');
    }
  }
}

/** 64-bit integers become plain numbers when exact, so callers rarely meet a bigint. */
function safeNumber(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}
