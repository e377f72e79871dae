import { describe, expect, it } from 'vitest';
import { parseRedisUrl, redact, redisUrl } from '../../runners/queue/connection.js';
import { assertNoSecrets, jobId, type UnitJobData } from '../../runners/queue/jobs.js';
import { unitJobs } from '../../runners/queue/queue.js';
import { getTasks } from '../../tasks/registry.js';

const base: UnitJobData = {
  kind: 'unit',
  runnerVersion: '0.1.0',
  model: 'openai:text-embedding-3-small',
  modelOptions: { batchSize: 32 },
  sklearnVersion: '1.9.1',
  task: 'DemoSTS',
  order: { splits: ['test'], subsets: ['default'] },
};

describe('queue job data', () => {
  it('job ids are deterministic, independent of key order, and differ with anything that changes the work', () => {
    const reordered = {
      order: base.order,
      task: 'DemoSTS',
      sklearnVersion: '1.9.1',
      modelOptions: { batchSize: 32 },
      model: base.model,
      runnerVersion: '0.1.0',
      kind: 'unit',
    } as UnitJobData;
    expect(jobId(base)).toMatch(/^u-[0-9a-f]{32}$/);
    expect(jobId(reordered)).toBe(jobId(base));
    expect(jobId({ ...base, pairs: [['test', 'default']] })).not.toBe(jobId(base));
    expect(jobId({ ...base, runnerVersion: '0.2.0' })).not.toBe(jobId(base));
    expect(jobId({ ...base, modelOptions: { revision: 'abc' } })).not.toBe(jobId(base));
  });

  it('refuses secrets: env secret values, URL passwords, key parameters', () => {
    const env = { OPENAI_API_KEY: 'sk-test-0123456789', HF_TOKEN: 'hf_abcdefghijkl', HOME: '/root' };
    expect(() => assertNoSecrets(base, env)).not.toThrow();
    expect(() => assertNoSecrets({ ...base, modelOptions: { prompts: { query: 'sk-test-0123456789' } } }, env)).toThrow(
      /modelOptions\.prompts\.query contains the value of a secret/,
    );
    expect(() => assertNoSecrets({ ...base, model: 'http:https://user:pw@host/embed' }, env)).toThrow(/model holds a URL with a password/);
    expect(() => assertNoSecrets({ ...base, model: 'http:https://host/embed?api_key=x' }, env)).toThrow(/key parameter/);
    // A short or non-secret variable is not a secret.
    expect(() => assertNoSecrets({ ...base, task: '/root' }, env)).not.toThrow();
  });

  it('unit jobs: one per task, or per (split, subset) except stateful evaluators', () => {
    const tasks = getTasks({ tasks: ['DemoBitextMining', 'DemoClustering'] });
    const spec = { model: 'lexical', modelOptions: {}, sklearnVersion: '1.9.1', tasks };
    expect(unitJobs({ ...spec, unit: 'task' }).map((j) => j.name)).toEqual(['DemoBitextMining', 'DemoClustering']);
    const sub = unitJobs({ ...spec, unit: 'subset' });
    expect(sub.map((j) => j.name)).toEqual(['DemoBitextMining/test/fra-eng', 'DemoBitextMining/test/deu-eng', 'DemoClustering']);
    expect(sub[0]!.data.pairs).toEqual([['test', 'fra-eng']]);
    expect(sub[0]!.data.order).toEqual({ splits: ['test'], subsets: ['fra-eng', 'deu-eng'] });
    expect(unitJobs({ ...spec, unit: 'subset' })).toEqual(sub);
  });
});

describe('Redis URLs', () => {
  it('parses tcp, tls, db, credentials and unix sockets; redacts passwords', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6380/2')).toEqual({ host: '127.0.0.1', port: 6380, db: 2, maxRetriesPerRequest: null });
    expect(parseRedisUrl('rediss://u:p%40ss@h')).toEqual({
      host: 'h',
      port: 6379,
      username: 'u',
      password: 'p@ss',
      tls: {},
      maxRetriesPerRequest: null,
    });
    expect(parseRedisUrl('unix:/run/redis.sock')).toEqual({ path: '/run/redis.sock', maxRetriesPerRequest: null });
    expect(() => parseRedisUrl('http://x')).toThrow(/unsupported Redis URL scheme/);
    expect(() => parseRedisUrl('redis://h/x')).toThrow(/database must be a number/);
    expect(redact('redis://u:secret@h:1')).toBe('redis://u:***@h:1');
    expect(redisUrl({}, { MTEB_TS_REDIS_URL: 'redis://e' })).toBe('redis://e');
    expect(redisUrl({ redis: 'redis://o' }, { MTEB_TS_REDIS_URL: 'redis://e' })).toBe('redis://o');
    expect(() => redisUrl({}, {})).toThrow(/give --redis <url> or set MTEB_TS_REDIS_URL/);
  });
});
