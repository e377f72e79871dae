/**
 * `cross-encoder:<repo|path>`: a sequence-classification model scoring (query, document) pairs through
 * transformers.js, as sentence-transformers' CrossEncoder.predict does (sentence_transformers/cross_encoder/
 * CrossEncoder.py) and as mteb calls it (CrossEncoderWrapper.predict in mteb/models/sentence_transformer_wrapper.py,
 * used by SearchCrossEncoderWrapper on each query's candidates):
 *   - pairs tokenized with padding and truncation=True, i.e. 'longest_first' as the fast tokenizer does it
 *     (tokenizers' truncate_encodings: the shorter side kept when it fits in half the budget), to max_length =
 *     tokenizer model_max_length capped by max_position_embeddings (or ?max_length=N / --max-seq-length);
 *   - the activation applied to the logits: config.json's sentence_transformers.activation_fn (or the older
 *     sbert_ce_default_activation_function), else Sigmoid for one label and Identity otherwise;
 *   - mteb's query/passage prefixes from --prompts {"query": ..., "document": ...}.
 * It serves Reranking tasks (their top_ranked candidates) and Retrieval tasks given a first stage
 * (runners/first-stage.ts: --first-stage <prediction folder> | bm25).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EncodeContext, Encoder, ModelMeta, RetrievalRequest } from '../core/encoder.js';
import { ConfigError, ModelError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { splitSpec } from './api-encoder.js';
import { checkDevice } from './device.js';
import type { ModelOptions } from './options.js';
import { type PromptMap, parsePromptsOption } from './prompts.js';
import { fetchHubModel } from './sentence-transformers/hub-snapshot.js';
import { encodeBodyAtLeast } from './sentence-transformers/tokenize.js';
import { resolveSource } from './transformers.js';

type TF = typeof import('@huggingface/transformers');

interface PairTokenizer {
  encode(text: string, opts?: { add_special_tokens?: boolean }): number[];
  _encode_plus(
    text: string,
    opts: { text_pair?: string | null; add_special_tokens?: boolean; return_token_type_ids?: boolean },
  ): { input_ids: number[]; token_type_ids?: number[] };
  pad_token_id?: number | null;
  model_max_length?: number;
}

/** Activations sentence-transformers stores by class path (torch.nn.*). */
const ACTIVATIONS: Record<string, (x: number) => number> = {
  Sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  Identity: (x) => x,
  Tanh: (x) => Math.tanh(x),
  ReLU: (x) => Math.max(0, x),
};

/** Where the special tokens of a pair go: prefix, A, middle, B, suffix, with each part's token type. */
interface PairLayout {
  prefix: number[];
  middle: number[];
  suffix: number[];
  types: { prefix: number[]; a: number; middle: number[]; b: number; suffix: number[] };
}

function probeLayout(tok: PairTokenizer, model: string): PairLayout {
  const a = tok.encode('a', { add_special_tokens: false });
  const b = tok.encode('b', { add_special_tokens: false });
  const full = tok._encode_plus('a', { text_pair: 'b', add_special_tokens: true, return_token_type_ids: true });
  const ids = full.input_ids;
  const types = full.token_type_ids ?? ids.map(() => 0);
  const at = (needle: number[], from: number) => {
    for (let i = from; i <= ids.length - needle.length; i++) if (needle.every((x, k) => ids[i + k] === x)) return i;
    return -1;
  };
  const ia = at(a, 0);
  const ib = ia < 0 ? -1 : at(b, ia + a.length);
  if (ia < 0 || ib < 0) throw new ModelError('cannot find how the tokenizer joins a pair of texts (its post-processor rewrites them)', { model });
  return {
    prefix: ids.slice(0, ia),
    middle: ids.slice(ia + a.length, ib),
    suffix: ids.slice(ib + b.length),
    types: { prefix: types.slice(0, ia), a: types[ia]!, middle: types.slice(ia + a.length, ib), b: types[ib]!, suffix: types.slice(ib + b.length) },
  };
}

/** tokenizers' TruncationStrategy::LongestFirst for a pair; `max` excludes the special tokens. */
export function truncatePair(a: number[], b: number[], max: number): [number[], number[]] {
  if (a.length + b.length <= max) return [a, b];
  let n1 = a.length;
  let n2 = b.length;
  const swap = n1 > n2;
  if (swap) [n1, n2] = [n2, n1];
  n2 = n1 > max ? n1 : Math.max(n1, max - n1);
  if (n1 + n2 > max) {
    n1 = Math.floor(max / 2);
    n2 = n1 + (max % 2);
  }
  if (swap) [n1, n2] = [n2, n1];
  return [a.slice(0, n1), b.slice(0, n2)];
}

