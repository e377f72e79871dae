/**
 * bm25s's English stop-word list (`bm25s/stopwords.py` STOPWORDS_EN, selected by stopwords="en", which is
 * what mteb passes): the 33 words of Lucene's classic English analyzer. Matched against the lowercased
 * token before stemming, as bm25s does.
 */
export const STOPWORDS_EN: ReadonlySet<string> = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into', 'is', 'it', 'no', 'not',
  'of', 'on', 'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these', 'they', 'this', 'to', 'was',
  'will', 'with',
]);
