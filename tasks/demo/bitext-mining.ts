import type { TaskMetadata } from '../metadata.js';

/** Project-authored simple sentences with French and German translations. */
const ROWS: [string, string, string][] = [
  ['The cat is black.', 'Le chat est noir.', 'Die Katze ist schwarz.'],
  ['I like coffee.', "J'aime le café.", 'Ich mag Kaffee.'],
  ['The house is big.', 'La maison est grande.', 'Das Haus ist groß.'],
  ['We are going to the park.', 'Nous allons au parc.', 'Wir gehen in den Park.'],
  ['The weather is nice today.', "Il fait beau aujourd'hui.", 'Das Wetter ist heute schön.'],
  ['My brother is a teacher.', 'Mon frère est professeur.', 'Mein Bruder ist Lehrer.'],
  ['Where is the train station?', 'Où est la gare ?', 'Wo ist der Bahnhof?'],
  ['I have two children.', "J'ai deux enfants.", 'Ich habe zwei Kinder.'],
  ['The book is on the table.', 'Le livre est sur la table.', 'Das Buch liegt auf dem Tisch.'],
  ['She drinks tea every morning.', 'Elle boit du thé chaque matin.', 'Sie trinkt jeden Morgen Tee.'],
  ['The children are playing in the garden.', 'Les enfants jouent dans le jardin.', 'Die Kinder spielen im Garten.'],
  ['I do not understand.', 'Je ne comprends pas.', 'Ich verstehe nicht.'],
  ['The shop closes at six.', 'Le magasin ferme à six heures.', 'Der Laden schließt um sechs.'],
  ['My car is red.', 'Ma voiture est rouge.', 'Mein Auto ist rot.'],
  ['He reads the newspaper.', 'Il lit le journal.', 'Er liest die Zeitung.'],
  ['We eat dinner at eight.', 'Nous dînons à huit heures.', 'Wir essen um acht zu Abend.'],
  ['The water is cold.', "L'eau est froide.", 'Das Wasser ist kalt.'],
  ['I am learning French.', "J'apprends le français.", 'Ich lerne Französisch.'],
  ['The dog sleeps under the bed.', 'Le chien dort sous le lit.', 'Der Hund schläft unter dem Bett.'],
  ['Thank you very much.', 'Merci beaucoup.', 'Vielen Dank.'],
  ['The museum is open on Sunday.', 'Le musée est ouvert le dimanche.', 'Das Museum ist am Sonntag geöffnet.'],
  ['My sister lives in Paris.', 'Ma sœur habite à Paris.', 'Meine Schwester wohnt in Paris.'],
  ['The bread is fresh.', 'Le pain est frais.', 'Das Brot ist frisch.'],
  ['Can you help me?', "Pouvez-vous m'aider ?", 'Können Sie mir helfen?'],
];

export const tasks: TaskMetadata[] = [
  {
    name: 'DemoBitextMining',
    type: 'BitextMining',
    description: 'Built-in demo: 24 simple English sentences with French and German translations written for mteb-ts.',
    dataset: { path: 'demo/DemoBitextMining', revision: 'v1' },
    evalSplits: ['test'],
    subsets: { 'fra-eng': ['fra-Latn', 'eng-Latn'], 'deu-eng': ['deu-Latn', 'eng-Latn'] },
    mainScore: 'f1',
    category: 't2t',
    origin: 'demo',
    inline: {
      'fra-eng': { test: ROWS.map(([en, fr]) => ({ sentence1: fr, sentence2: en })) },
      'deu-eng': { test: ROWS.map(([en, , de]) => ({ sentence1: de, sentence2: en })) },
    },
  },
];
