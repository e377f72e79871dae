/** Aggregated tasks of mteb (mteb/tasks/aggregated_tasks): name -> members whose main scores are averaged. */

/** The 12 CQADupStack forums whose ndcg_at_10 mean is "CQADupstackRetrieval" (mteb/tasks/aggregated_tasks). */
export const CQADUPSTACK_MEMBERS = [
  'CQADupstackAndroidRetrieval',
  'CQADupstackEnglishRetrieval',
  'CQADupstackGamingRetrieval',
  'CQADupstackGisRetrieval',
  'CQADupstackMathematicaRetrieval',
  'CQADupstackPhysicsRetrieval',
  'CQADupstackProgrammersRetrieval',
  'CQADupstackStatsRetrieval',
  'CQADupstackTexRetrieval',
  'CQADupstackUnixRetrieval',
  'CQADupstackWebmastersRetrieval',
  'CQADupstackWordpressRetrieval',
];

export const AGGREGATE_TASKS: Record<string, string[]> = {
  CQADupstackRetrieval: CQADUPSTACK_MEMBERS,
};
