import type { TaskMetadata } from '../metadata.js';

/** Project-authored short English sentences in four topics (sports, cooking, weather, computing). */
const SENTENCES: [string, string][] = [
  ['The striker scored twice in the second half.', 'sports'],
  ['Our team won the championship final on penalties.', 'sports'],
  ['The marathon runners crossed the finish line at noon.', 'sports'],
  ['She served three aces in the opening tennis set.', 'sports'],
  ['The goalkeeper saved a penalty in extra time.', 'sports'],
  ['The coach praised the defence after the match.', 'sports'],
  ['He broke the national record in the hundred metres.', 'sports'],
  ['The basketball game went into double overtime.', 'sports'],
  ['Simmer the tomato sauce for twenty minutes.', 'cooking'],
  ['Whisk the eggs with sugar until pale and fluffy.', 'cooking'],
  ['Chop the onions finely and fry them in butter.', 'cooking'],
  ['Bake the bread at two hundred degrees for half an hour.', 'cooking'],
  ['Season the soup with salt, pepper and fresh herbs.', 'cooking'],
  ['Knead the dough until it is smooth and elastic.', 'cooking'],
  ['Roast the vegetables with olive oil and garlic.', 'cooking'],
  ['Let the cake cool before adding the chocolate icing.', 'cooking'],
  ['Heavy rain is expected across the north tonight.', 'weather'],
  ['A cold front will bring snow to the mountains.', 'weather'],
  ['Temperatures will reach thirty degrees by the weekend.', 'weather'],
  ['Strong winds and thunderstorms are forecast for tomorrow.', 'weather'],
  ['The morning fog should clear by midday.', 'weather'],
  ['A heatwave warning has been issued for the south.', 'weather'],
  ['Expect sunny spells with a chance of light showers.', 'weather'],
  ['Frost is likely overnight in rural areas.', 'weather'],
  ['Restart the router if the connection keeps dropping.', 'computing'],
  ['The new laptop has sixteen gigabytes of memory.', 'computing'],
  ['Install the latest update to fix the security bug.', 'computing'],
  ['The database query was slow until we added an index.', 'computing'],
  ['Back up your files before upgrading the operating system.', 'computing'],
  ['The program crashed with an out of memory error.', 'computing'],
  ['Compile the code again after changing the settings file.', 'computing'],
  ['The server logs show a spike in network traffic.', 'computing'],
];

export const tasks: TaskMetadata[] = [
  {
    name: 'DemoClustering',
    type: 'Clustering',
    description:
      'Built-in demo: 32 short English sentences written for mteb-ts in 4 topics, clustered with the v2 (fast) clustering ' +
      'evaluator on all documents (no 4% downsampling) with 512 bootstrap draws per run.',
    dataset: { path: 'demo/DemoClustering', revision: 'v1' },
    evalSplits: ['test'],
    subsets: { default: ['eng-Latn'] },
    mainScore: 'v_measure',
    category: 't2c',
    params: { max_fraction_of_documents_to_embed: null, max_documents_per_cluster: 512 },
    origin: 'demo',
    inline: { default: { test: SENTENCES.map(([sentences, labels]) => ({ sentences, labels })) } },
  },
];
