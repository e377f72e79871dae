/**
 * A minimal safetensors reader (the format: u64 little-endian header length, a JSON header mapping tensor names to
 * {dtype, shape, data_offsets}, then the raw little-endian data). Only the tensors asked for are read; float16,
 * bfloat16, float64 and integer tensors are converted to float32 / int32 as numpy would cast them.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { ModelError } from '../../core/errors.js';

export interface TensorInfo {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

const BYTES: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

function readExact(fd: number, len: number, pos: number, file: string, model: string): Buffer {
  const buf = Buffer.alloc(len);
  let off = 0;
  while (off < len) {
    const n = readSync(fd, buf, off, Math.min(len - off, 1 << 30), pos + off);
    if (n <= 0) throw new ModelError(`the safetensors file ends early (needed ${len} bytes at ${pos})`, { model, file, offset: pos + off });
    off += n;
  }
  return buf;
}

/** float16 bits -> number. */
function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

export class SafetensorsFile {
  readonly header: Record<string, TensorInfo>;
  private readonly dataStart: number;

  constructor(
    readonly file: string,
    private readonly model: string,
  ) {
    const size = statSync(file).size;
    const fd = openSync(file, 'r');
    try {
      if (size < 8) throw new ModelError('not a safetensors file (shorter than its 8-byte header length)', { model, file, offset: 0 });
      const n = Number(readExact(fd, 8, 0, file, model).readBigUInt64LE(0));
      if (n <= 0 || 8 + n > size)
        throw new ModelError(`not a safetensors file (header length ${n} for a ${size}-byte file)`, { model, file, offset: 0 });
      let header: unknown;
      try {
        header = JSON.parse(readExact(fd, n, 8, file, model).toString('utf8'));
      } catch {
        throw new ModelError('not a safetensors file (its header is not JSON)', { model, file, offset: 8 });
      }
      const h = { ...(header as Record<string, TensorInfo>) };
      delete (h as Record<string, unknown>).__metadata__;
      this.header = h;
      this.dataStart = 8 + n;
      for (const [name, t] of Object.entries(h)) {
        const [a, b] = t.data_offsets ?? [];
        const count = t.shape.reduce((x, y) => x * y, 1);
        if (BYTES[t.dtype] === undefined) continue;
        if (a === undefined || b === undefined || b - a !== count * BYTES[t.dtype]! || this.dataStart + b > size) {
          throw new ModelError(`tensor "${name}" has inconsistent offsets/shape in the header (the file may be truncated)`, {
            model,
            file,
            offset: this.dataStart + (a ?? 0),
          });
        }
      }
    } finally {
      closeSync(fd);
    }
  }

  has(name: string): boolean {
    return name in this.header;
  }

  /** A tensor as float32 values (row-major) with its shape. */
  readFloat(name: string): { shape: number[]; data: Float32Array } {
    const t = this.header[name];
    if (!t)
      throw new ModelError(`the safetensors file has no tensor "${name}" (it has: ${Object.keys(this.header).join(', ')})`, {
        model: this.model,
        file: this.file,
      });
    const bytes = BYTES[t.dtype];
    if (bytes === undefined) throw new ModelError(`tensor "${name}" has unsupported dtype ${t.dtype}`, { model: this.model, file: this.file });
    const count = t.shape.reduce((x, y) => x * y, 1);
    const fd = openSync(this.file, 'r');
    let raw: Buffer;
    try {
      raw = readExact(fd, count * bytes, this.dataStart + t.data_offsets[0], this.file, this.model);
    } finally {
      closeSync(fd);
    }
    const out = new Float32Array(count);
    switch (t.dtype) {
      case 'F32':
        new Uint8Array(out.buffer).set(raw);
        break;
      case 'F64':
        for (let i = 0; i < count; i++) out[i] = raw.readDoubleLE(i * 8);
        break;
      case 'F16':
        for (let i = 0; i < count; i++) out[i] = halfToFloat(raw.readUInt16LE(i * 2));
        break;
      case 'BF16': {
        const u = new Uint32Array(out.buffer);
        for (let i = 0; i < count; i++) u[i] = raw.readUInt16LE(i * 2) << 16;
        break;
      }
      case 'I64':
        for (let i = 0; i < count; i++) out[i] = Number(raw.readBigInt64LE(i * 8));
        break;
      case 'I32':
        for (let i = 0; i < count; i++) out[i] = raw.readInt32LE(i * 4);
        break;
      case 'I16':
        for (let i = 0; i < count; i++) out[i] = raw.readInt16LE(i * 2);
        break;
      case 'I8':
        for (let i = 0; i < count; i++) out[i] = raw.readInt8(i);
        break;
      default:
        for (let i = 0; i < count; i++) out[i] = raw[i]!;
    }
    return { shape: t.shape, data: out };
  }
}
