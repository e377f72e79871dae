import { Queue } from 'bullmq';
import type { Encoder } from '../../core/encoder.js';
import { createDatasetSource, dataOptionsFromEnv } from '../../tasks/data/source.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { loadEvaluator } from '../../tasks/types/index.js';
import type { RetrievalData } from '../../tasks/types/retrieval-data.js';
import { requestedPairs } from '../result-store.js';
import { loadContext } from '../task-data.js';
import { parseRedisUrl } from './connection.js';
import { type EncodeChunkJobData, jobId, type ProcessorJob, type UnitJobData } from './jobs.js';
import type { WorkerSettings } from './settings.js';

/**
 * Fan-out of one huge retrieval task (MSMARCO: 8.8M passages). The parent job adds one child job per corpus slice
 * at run time; children encode their slice through the embedding cache on the shared folder; the parent waits for
 * them (BullMQ waiting-children), then runs the ordinary evaluation, whose corpus encoding now hits the cache.
 * Correctness never depends on the children: the parent encodes whatever is missing (a failed or lost child, a
 * worker without the shared cache), and the result is the one the same code writes without a queue.
 */

async function corpusOf(task: TaskMetadata, split: string, subset: string, hubMirror?: string): Promise<RetrievalData> {
  const source = createDatasetSource({ ...dataOptionsFromEnv(), ...(hubMirror ? { hubMirror } : {}) });
  const evaluator = await loadEvaluator(task);
  return (await evaluator.load(loadContext(task, split, subset, source))) as RetrievalData;
}

/** Adds the chunk jobs (deterministic ids: a rerun of the parent adds nothing) and parks the parent until they end. */
export async function fanOutParent(
  job: ProcessorJob,
  token: string | undefined,
  task: TaskMetadata,
  data: UnitJobData,
  _model: Encoder,
  s: WorkerSettings,
): Promise<void> {
  if (!s.redisUrl || !token || !job.moveToWaitingChildren || !job.id) return;
  const size = data.fanOut!.chunkSize;
  const children: { name: string; data: EncodeChunkJobData }[] = [];
  for (const [split, subset] of requestedPairs(task)) {
    const n = (await corpusOf(task, split, subset, s.hubMirror)).corpus.texts.length;
    for (let start = 0; start < n; start += size) {
      const c: EncodeChunkJobData = {
        kind: 'encode-chunk',
        runnerVersion: data.runnerVersion,
        model: data.model,
        modelOptions: data.modelOptions,
        task: data.task,
        ...(data.taskFiles ? { taskFiles: data.taskFiles } : {}),
        split,
        subset,
        start,
        end: Math.min(n, start + size),
        ...(data.budget ? { budget: data.budget } : {}),
      };
      children.push({ name: `${data.task} ${split}/${subset} corpus ${start}-${c.end}`, data: c });
    }
  }
  if (children.length < 2) return;
  const queue = new Queue(s.queue, { connection: parseRedisUrl(s.redisUrl) });
  try {
    await queue.addBulk(
      children.map((c) => ({
        name: c.name,
        data: c.data,
        opts: {
          jobId: jobId(c.data),
          parent: { id: job.id!, queue: `bull:${s.queue}` },
          // A child that fails leaves its slice to the parent instead of failing it.
          ignoreDependencyOnFailure: true,
          attempts: 2,
          removeOnComplete: false,
          removeOnFail: false,
        },
      })),
    );
  } finally {
    await queue.close();
  }
  await job.log(`fan-out: ${children.length} corpus chunks of ${size} documents`);
  await job.updateProgress({ phase: `waiting for ${children.length} corpus chunks`, worker: s.workerId });
  if (await job.moveToWaitingChildren(token)) {
    // BullMQ re-queues the parent when the last child ends; this attempt stops here.
    const e = new Error('waiting for corpus chunks');
    e.name = 'WaitingChildrenError';
    throw e;
  }
}

/** A child: encode one corpus slice into the (shared) embedding cache, exactly as the evaluator will ask for it. */
export async function encodeChunk(task: TaskMetadata, data: EncodeChunkJobData, model: Encoder, s: WorkerSettings): Promise<{ encoded: number }> {
  const d = await corpusOf(task, data.split, data.subset, s.hubMirror);
  const texts = d.corpus.texts.slice(data.start, data.end);
  // The same context the retrieval evaluator passes for documents (tasks/types/retrieval-search.ts), so the
  // cache keys (model, revision, prompt, prompt type, text) are the ones the parent will look up.
  await model.encode(texts, { task, split: data.split, subset: data.subset, batchSize: data.modelOptions.batchSize ?? 32, promptType: 'document' });
  return { encoded: texts.length };
}