export interface CrossEncoderOptions extends ModelOptions {
  maxSeqLength?: number;
  device?: string;
}

export async function create(spec: string, opts: CrossEncoderOptions = {}): Promise<Encoder> {
  const { name: where, query } = splitSpec(spec);
  const modelId = `cross-encoder:${spec}`;
  if (!where.trim())
    throw new ConfigError('cross-encoder: needs a hub repo or a folder, e.g. cross-encoder:cross-encoder/ms-marco-MiniLM-L6-v2', { model: modelId });
  for (const k of query.keys())
    if (k !== 'max_length') throw new ConfigError(`unknown model option "${k}"`, { model: modelId, hint: 'options: max_length' });
  const dtype = (opts.dtype ?? 'fp32').toLowerCase();
  const suffix = ({ fp32: '', fp16: '_fp16', q8: '_quantized' } as Record<string, string>)[dtype];
  if (suffix === undefined) throw new ConfigError(`unknown --dtype ${opts.dtype}`, { model: modelId, hint: 'use fp32, fp16 or q8' });
  const device = checkDevice(opts.device, modelId);
  let tf: TF;
  try {
    tf = await import('@huggingface/transformers');
  } catch (e) {
    throw new ModelError(`cannot load @huggingface/transformers: ${(e as Error).message}`, { model: modelId });
  }
  const { source: loc } = resolveSource(where, opts);
  let dir: string;
  let name: string;
  let revision: string | undefined;
  let commit: string | undefined;
  if (loc.kind === 'hub') {
    const onnx = `onnx/model${suffix}.onnx`;
    const snap = await fetchHubModel(
      loc.repo,
      loc.revision,
      onnx,
      loc.hub,
      loc.label,
      (present) => `the repo has ${present.join(', ')}; pick --dtype accordingly`,
    );
    dir = snap.dir;
    name = loc.repo;
    revision = commit = snap.commit;
  } else {
    dir = loc.dir;
    name = loc.label;
    revision = /snapshots[\\/]([0-9a-f]{40})/.exec(dir)?.[1];
  }
  const onnxFile = join(dir, 'onnx', `model${suffix}.onnx`);
  if (!existsSync(onnxFile))
    throw new ModelError(`the model has no onnx/model${suffix}.onnx`, {
      model: modelId,
      file: onnxFile,
      hint: 'export it with optimum (sequence classification), or pick another --dtype',
    });
  const configFile = join(dir, 'config.json');
  if (!existsSync(configFile)) throw new ModelError('the model has no config.json', { model: modelId, file: configFile });
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as {
    num_labels?: number;
    id2label?: Record<string, string>;
    max_position_embeddings?: number;
    sentence_transformers?: { activation_fn?: string };
    sbert_ce_default_activation_function?: string | null;
  };
  const numLabels = config.num_labels ?? (config.id2label ? Object.keys(config.id2label).length : 2);
  if (numLabels !== 1) {
    throw new ModelError(`the model has ${numLabels} labels; ranking needs a one-label (relevance score) cross-encoder`, {
      model: modelId,
      file: configFile,
    });
  }
  const actPath = config.sentence_transformers?.activation_fn ?? config.sbert_ce_default_activation_function ?? null;
  const actName = actPath ? actPath.split('.').pop()! : 'Sigmoid';
  const activation = ACTIVATIONS[actName];
  if (!activation)
    throw new ModelError(`activation ${actPath} is not supported (${Object.keys(ACTIVATIONS).join(', ')})`, { model: modelId, file: configFile });

  const env = tf.env as unknown as { allowRemoteModels: boolean; allowLocalModels: boolean; localModelPath: string };
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = '';
  let tokenizer: PairTokenizer;
  let model: Awaited<ReturnType<TF['AutoModelForSequenceClassification']['from_pretrained']>>;
  try {
    tokenizer = (await tf.AutoTokenizer.from_pretrained(dir, { local_files_only: true })) as unknown as PairTokenizer;
    const sessionOptions: Record<string, unknown> = { interOpNumThreads: 1 };
    if (opts.threads && opts.threads > 0) sessionOptions.intraOpNumThreads = opts.threads;
    model = await tf.AutoModelForSequenceClassification.from_pretrained(dir, {
      local_files_only: true,
      dtype: dtype as 'fp32',
      device,
      session_options: sessionOptions,
    });
  } catch (e) {
    throw new ModelError(`cannot load the cross-encoder: ${(e as Error).message}`, { model: modelId, file: dir });
  }
  const qMax = query.get('max_length');
  let maxLength = qMax !== null ? Number(qMax) : opts.maxSeqLength;
  if (maxLength === undefined) {
    // CrossEncoder: tokenizer.model_max_length, capped by max_position_embeddings
    const cands = [tokenizer.model_max_length, config.max_position_embeddings].filter(
      (x): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0 && x < 1e9,
    );
    maxLength = cands.length ? Math.min(...cands) : 512;
  }
  if (!(Number.isInteger(maxLength) && maxLength > 0))
    throw new ConfigError(`max_length must be a positive integer, got "${qMax}"`, { model: modelId });
  let prompts: PromptMap = {};
  if (opts.prompts !== undefined) prompts = parsePromptsOption(opts.prompts, (p) => readFileSync(p, 'utf8'));
  const stamp = (f: string) => {
    const s = statSync(f);
    return `${s.size}@${Math.round(s.mtimeMs)}`;
  };
  const meta: ModelMeta = {
    name,
    revision,
    framework: ['transformers.js', 'ONNX'],
    prompts,
    extra: { kind: 'cross-encoder', activation: actName, max_length: maxLength, dtype, device, onnx_file: `onnx/model${suffix}.onnx` },
  };
  const identity = [
    'cross-encoder',
    `dtype=${dtype}`,
    `max=${maxLength}`,
    `act=${actName}`,
    ...(commit ? [`commit=${commit}`] : [stamp(onnxFile), stamp(join(dir, 'tokenizer.json'))]),
  ].join(';');
  return new CrossEncoderModel(tf, tokenizer, model, meta, maxLength, activation, prompts, identity, opts.batchSize ?? 32);
}

