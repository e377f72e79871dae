/**
 * Loading and validating retrieval/reranking data as mteb's retrieval loader does
 * (mteb/abstasks/retrieval_dataset_loaders.py): configs `corpus`, `queries`, qrels in `default`
 * (or `qrels`), optional `top_ranked`, and the multilingual `{subset}-corpus` form.
 */
import { DatasetError } from '../../core/errors.js';
import type { LoadedRows } from '../data/rows.js';
import { RETRIEVAL_PARAMS } from '../params/retrieval.js';
import { resolveParams } from '../params/rules.js';
import type { LoadContext, RowCounts } from './module.js';

export interface RetrievalData {
  corpus: { ids: string[]; texts: string[] };
  /**
   * Only queries that have judgements, in dataset order. With an `instruction` config, `texts` are mteb's
   * query texts `query + " " + instruction` (mteb/_create_dataloaders.py `_combine_queries_with_instruction_text`)
   * and `instructions` holds the instruction of each query.
   */
  queries: { ids: string[]; texts: string[]; instructions?: (string | null)[] };
  /** qid -> doc id -> integer relevance. */
  qrels: Map<string, Map<string, number>>;
  /** Reranking: qid -> candidate doc ids (every id is in the corpus). */
  topRanked?: Map<string, string[]>;
  /** Problems found while loading; the evaluator logs them through EvalContext.log. */
  warnings: string[];
}

/**
 * Documents and queries as mteb's retrieval statistics count them (num_samples = documents + queries); mteb's
 * loader keeps the queries that appear in the qrels (retrieval_dataset_loaders.py), as `queries` here does.
 */
export function retrievalRowCounts(d: RetrievalData): RowCounts {
  const queries = d.queries.ids.length;
  return { samples: d.corpus.ids.length + queries, documents: d.corpus.ids.length, queries };
}

/** Characters Python's str.strip() removes (str.isspace), unlike JS trim() (which also strips U+FEFF). */
const PY_SPACE = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');
export function pyStrip(s: string): string {
  return s.replace(PY_STRIP, '');
}

/** mteb's document text: `(title + " " + text).strip()` when there is a title, else `text.strip()`. */
export function documentText(title: unknown, text: unknown): string {
  const t = typeof title === 'string' ? title : title == null ? '' : String(title);
  const body = typeof text === 'string' ? text : text == null ? '' : String(text);
  return t ? pyStrip(`${t} ${body}`) : pyStrip(body);
}

export interface ConfigNames {
  corpus: string;
  queries: string;
  qrels: string;
  topRanked?: string;
  /** Optional per-query instructions (`query-id`, `instruction`). */
  instruction?: string;
}

/** Picks the config names of this subset among those the dataset declares. */
export function retrievalConfigs(configs: readonly string[], subset: string, taskName: string): ConfigNames {
  const has = (c: string) => configs.includes(c);
  const multi = subset !== 'default' && has(`${subset}-corpus`);
  const p = multi ? `${subset}-` : '';
  const qrels = [multi ? `${subset}-qrels` : undefined, multi ? subset : undefined, 'default', 'qrels'].find(
    (c): c is string => c !== undefined && has(c),
  );
  const missing = [`${p}corpus`, `${p}queries`].filter((c) => !has(c));
  if (missing.length || !qrels) {
    throw new DatasetError(`retrieval dataset lacks config(s) ${[...missing, ...(qrels ? [] : [`${p}qrels or default`])].join(', ')}`, {
      task: taskName,
      subset,
      hint: `configs found: ${configs.join(', ') || 'none'}`,
    });
  }
  const tr = [`${p}top_ranked`, 'top_ranked'].find(has);
  const instruction = [`${p}instruction`, 'instruction'].find(has);
  return { corpus: `${p}corpus`, queries: `${p}queries`, qrels, topRanked: tr, instruction };
}

const idOf = (r: Record<string, unknown>): unknown => r._id ?? r.id;

function asId(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return undefined;
}

