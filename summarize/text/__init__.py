"""The one text layer that alignment, verification, framing, dedupe and the digest share, so a
better piece helps everywhere. Import the module you need (this package imports nothing, so
`summarize.articles` can use it without a cycle):

- `words`: quote/dash folding and `normalise`, word tokens with offsets, `stem`,
  `content_words` (stop list `data/stopwords.txt`), `comparable` wordings.
- `numbers`: the number reader ("26" = "twenty-six", "$1.5bn").
- `names`: capitalised names (`names_in`) and actor mentions keyed by surname.
- `unionfind`: disjoint sets for grouping linked items.
- `spans`: sentence at an offset, span containment.
- `language`: share of English function words.
- `abbreviations`: whether a "." after an abbreviation or initial ends the sentence
  (`data/abbreviations.tsv`, for the sentence splitter).
- `headings`: how a sentence ends, and body subheadings that state no fact.
- `lists`: the packaged word lists in `data/` (stop words, name exclusions, and the framing
  lexicons: reporting verbs, hedges, loaded terms, roles, countries) and a phrase matcher.
- `verbs`, `speakers`, `quote_rules`, `speakers_spacy`, `quote_finder`: reporting verbs,
  speaker phrases, and direct and indirect quotes with their speakers (by rules, or with
  spaCy's parse; `quote_finder.find_quotes` chooses), for the digest and the framing alike.
- `vectors`: the one TF-IDF (document frequency, IDF, weighting, norm, cosine).
- `controls`: bidi controls (dropped from article text) and `say`, the one way the CLI prints
  on stderr, with terminal control characters escaped.
"""