export class CrossEncoderModel implements Encoder {
  readonly name: string;
  readonly revision?: string;
  readonly supportedTaskTypes = ['Reranking', 'Retrieval'] as const;
  /** Scores are not vectors: nothing for the embedding cache. */
  readonly cacheable = false;
  private readonly layout: PairLayout;
  private readonly specials: number;
  private readonly wantsTypes: boolean;

  constructor(
    private readonly tf: TF,
    private readonly tokenizer: PairTokenizer,
    private readonly model: Awaited<ReturnType<TF['AutoModelForSequenceClassification']['from_pretrained']>>,
    readonly meta: ModelMeta,
    readonly maxLength: number,
    private readonly activation: (x: number) => number,
    private readonly prompts: PromptMap,
    readonly cacheIdentity: string,
    private readonly batchSize: number,
  ) {
    this.name = meta.name;
    this.revision = meta.revision;
    this.layout = probeLayout(tokenizer, meta.name);
    this.specials = this.layout.prefix.length + this.layout.middle.length + this.layout.suffix.length;
    const names = (model as unknown as { sessions?: { model?: { inputNames?: string[] } } }).sessions?.model?.inputNames ?? [];
    this.wantsTypes = names.includes('token_type_ids');
  }

  async encode(_texts: readonly string[], ctx: EncodeContext): Promise<Matrix> {
    throw new ModelError(`a cross-encoder scores pairs and cannot embed texts for ${ctx.task.type} tasks`, {
      model: this.name,
      task: ctx.task.name,
      hint: 'run it on Reranking tasks, or on Retrieval tasks with --first-stage',
    });
  }

  /** Ids and token types of one pair, truncated 'longest_first'. */
  pairIds(query: string, doc: string, opts: { cut?: boolean } = {}): { ids: number[]; types: number[] } {
    const l = this.layout;
    const max = Math.max(0, this.maxLength - this.specials);
    const body = (text: string) =>
      opts.cut === false
        ? { ids: this.tokenizer.encode(text, { add_special_tokens: false }), whole: true }
        : encodeBodyAtLeast(this.tokenizer, text, max + 1);
    // A long side is tokenized from a prefix holding more than the budget (#12 item 9): truncatePair then depends
    // only on the other side's length, except when both exceed the budget and it is odd (the longer side gets the
    // extra token), where the cut sides are counted in full.
    let qa = body(query);
    let db = body(doc);
    if ((!qa.whole || !db.whole) && qa.ids.length > max && db.ids.length > max && max % 2 === 1) {
      if (!qa.whole) qa = { ids: this.tokenizer.encode(query, { add_special_tokens: false }), whole: true };
      if (!db.whole) db = { ids: this.tokenizer.encode(doc, { add_special_tokens: false }), whole: true };
    }
    const [a, b] = truncatePair(qa.ids, db.ids, max);
    return {
      ids: [...l.prefix, ...a, ...l.middle, ...b, ...l.suffix],
      types: [...l.types.prefix, ...a.map(() => l.types.a), ...l.types.middle, ...b.map(() => l.types.b), ...l.types.suffix],
    };
  }

