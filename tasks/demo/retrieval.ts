import type { InlineDataset, TaskMetadata } from '../metadata.js';

/** Project-authored demo corpus: 30 short documents on everyday topics, 8 queries with judged answers. */
export const DEMO_CORPUS: { _id: string; title: string; text: string }[] = [
  { _id: 'd01', title: 'Baking bread', text: 'Knead the dough for ten minutes, let it rise until doubled, then bake at a high temperature.' },
  {
    _id: 'd02',
    title: 'Sourdough starter',
    text: 'A starter is a mix of flour and water that wild yeast ferments; feed it daily to keep it active.',
  },
  { _id: 'd03', title: 'Boiling pasta', text: 'Use plenty of salted water and stir the pasta in the first minute so it does not stick.' },
  { _id: 'd04', title: 'Tomato sauce', text: 'Simmer crushed tomatoes with garlic and olive oil for twenty minutes for a quick sauce.' },
  { _id: 'd05', title: 'The Moon', text: 'The Moon orbits Earth about every twenty-seven days and always shows us the same face.' },
  { _id: 'd06', title: 'Solar eclipses', text: 'A solar eclipse happens when the Moon passes between the Sun and Earth and blocks sunlight.' },
  { _id: 'd07', title: 'Mars', text: 'Mars is a cold desert planet with a thin atmosphere and the tallest volcano in the solar system.' },
  { _id: 'd08', title: 'Telescopes', text: 'A small refracting telescope is enough to see the rings of Saturn and the moons of Jupiter.' },
  { _id: 'd09', title: 'Watering tomatoes', text: 'Tomato plants need deep watering at the roots two or three times a week in hot weather.' },
  { _id: 'd10', title: 'Composting', text: 'Mix green kitchen scraps with brown leaves and turn the pile so the compost gets air.' },
  { _id: 'd11', title: 'Pruning roses', text: 'Prune roses in late winter, cutting just above an outward facing bud.' },
  { _id: 'd12', title: 'Houseplants', text: 'Most houseplants prefer bright indirect light and soil that dries out between waterings.' },
  { _id: 'd13', title: 'Python lists', text: 'A Python list is an ordered, mutable sequence; append adds an item to its end.' },
  { _id: 'd14', title: 'Git branches', text: 'Create a branch with git switch -c, commit your work, then merge it back into main.' },
  { _id: 'd15', title: 'Unit tests', text: 'Unit tests check one small piece of code in isolation and should run quickly.' },
  {
    _id: 'd16',
    title: 'Regular expressions',
    text: 'A regular expression describes a text pattern; \\d matches a digit and + repeats the previous item.',
  },
  { _id: 'd17', title: 'Marathon training', text: 'Build weekly mileage slowly and include one long run each week before a marathon.' },
  { _id: 'd18', title: 'Swimming strokes', text: 'Freestyle is the fastest swimming stroke; breaststroke is slower but easier to breathe in.' },
  { _id: 'd19', title: 'Chess openings', text: 'Control the center early, develop knights and bishops, and castle to protect the king.' },
  { _id: 'd20', title: 'Cycling tires', text: 'Check bicycle tire pressure before each ride; under-inflated tires puncture more easily.' },
  { _id: 'd21', title: 'Guitar chords', text: 'Beginners usually learn the open chords G, C, D and E minor on the guitar first.' },
  { _id: 'd22', title: 'Piano practice', text: 'Practice piano scales slowly with a metronome and raise the tempo a little each day.' },
  { _id: 'd23', title: 'Reading music', text: 'The treble clef marks the notes on the staff lines as E, G, B, D and F.' },
  { _id: 'd24', title: 'Rainbows', text: 'A rainbow appears when sunlight is refracted and reflected inside raindrops.' },
  { _id: 'd25', title: 'Thunderstorms', text: 'Thunder is the sound of air expanding rapidly after it is heated by lightning.' },
  { _id: 'd26', title: 'Snowflakes', text: 'Snowflakes form six-sided ice crystals as water vapour freezes in cold clouds.' },
  { _id: 'd27', title: 'Saving money', text: 'Set aside a fixed share of every paycheck before spending to build an emergency fund.' },
  { _id: 'd28', title: 'Compound interest', text: 'Compound interest earns interest on past interest, so savings grow faster over time.' },
  { _id: 'd29', title: 'Sleep', text: 'Adults need seven to nine hours of sleep; a regular bedtime improves sleep quality.' },
  { _id: 'd30', title: 'Drinking water', text: 'Drinking enough water keeps the body cool and helps the kidneys remove waste.' },
];

export const DEMO_QUERIES: { _id: string; text: string }[] = [
  { _id: 'q1', text: 'how do I make bread at home' },
  { _id: 'q2', text: 'why does the moon block the sun' },
  { _id: 'q3', text: 'how often should I water tomato plants' },
  { _id: 'q4', text: 'how to add an element to a list in python' },
  { _id: 'q5', text: 'tips to prepare for running a marathon' },
  { _id: 'q6', text: 'first chords to learn on guitar' },
  { _id: 'q7', text: 'what causes a rainbow after rain' },
  { _id: 'q8', text: 'how does saving money grow with interest' },
];

/** Graded judgements (2 = answers the query, 1 = related). */
export const DEMO_QRELS: { 'query-id': string; 'corpus-id': string; score: number }[] = [
  { 'query-id': 'q1', 'corpus-id': 'd01', score: 2 },
  { 'query-id': 'q1', 'corpus-id': 'd02', score: 1 },
  { 'query-id': 'q2', 'corpus-id': 'd06', score: 2 },
  { 'query-id': 'q2', 'corpus-id': 'd05', score: 1 },
  { 'query-id': 'q3', 'corpus-id': 'd09', score: 2 },
  { 'query-id': 'q4', 'corpus-id': 'd13', score: 2 },
  { 'query-id': 'q5', 'corpus-id': 'd17', score: 2 },
  { 'query-id': 'q6', 'corpus-id': 'd21', score: 2 },
  { 'query-id': 'q6', 'corpus-id': 'd23', score: 1 },
  { 'query-id': 'q7', 'corpus-id': 'd24', score: 2 },
  { 'query-id': 'q8', 'corpus-id': 'd28', score: 2 },
  { 'query-id': 'q8', 'corpus-id': 'd27', score: 1 },
];

const inline: InlineDataset = {
  corpus: { test: DEMO_CORPUS },
  queries: { test: DEMO_QUERIES },
  default: { test: DEMO_QRELS },
};

export const tasks: TaskMetadata[] = [
  {
    name: 'DemoRetrieval',
    type: 'Retrieval',
    description: 'Built-in demo: find the answering documents for 8 questions in a 30-document corpus (project-authored).',
    dataset: { path: 'demo/retrieval', revision: 'v1' },
    evalSplits: ['test'],
    subsets: { default: ['eng-Latn'] },
    mainScore: 'ndcg_at_10',
    origin: 'demo',
    inline,
  },
];
