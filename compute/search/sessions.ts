/** The ORT sessions of exact search: one per graph variant, shared by every searcher. */
import { type InferenceSession, type SharedSession, sharedSession } from '../ort/session.js';
import { buildCandidateGraph, buildNormGraph, buildScoreGraph } from './score-graph.js';

export interface SearchGraphOptions {
  /**
   * 'scores': the score block; 'grouped': plus the maximum of every GROUP scores; 'candidates': only the
   * groups that reach each query's threshold; 'norms': the documents' norms alone (cosine).
   */
  graph: 'scores' | 'grouped' | 'candidates' | 'norms';
  cosine: boolean;
  /** Cosine graphs fed the documents' norms (computed first by the 'norms' graph) instead of computing them. */
  docNorms?: boolean;
}

const sessions = new Map<string, SharedSession>();

function build(o: SearchGraphOptions): Uint8Array {
  const norms = o.docNorms ?? false;
  switch (o.graph) {
    case 'norms':
      return buildNormGraph();
    case 'candidates':
      return buildCandidateGraph({ cosine: o.cosine, norms });
    case 'grouped':
    case 'scores':
      return buildScoreGraph({ cosine: o.cosine, grouped: o.graph === 'grouped', norms });
  }
}

export function searchSession(o: SearchGraphOptions): Promise<InferenceSession> {
  const key = o.graph === 'norms' ? 'norms' : `${o.cosine ? 'cos' : 'dot'}-${o.graph}${o.docNorms ? '-n' : ''}`;
  let s = sessions.get(key);
  if (!s) {
    // Multi-threaded GEMMs; the selection runs on this thread or the worker between runs.
    s = sharedSession(() => build(o), { threads: 'all' });
    sessions.set(key, s);
  }
  return s.get();
}

/** Releases every search session (a later search creates new ones). */
export async function releaseSearchSessions(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  for (const s of all) await s.release();
}