  /** CrossEncoder.predict: activation(logits) per pair, in input order. */
  async predict(
    pairs: readonly (readonly [string, string])[],
    batchSize = this.batchSize,
    onProgress?: (done: number, total: number, unit?: string) => void,
  ): Promise<Float64Array> {
    const enc = pairs.map(([q, d]) => this.pairIds(q, d));
    const order = enc.map((_, i) => i).sort((x, y) => enc[y]!.ids.length - enc[x]!.ids.length || x - y);
    const out = new Float64Array(pairs.length);
    const pad = this.tokenizer.pad_token_id ?? 0;
    for (let s = 0; s < order.length; s += batchSize) {
      const idx = order.slice(s, s + batchSize);
      const width = Math.max(...idx.map((i) => enc[i]!.ids.length));
      const n = idx.length;
      const ids = new BigInt64Array(n * width).fill(BigInt(pad));
      const mask = new BigInt64Array(n * width);
      const types = new BigInt64Array(n * width);
      idx.forEach((i, r) => {
        const e = enc[i]!;
        for (let k = 0; k < e.ids.length; k++) {
          ids[r * width + k] = BigInt(e.ids[k]!);
          mask[r * width + k] = 1n;
          types[r * width + k] = BigInt(e.types[k]!);
        }
      });
      const dims = [n, width];
      const feeds: Record<string, unknown> = {
        input_ids: new this.tf.Tensor('int64', ids, dims),
        attention_mask: new this.tf.Tensor('int64', mask, dims),
      };
      if (this.wantsTypes) feeds.token_type_ids = new this.tf.Tensor('int64', types, dims);
      const res = (await (this.model as unknown as (f: unknown) => Promise<Record<string, { data: Float32Array; dims: number[] }>>)(feeds)).logits;
      if (!res || res.dims[0] !== n) throw new ModelError('the model returned no logits for the batch', { model: this.name });
      const labels = res.data.length / n;
      idx.forEach((i, r) => {
        // torch applies the activation in float32
        const v = Math.fround(this.activation(res.data[r * labels]!));
        if (!Number.isFinite(v)) throw new ModelError(`the model produced a non-finite score for pair ${i}`, { model: this.name, row: i });
        out[i] = v;
      });
      onProgress?.(Math.min(s + batchSize, order.length), order.length, 'pairs');
    }
    return out;
  }

  async retrieve(request: RetrievalRequest, ctx: EncodeContext): Promise<Map<string, Map<string, number>>> {
    if (!request.candidates) {
      throw new ModelError('a cross-encoder reranks candidates: this task has no top_ranked list and no first stage was given', {
        model: this.name,
        task: ctx.task.name,
        hint: 'pass --first-stage <prediction folder of an earlier run> or --first-stage bm25',
      });
    }
    const qText = new Map(request.queries.ids.map((id, i) => [id, request.queries.texts[i]!]));
    const dText = new Map(request.corpus.ids.map((id, i) => [id, request.corpus.texts[i]!]));
    const qp = this.prompts.query ?? '';
    const dp = this.prompts.document ?? '';
    const pairs: [string, string][] = [];
    const keys: [string, string][] = [];
    for (const [qid, docs] of request.candidates) {
      const q = qText.get(qid);
      if (q === undefined) continue;
      for (const did of docs) {
        const d = dText.get(did);
        if (d === undefined) continue;
        pairs.push([qp + q, dp + d]);
        keys.push([qid, did]);
      }
    }
    const scores = await this.predict(pairs, ctx.batchSize ?? this.batchSize, ctx.onProgress);
    const run = new Map<string, Map<string, number>>();
    keys.forEach(([qid, did], i) => {
      let m = run.get(qid);
      if (!m) run.set(qid, (m = new Map()));
      m.set(did, scores[i]!);
    });
    return run;
  }

  async close(): Promise<void> {
    await (this.model as unknown as { dispose?: () => Promise<unknown> }).dispose?.();
  }
}
