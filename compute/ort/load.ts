import type * as OrtTypes from 'onnxruntime-node';

/** onnxruntime-node's module type, for the evaluators that run matrix products on it. */
export type Ort = typeof OrtTypes;

let ortModule: Promise<Ort> | undefined;

/** onnxruntime-node, imported once and only when a task needs it (listing tasks never loads it). */
export function loadOrt(): Promise<Ort> {
  ortModule ??= import('onnxruntime-node');
  return ortModule;
}

/** The same, or undefined where the native module cannot load, for callers that have a plain-JS fallback. */
export function tryLoadOrt(): Promise<Ort | undefined> {
  return loadOrt().catch(() => undefined);
}
