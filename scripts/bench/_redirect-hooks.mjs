// Module hooks for bench encode-upgrade's child processes: the bare specifiers '@huggingface/transformers' and
// 'onnxruntime-node' resolve from another node_modules folder (data.dir), so the same source runs on another
// installed version. Everything those packages import resolves from their own location.
import { pathToFileURL } from 'node:url';

let parentURL;
export function initialize(data) {
  parentURL = pathToFileURL(`${data.dir}/node_modules/_bench_parent.js`).href;
}

export function resolve(specifier, context, next) {
  if (parentURL && (specifier === '@huggingface/transformers' || specifier === 'onnxruntime-node')) return next(specifier, { ...context, parentURL });
  return next(specifier, context);
}
