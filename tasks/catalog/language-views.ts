/**
 * The per-language table of a benchmark's leaderboard: mteb 2.20.0 `Benchmark.language_view`
 * (mteb/benchmarks/benchmarks/benchmarks.py). A list keeps those languages in this order; "all" shows every
 * language the results carry. Benchmarks without an entry have no per-language table.
 */
export const LANGUAGE_VIEWS: Readonly<Record<string, readonly string[] | 'all'>> = {
  'MTEB(Scandinavian, v1)': ['dan-Latn', 'swe-Latn', 'nno-Latn', 'nob-Latn'],
  'MTEB(Multilingual, v2)': [
    'eng-Latn',
    'zho-Hans',
    'hin-Deva',
    'spa-Latn',
    'fra-Latn',
    'ara-Arab',
    'ben-Beng',
    'rus-Cyrl',
    'por-Latn',
    'urd-Arab',
    'ind-Latn',
    'deu-Latn',
    'jpn-Jpan',
    'swa-Latn',
    'mar-Deva',
    'tel-Telu',
    'tur-Latn',
    'tam-Taml',
    'vie-Latn',
    'kor-Hang',
  ],
  'MTEB(Indic, v1)': 'all',
  'MTEB(Europe, v1)': 'all',
};