/** Loads corpus, queries, qrels (and top_ranked) of one split/subset; bad rows get errors or counted warnings. */
export async function loadRetrievalData(ctx: LoadContext, opts: { requireTopRanked?: boolean; configs?: ConfigNames } = {}): Promise<RetrievalData> {
  const task = ctx.task.name;
  const { split, subset } = ctx;
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(`${task} ${split}/${subset}: ${m}`);
  // NanoBEIR's load_data keeps only _id/text of the corpus and sets every judgement to 1.
  const { ignore_titles: ignoreTitles, binary_qrels: binaryQrels } = resolveParams(RETRIEVAL_PARAMS, ctx.task.params);
  const names = opts.configs ?? retrievalConfigs(await ctx.listConfigs(), subset, task);
  if (opts.requireTopRanked && !names.topRanked) {
    throw new DatasetError('reranking dataset has no top_ranked config', {
      task,
      split,
      subset,
      hint: "a reranking task needs each query's candidate list",
    });
  }
  const [corpusRows, queryRows, qrelRows, topRows, instructionRows] = await Promise.all([
    ctx.loadRows(names.corpus, split),
    ctx.loadRows(names.queries, split),
    ctx.loadRows(names.qrels, split),
    names.topRanked ? ctx.loadRows(names.topRanked, split) : Promise.resolve(undefined),
    names.instruction ? ctx.loadRows(names.instruction, split) : Promise.resolve(undefined),
  ]);
  const instructions = instructionRows ? readInstructions(instructionRows, task, split, subset) : undefined;

  // Corpus
  const corpus = { ids: [] as string[], texts: [] as string[] };
  const docIndex = new Map<string, number>();
  let dupDocs = 0;
  corpusRows.rows.forEach((r, i) => {
    const id = asId(idOf(r));
    if (id === undefined) throw rowError(corpusRows, i, 'corpus row has no "_id"/"id"', task, split, subset);
    if (docIndex.has(id)) {
      if (dupDocs++ < 3) warn(`duplicate document id ${JSON.stringify(id)} at ${where(corpusRows, i)}; keeping the first`);
      return;
    }
    docIndex.set(id, corpus.ids.length);
    corpus.ids.push(id);
    corpus.texts.push(documentText(ignoreTitles ? '' : r.title, r.text));
  });
  if (dupDocs) warn(`${dupDocs} duplicate document id(s) ignored in ${corpusRows.locate(0).file}`);
  if (!corpus.ids.length) {
    throw new DatasetError('the corpus is empty', {
      task,
      split,
      subset,
      file: corpusRows.rows.length ? corpusRows.locate(0).file : fileOf(corpusRows),
    });
  }

  // Qrels (score cast to int, later rows overwrite earlier ones as in a dict)
  const qrels = new Map<string, Map<string, number>>();
  qrelRows.rows.forEach((r, i) => {
    const qid = asId(r['query-id']);
    const did = asId(r['corpus-id']);
    const score = binaryQrels ? 1 : toInt(r.score);
    if (qid === undefined || did === undefined || score === undefined) {
      throw rowError(qrelRows, i, 'qrels row needs "query-id", "corpus-id" and an integer "score"', task, split, subset);
    }
    let m = qrels.get(qid);
    if (!m) qrels.set(qid, (m = new Map()));
    m.set(did, score);
  });

  // Queries: keep those with judgements
  const queries: RetrievalData['queries'] = { ids: [], texts: [], ...(instructions ? { instructions: [] } : {}) };
  const queryIds = new Set<string>();
  let emptyTexts = 0;
  queryRows.rows.forEach((r, i) => {
    const id = asId(idOf(r));
    if (id === undefined) throw rowError(queryRows, i, 'query row has no "_id"/"id"', task, split, subset);
    if (queryIds.has(id)) {
      warn(`duplicate query id ${JSON.stringify(id)} at ${where(queryRows, i)}; keeping the first`);
      return;
    }
    queryIds.add(id);
    const judged = qrels.get(id);
    if (!judged || judged.size === 0) return;
    const text = typeof r.text === 'string' ? r.text : r.text == null ? '' : String(r.text);
    if (!text.trim() && emptyTexts++ < 3) warn(`query ${JSON.stringify(id)} has an empty text (${where(queryRows, i)})`);
    queries.ids.push(id);
    if (instructions) {
      // mteb maps every query to its instruction (a KeyError when one is missing), then encodes
      // `text + " " + instruction` (None leaves the text as it is).
      if (!instructions.has(id)) {
        throw rowError(queryRows, i, `query ${JSON.stringify(id)} has no instruction in ${fileOf(instructionRows!)}`, task, split, subset);
      }
      const instr = instructions.get(id)!;
      queries.instructions!.push(instr);
      queries.texts.push(instr === null ? text : `${text} ${instr}`);
    } else queries.texts.push(text);
  });
  if (emptyTexts) warn(`${emptyTexts} judged quer${emptyTexts === 1 ? 'y has' : 'ies have'} an empty text; they are encoded as ""`);

  // Qrels naming unknown queries or documents: counted (trec_eval still counts unknown relevant docs in R).
  let unknownQ = 0;
  let unknownD = 0;
  for (const [qid, docs] of qrels) {
    if (!queryIds.has(qid)) unknownQ++;
    else for (const d of docs.keys()) if (!docIndex.has(d)) unknownD++;
  }
  const qrelFile = fileOf(qrelRows);
  if (unknownQ) warn(`${unknownQ} quer${unknownQ === 1 ? 'y' : 'ies'} in the qrels (${qrelFile}) are not in the queries; ignored`);
  if (unknownD)
    warn(`${unknownD} qrels judgement(s) (${qrelFile}) name documents that are not in the corpus; they still count as relevant-but-unretrieved`);
  if (!queries.ids.length) {
    throw new DatasetError('no query has relevance judgements', {
      task,
      split,
      subset,
      file: qrelFile,
      hint: 'qrels "query-id" values must match the queries\' ids',
    });
  }

  // Candidate lists
  let topRanked: Map<string, string[]> | undefined;
  if (topRows) {
    topRanked = new Map();
    let missingDocs = 0;
    let dupCands = 0;
    topRows.rows.forEach((r, i) => {
      const qid = asId(r['query-id']);
      const ids = r['corpus-ids'];
      if (qid === undefined || !Array.isArray(ids))
        throw rowError(topRows, i, 'top_ranked row needs "query-id" and a "corpus-ids" list', task, split, subset);
      const seen = new Set<string>();
      const kept: string[] = [];
      for (const raw of ids) {
        const d = asId(raw);
        if (d === undefined || !docIndex.has(d)) {
          missingDocs++;
          continue;
        }
        if (seen.has(d)) {
          dupCands++;
          continue;
        }
        seen.add(d);
        kept.push(d);
      }
      topRanked!.set(qid, kept);
    });
    const file = fileOf(topRows);
    if (missingDocs) warn(`${missingDocs} top_ranked candidate(s) (${file}) are not in the corpus; skipped`);
    if (dupCands) warn(`${dupCands} repeated candidate(s) in top_ranked (${file}); counted once`);
    const without = queries.ids.filter((q) => !topRanked!.has(q)).length;
    if (without) warn(`${without} judged quer${without === 1 ? 'y has' : 'ies have'} no top_ranked entry (${file}); they retrieve nothing`);
  }
  return { corpus, queries, qrels, topRanked, warnings };
}

/** The `instruction` config: query id -> instruction (later rows win, as in mteb's dict). */
function readInstructions(rows: LoadedRows, task: string, split: string, subset: string): Map<string, string | null> {
  const out = new Map<string, string | null>();
  rows.rows.forEach((r, i) => {
    const qid = asId(r['query-id']);
    const v = r.instruction;
    if (qid === undefined || (v !== null && typeof v !== 'string')) {
      throw rowError(rows, i, 'instruction row needs "query-id" and a string "instruction"', task, split, subset);
    }
    out.set(qid, v);
  });
  return out;
}

function toInt(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v); // Python int(): toward zero
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return Number.parseInt(v, 10);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

function fileOf(rows: LoadedRows): string {
  return rows.locate(0).file;
}

function where(rows: LoadedRows, i: number): string {
  const l = rows.locate(i);
  return `${l.file} row ${l.row}`;
}

function rowError(rows: LoadedRows, i: number, msg: string, task: string, split: string, subset: string): DatasetError {
  const l = rows.locate(i);
  return new DatasetError(msg, { task, split, subset, file: l.file, row: l.row });
}
