// Writes a GGUF v3 file with F32 tensors, streaming tensor data so files of hundreds of MB never sit in memory.

import { open } from 'node:fs/promises';
import { GGUF_MAGIC, GGUF_VERSION, GgmlType, GgufType } from '../gguf-format.ts';
import { alignUp } from '../gguf-reader.ts';

type Scalar = number | boolean | string;

export interface GgufEntry {
  key: string;
  type: GgufType;
  itemType?: GgufType;
  value: Scalar | readonly Scalar[];
}

/** Typed metadata entries: llama.cpp checks value types, so each key is written with the type it expects. */
export const entry = {
  u32: (key: string, value: number): GgufEntry => ({ key, type: GgufType.UINT32, value }),
  f32: (key: string, value: number): GgufEntry => ({ key, type: GgufType.FLOAT32, value }),
  bool: (key: string, value: boolean): GgufEntry => ({ key, type: GgufType.BOOL, value }),
  string: (key: string, value: string): GgufEntry => ({ key, type: GgufType.STRING, value }),
  strings: (key: string, value: readonly string[]): GgufEntry =>
    ({ key, type: GgufType.ARRAY, itemType: GgufType.STRING, value }),
  f32s: (key: string, value: readonly number[]): GgufEntry =>
    ({ key, type: GgufType.ARRAY, itemType: GgufType.FLOAT32, value }),
  i32s: (key: string, value: readonly number[]): GgufEntry =>
    ({ key, type: GgufType.ARRAY, itemType: GgufType.INT32, value }),
};

export interface F32TensorSource {
  name: string;
  /** ggml order: dims[0] is the innermost (contiguous) dimension. */
  dims: readonly number[];
  /** Fills `out` with the next `out.length` values; called in order from the first element to the last. */
  fill(out: Float32Array): void;
}

export interface GgufWriteOptions {
  entries: readonly GgufEntry[];
  tensors: readonly F32TensorSource[];
  alignment: number;
}

/** Values generated and written per step: bounds memory whatever the tensor size. */
const CHUNK_VALUES = 1 << 18;

/** Writes the file and returns its size in bytes. */
export async function writeGguf(filePath: string, { entries, tensors, alignment }: GgufWriteOptions): Promise<number> {
  const header = new HeaderBuilder();
  header.raw(Buffer.from(GGUF_MAGIC, 'latin1'));
  header.u32(GGUF_VERSION);
  header.u64(tensors.length);
  header.u64(entries.length);
  for (const e of entries) header.entry(e);

  let dataSize = 0;
  for (const tensor of tensors) {
    header.string(tensor.name);
    header.u32(tensor.dims.length);
    for (const d of tensor.dims) header.u64(d);
    header.u32(GgmlType.F32);
    header.u64(dataSize);
    dataSize = alignUp(dataSize + elementCount(tensor) * 4, alignment);
  }
  const headerBytes = header.toBuffer();
  const dataOffset = alignUp(headerBytes.length, alignment);

  const handle = await open(filePath, 'w');
  try {
    await handle.write(headerBytes, 0, headerBytes.length, 0);
    let position = dataOffset;
    const chunk = new Float32Array(CHUNK_VALUES);
    for (const tensor of tensors) {
      const total = elementCount(tensor);
      for (let done = 0; done < total; done += CHUNK_VALUES) {
        const part = chunk.subarray(0, Math.min(CHUNK_VALUES, total - done));
        tensor.fill(part);
        await handle.write(new Uint8Array(part.buffer, 0, part.byteLength), 0, part.byteLength, position);
        position += part.byteLength;
      }
      position = alignUp(position, alignment);
    }
    // The last tensor's padding is part of the data section: make the file that long (holes read as zeros).
    await handle.truncate(position);
    return position;
  } finally {
    await handle.close();
  }
}

function elementCount(tensor: F32TensorSource): number {
  return tensor.dims.reduce((a, b) => a * b, 1);
}

/** Little-endian encoder for the (small) header part of the file. */
class HeaderBuilder {
  private readonly parts: Buffer[] = [];

  raw(bytes: Buffer): void {
    this.parts.push(bytes);
  }

  u32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value);
    this.parts.push(b);
  }

  u64(value: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(value));
    this.parts.push(b);
  }

  string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.u64(bytes.length);
    this.parts.push(bytes);
  }

  entry({ key, type, itemType, value }: GgufEntry): void {
    this.string(key);
    this.u32(type);
    if (type === GgufType.ARRAY) {
      if (itemType === undefined || typeof value !== 'object') throw new Error(`GGUF array ${key}: item type and array value required`);
      this.u32(itemType);
      this.u64(value.length);
      for (const item of value) this.scalar(itemType, item, key);
    } else {
      if (typeof value === 'object') throw new Error(`GGUF ${key}: array value for a scalar type`);
      this.scalar(type, value, key);
    }
  }

  private scalar(type: GgufType, value: Scalar, key: string): void {
    if (type === GgufType.STRING && typeof value === 'string') {
      this.string(value);
    } else if (type === GgufType.BOOL && typeof value === 'boolean') {
      this.parts.push(Buffer.from([value ? 1 : 0]));
    } else if (typeof value === 'number' && (type === GgufType.UINT32 || type === GgufType.INT32 || type === GgufType.FLOAT32)) {
      const b = Buffer.alloc(4);
      if (type === GgufType.UINT32) b.writeUInt32LE(value);
      else if (type === GgufType.INT32) b.writeInt32LE(value);
      else b.writeFloatLE(value);
      this.parts.push(b);
    } else {
      throw new Error(`GGUF ${key}: value ${String(value)} cannot be written as type ${type}`);
    }
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}
