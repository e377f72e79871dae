/** The leaderboard filter settings the CLI table lists (kept apart from model-filter.ts, which loads the registry data). */

/** mteb/leaderboard/app.py `_filter_models` zero_shot_setting values. */
export const ZERO_SHOT_SETTINGS = ['allow_all', 'remove_unknown', 'only_zero_shot'] as const;
export type ZeroShotSetting = (typeof ZERO_SHOT_SETTINGS)[number];

/** "500M", "1.5B", "250k", "22700000" -> a parameter count; undefined when not a count. */
export function parseParameterCount(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmMbB]?)\s*$/.exec(text);
  if (!m) return undefined;
  const scale = { '': 1, k: 1e3, m: 1e6, b: 1e9 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'b'];
  return Number(m[1]) * scale;
}
