import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../core/atomic.js';
import type { Matrix } from '../core/matrix.js';

/**
 * NumPy .npy (format 1.0/2.0/3.0) for 2-D little-endian float32 (and float64/float16, converted) matrices.
 * The header is a Python dict literal padded so the data starts at a multiple of 64 bytes.
 */
const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);

export class NpyError extends Error {}

export function parseNpy(buf: Buffer, file = '<buffer>'): Matrix {
  if (buf.length < 10 || !buf.subarray(0, 6).equals(MAGIC)) throw new NpyError(`${file}: not a .npy file (bad magic)`);
  const major = buf[6]!;
  let headerLen: number;
  let offset: number;
  if (major === 1) {
    headerLen = buf.readUInt16LE(8);
    offset = 10;
  } else if (major === 2 || major === 3) {
    headerLen = buf.readUInt32LE(8);
    offset = 12;
  } else throw new NpyError(`${file}: unsupported .npy version ${major}`);
  const header = buf.subarray(offset, offset + headerLen).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeStr = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeStr === undefined) throw new NpyError(`${file}: malformed .npy header: ${header.trim()}`);
  const shape = shapeStr
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (shape.length !== 2) throw new NpyError(`${file}: expected a 2-D array [N, D], got shape (${shape.join(', ')})`);
  if (fortran === 'True') throw new NpyError(`${file}: Fortran-order arrays are not supported; save with np.ascontiguousarray`);
  const [rows, cols] = shape as [number, number];
  const n = rows * cols;
  const dataStart = offset + headerLen;
  const body = buf.subarray(dataStart);
  const out = new Float32Array(n);
  if (descr === '<f4' || descr === '|f4') {
    need(body, n * 4, file);
    const view = new DataView(body.buffer, body.byteOffset, n * 4);
    for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
  } else if (descr === '<f8') {
    need(body, n * 8, file);
    const view = new DataView(body.buffer, body.byteOffset, n * 8);
    for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true);
  } else if (descr === '<f2') {
    need(body, n * 2, file);
    for (let i = 0; i < n; i++) out[i] = halfToFloat(body.readUInt16LE(i * 2));
  } else throw new NpyError(`${file}: unsupported dtype ${descr} (use float32)`);
  return { rows, cols, data: out };
}

function need(body: Buffer, bytes: number, file: string): void {
  if (body.length < bytes) throw new NpyError(`${file}: truncated data: ${body.length} bytes, header promises ${bytes}`);
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

export function readNpy(file: string): Matrix {
  return parseNpy(readFileSync(file), file);
}

export function encodeNpy(m: Matrix): Buffer {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${m.rows}, ${m.cols}), }`;
  const total = MAGIC.length + 4 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const pre = Buffer.alloc(10);
  MAGIC.copy(pre, 0);
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  const body = Buffer.alloc(m.rows * m.cols * 4);
  for (let i = 0; i < m.data.length; i++) body.writeFloatLE(m.data[i]!, i * 4);
  return Buffer.concat([pre, Buffer.from(header, 'latin1'), body]);
}

export function writeNpy(file: string, m: Matrix): void {
  writeFileAtomic(file, encodeNpy(m));
}
