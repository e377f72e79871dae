import type { TaskMetadata } from '../metadata.js';

/** Project-authored news-style texts, reference summaries and scored candidate summaries (relevance 1-5). */
const ROWS = [
  {
    text: 'The city council approved a plan on Tuesday to build a new public library near the central station. Construction starts next spring and should take two years.',
    human_summaries: [
      'The council approved a new library near the central station.',
      'A new public library will be built by the station, starting next spring.',
    ],
    machine_summaries: [
      'The council approved a new public library near the station.',
      'Construction starts next spring.',
      'The council met on Tuesday.',
      'The station is busy.',
    ],
    relevance: [5, 3, 2, 1],
  },
  {
    text: 'Heavy rain flooded several streets in the old town overnight. Firefighters pumped water from basements and no one was hurt.',
    human_summaries: [
      'Overnight rain flooded streets in the old town; nobody was injured.',
      'Floods hit the old town after heavy rain, firefighters pumped out basements.',
    ],
    machine_summaries: [
      'Heavy rain flooded streets in the old town, nobody was hurt.',
      'Firefighters pumped water from basements.',
      'It rained.',
      'The old town has many streets.',
    ],
    relevance: [5, 3, 2, 1],
  },
  {
    text: 'A local bakery won the national bread prize for its rye sourdough. The owner said the recipe came from her grandmother.',
    human_summaries: [
      'A local bakery won the national bread prize with a rye sourdough.',
      "The bakery's grandmother's rye sourdough took the national prize.",
    ],
    machine_summaries: [
      'The bakery won the national prize for rye sourdough.',
      'The recipe came from her grandmother.',
      'Bread is made from flour.',
      'The owner likes prizes.',
    ],
    relevance: [5, 3, 1, 2],
  },
  {
    text: 'The football club signed a young striker from a second-division team. He scored twenty goals last season.',
    human_summaries: [
      'The club signed a young striker who scored twenty goals last season.',
      'A twenty-goal striker from the second division joins the club.',
    ],
    machine_summaries: [
      'The club signed a striker who scored twenty goals.',
      'He played in the second division.',
      'Football is popular.',
      'The season ended.',
    ],
    relevance: [5, 3, 1, 2],
  },
  {
    text: 'Scientists found a new species of frog in the mountain forest. The tiny frog is bright orange and lives near streams.',
    human_summaries: [
      'A new bright orange frog species was found in a mountain forest.',
      'Scientists discovered a tiny orange frog living near mountain streams.',
    ],
    machine_summaries: [
      'Scientists found a new orange frog species in the mountains.',
      'The frog lives near streams.',
      'Forests have many trees.',
      'Scientists work hard.',
    ],
    relevance: [5, 4, 1, 2],
  },
  {
    text: 'The museum will stay open until ten on Fridays this summer. Tickets for the evening hours are half price.',
    human_summaries: [
      'The museum opens late on summer Fridays with half-price evening tickets.',
      'On Fridays this summer the museum stays open until ten.',
    ],
    machine_summaries: [
      'The museum stays open late on Fridays with cheaper tickets.',
      'Evening tickets are half price.',
      'Summer is warm.',
      'The museum has paintings.',
    ],
    relevance: [5, 3, 1, 2],
  },
];

export const tasks: TaskMetadata[] = [
  {
    name: 'DemoSummarization',
    type: 'Summarization',
    description: 'Built-in demo: 6 short news-style texts written for mteb-ts with human summaries and scored machine summaries.',
    dataset: { path: 'demo/DemoSummarization', revision: 'v1' },
    evalSplits: ['test'],
    subsets: { default: ['eng-Latn'] },
    mainScore: 'cosine_spearman',
    category: 't2t',
    params: { min_score: 0, max_score: 5 },
    origin: 'demo',
    inline: { default: { test: ROWS } },
  },
];
