import type { TaskMetadata } from '../metadata.js';

/**
 * Project-authored short English sentences in four intents of a home assistant (lights, music, timer,
 * shopping): 8 training rows and 4 test rows per label. samples_per_label = 4, so each of the 10
 * experiments trains on a different 16-row sample of the 32 training rows.
 */
const TRAIN: [string, string][] = [
  ['Turn on the kitchen lights.', 'lights'],
  ['Switch off the lamp in the bedroom.', 'lights'],
  ['Dim the living room lights to half.', 'lights'],
  ['Make the hallway brighter please.', 'lights'],
  ['Can you turn the porch light off?', 'lights'],
  ['Set the office lights to warm white.', 'lights'],
  ['Lights off everywhere, I am going to bed.', 'lights'],
  ['Brighten the bathroom light a little.', 'lights'],
  ['Play some relaxing jazz.', 'music'],
  ['Skip to the next song.', 'music'],
  ['Turn the volume up on the speaker.', 'music'],
  ['Put on my running playlist.', 'music'],
  ['Pause the music for a moment.', 'music'],
  ['Play the latest album by my favourite band.', 'music'],
  ['Shuffle my liked songs.', 'music'],
  ['Lower the music, it is too loud.', 'music'],
  ['Set a timer for ten minutes.', 'timer'],
  ['Remind me in half an hour to check the oven.', 'timer'],
  ['How much time is left on the pasta timer?', 'timer'],
  ['Cancel the egg timer.', 'timer'],
  ['Start a five minute countdown.', 'timer'],
  ['Set an alarm for seven tomorrow morning.', 'timer'],
  ['Add another two minutes to the timer.', 'timer'],
  ['Wake me up at six thirty.', 'timer'],
  ['Add milk to my shopping list.', 'shopping'],
  ['We are out of bread, put it on the list.', 'shopping'],
  ['Remove apples from the grocery list.', 'shopping'],
  ['What is on my shopping list?', 'shopping'],
  ['Order more coffee beans.', 'shopping'],
  ['Put washing powder and sponges on the list.', 'shopping'],
  ['Do I need to buy eggs this week?', 'shopping'],
  ['Add tomatoes and cheese to the groceries.', 'shopping'],
];

const TEST: [string, string][] = [
  ['Turn the garden lights on.', 'lights'],
  ['Could you dim the lights in here?', 'lights'],
  ['Switch every light off downstairs.', 'lights'],
  ['Make the kitchen a bit brighter.', 'lights'],
  ['Play some classical music.', 'music'],
  ['Next track, please.', 'music'],
  ['Turn the music down a bit.', 'music'],
  ['Put on the party playlist.', 'music'],
  ['Set a timer for twenty minutes.', 'timer'],
  ['Cancel my morning alarm.', 'timer'],
  ['How long until the timer goes off?', 'timer'],
  ['Remind me in an hour to call my mother.', 'timer'],
  ['Add butter to the shopping list.', 'shopping'],
  ['Put rice on the grocery list.', 'shopping'],
  ['Take bananas off my list.', 'shopping'],
  ['Order a new pack of batteries.', 'shopping'],
];

const rows = (list: [string, string][]) => list.map(([text, label]) => ({ text, label }));

export const tasks: TaskMetadata[] = [
  {
    name: 'DemoClassification',
    type: 'Classification',
    description:
      'Built-in demo: short English home-assistant requests written for mteb-ts in 4 intents, scored with the mteb ' +
      'classification protocol (10 undersampled experiments, logistic regression on the embeddings).',
    dataset: { path: 'demo/DemoClassification', revision: 'v1' },
    evalSplits: ['test'],
    subsets: { default: ['eng-Latn'] },
    mainScore: 'accuracy',
    category: 't2c',
    params: { samples_per_label: 4, n_experiments: 10 },
    origin: 'demo',
    inline: { default: { train: rows(TRAIN), test: rows(TEST) } },
  },
];
