import type { Encoder } from '../../models/encoder.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import type { EncodeChunkJobData, UnitJobData } from './jobs.js';
import type { ProcessorJob } from './processor.js';
import type { WorkerSettings } from './settings.js';

export async function encodeChunk(task: TaskMetadata, data: EncodeChunkJobData, model: Encoder, s: WorkerSettings): Promise<{ encoded: number }> {
  void task; void data; void model; void s;
  throw new Error('fan-out is not implemented yet');
}

export async function fanOutParent(job: ProcessorJob, token: string | undefined, task: TaskMetadata, data: UnitJobData, model: Encoder, s: WorkerSettings): Promise<void> {
  void job; void token; void task; void data; void model; void s;
}
