/**
 * A minimal protobuf writer for the few ONNX messages we need (ModelProto, GraphProto, NodeProto,
 * AttributeProto, ValueInfoProto, TensorProto), so a tiny graph can be built in memory without
 * depending on the `onnx` Python package or a protobuf library. Field numbers are from onnx/onnx.proto.
 */

/** Accumulates protobuf wire bytes. */
class Writer {
  private parts: Uint8Array[] = [];
  private len = 0;

  private push(b: Uint8Array): void {
    this.parts.push(b);
    this.len += b.length;
  }

  varint(v: number | bigint): void {
    let x = BigInt.asUintN(64, BigInt(v));
    const out: number[] = [];
    do {
      let byte = Number(x & 0x7fn);
      x >>= 7n;
      if (x !== 0n) byte |= 0x80;
      out.push(byte);
    } while (x !== 0n);
    this.push(Uint8Array.from(out));
  }

  tag(field: number, wire: 0 | 1 | 2 | 5): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, v: number | bigint): void {
    this.tag(field, 0);
    this.varint(v);
  }

  bytes(field: number, b: Uint8Array): void {
    this.tag(field, 2);
    this.varint(b.length);
    this.push(b);
  }

  string(field: number, s: string): void {
    this.bytes(field, new TextEncoder().encode(s));
  }

  message(field: number, build: (w: Writer) => void): void {
    const w = new Writer();
    build(w);
    this.bytes(field, w.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.len);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

/** onnx.TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, DOUBLE: 11 } as const;

/** A dimension: a fixed size, or a symbolic name for a dynamic one. */
export type Dim = number | string;

export interface ValueInfo {
  name: string;
  elemType: number;
  shape: readonly Dim[];
}

export type AttrValue = { int: number } | { ints: readonly number[] };

export interface NodeSpec {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attrs?: Record<string, AttrValue>;
}

export interface GraphSpec {
  name: string;
  nodes: readonly NodeSpec[];
  inputs: readonly ValueInfo[];
  outputs: readonly ValueInfo[];
  opset: number;
  irVersion: number;
}

function writeValueInfo(w: Writer, v: ValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, v.elemType);
      tensor.message(2, (shape) => {
        for (const d of v.shape) {
          shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
        }
      });
    }),
  );
}

// AttributeProto.AttributeType
const ATTR_INT = 2;
const ATTR_INTS = 7;

function writeNode(w: Writer, n: NodeSpec, index: number): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, `${n.opType}_${index}`);
  w.string(4, n.opType);
  for (const [name, v] of Object.entries(n.attrs ?? {})) {
    w.message(5, (a) => {
      a.string(1, name);
      if ('int' in v) {
        a.int(3, v.int);
        a.int(20, ATTR_INT);
      } else {
        for (const x of v.ints) a.int(8, x);
        a.int(20, ATTR_INTS);
      }
    });
  }
}

/** Serialises a graph to ONNX ModelProto bytes, ready for InferenceSession.create(bytes). */
export function encodeModel(g: GraphSpec): Uint8Array {
  const w = new Writer();
  w.int(1, g.irVersion);
  w.string(2, 'mteb-ts');
  w.message(7, (graph) => {
    g.nodes.forEach((n, i) => graph.message(1, (node) => writeNode(node, n, i)));
    graph.string(2, g.name);
    for (const v of g.inputs) graph.message(11, (vi) => writeValueInfo(vi, v));
    for (const v of g.outputs) graph.message(12, (vi) => writeValueInfo(vi, v));
  });
  w.message(8, (op) => {
    op.string(1, '');
    op.int(2, g.opset);
  });
  return w.finish();
}
