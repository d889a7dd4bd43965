// The archive's search index as one Pagefind module, for Pagefind's interface (assets/search.js makes this
// folder the interface's bundle). The index is split by year into shards, pagefind/<years>/, listed newest
// first in pagefind/shards.json (generator/search.py): the first is Pagefind's primary index, the others are
// merged into it with Pagefind's mergeIndex, so that one WebAssembly program searches them all.
//
// The results are gathered one shard at a time (each shard carries a filter naming it): Pagefind puts merged
// results in order of score, and for a sorted search a result's score is its place in its own shard, so the
// shards' results would be interleaved; sorted, the shards' results follow each other in the shards' order.

const SHARD_FILTER = "minutes-shard"; // never shown: removed from every answer below
const bundles = new URL("../../pagefind/", import.meta.url);
let loading = null;

function load(settings) {
  if (!loading) {
    loading = (async function () {
      const response = await fetch(new URL("shards.json", bundles));
      const shards = (await response.json()).map(function (key) { return new URL(key + "/", bundles).pathname; });
      const pagefind = await import(new URL("pagefind.js", new URL(shards[0], bundles)).href);
      await pagefind.options(Object.assign({}, settings, { mergeFilter: { [SHARD_FILTER]: shards[0] } }));
      // Loaded side by side: Pagefind adds each merged index to its list when asked, so their order stays the shards'.
      await Promise.all(shards.slice(1).map(function (shard) {
        return pagefind.mergeIndex(shard, Object.assign({}, settings, { mergeFilter: { [SHARD_FILTER]: shard } }));
      }));
      return { pagefind: pagefind, shards: shards };
    })();
  }
  return loading;
}

function withoutShards(counts) {
  if (counts) delete counts[SHARD_FILTER];
  return counts;
}

function answer(response) {
  withoutShards(response.filters);
  withoutShards(response.totalFilters);
  return response;
}

export async function options(settings) {
  const settingsForIndexes = Object.assign({}, settings);
  delete settingsForIndexes.basePath;
  await load(settingsForIndexes);
}

export async function mergeIndex() {
  throw new Error("the archive's shards are merged by assets/pagefind/pagefind.js itself");
}

export async function filters() {
  const index = await load({});
  return withoutShards(await index.pagefind.filters());
}

export async function preload(term, settings) {
  const index = await load({});
  await index.pagefind.preload(term, settings);
}

function sortedBy(settings) {
  const sort = settings.sort || {};
  const keys = Object.keys(sort);
  return keys.length ? sort[keys[0]] : null;
}

function inShard(shard, settings) {
  return Object.assign({}, settings, { filters: Object.assign({}, settings.filters, { [SHARD_FILTER]: shard }) });
}

// How many results each shard gives for a search: the count of each value of the filter naming the shards.
function perShard(index, response) {
  const counts = (response.filters && response.filters[SHARD_FILTER]) || {};
  return index.shards.map(function (shard) { return counts[shard] || 0; });
}

// Whether each shard holds a word as a whole word (after stemming): one exact search, counted shard by shard.
async function holders(index, word) {
  return perShard(index, await index.pagefind.search('"' + word + '"', {})).map(function (count) { return count > 0; });
}

// Each search below runs in every shard: their number, not the shards', must stay small (a search per
// shard and word made a first query at 100,000 meetings, 29 shards, take three minutes).
export async function search(term, settings) {
  const index = await load({});
  settings = settings || {};
  const searched = index.pagefind.search(term, settings);
  if (index.shards.length < 2 || typeof term !== "string" || !term.trim()) return answer(await searched);
  // A shard that lacks a word entirely matches the longest word it has that begins the query word (Pagefind's
  // fallback, e.g. "i" for "ipads"), which one index of the whole archive would not do as long as some page
  // holds the word. So a shard's results are dropped for each word that another shard holds and it does not.
  const words = /"/.test(term) ? [] : term.trim().split(/\s+/);
  const held = await Promise.all(words.map(function (word) { return holders(index, word); }));
  let all = await searched;
  const kept = index.shards.filter(function (shard, position) {
    return !held.some(function (has) { return !has[position] && has.some(Boolean); });
  });
  if (kept.length < index.shards.length) {
    const filters = Object.assign({}, settings.filters, { [SHARD_FILTER]: { any: kept } });
    all = await index.pagefind.search(term, Object.assign({}, settings, { filters: filters }));
    if (!kept.length) all.results = [];
  }
  const direction = sortedBy(settings);
  if (!direction) return answer(all);  // Pagefind merges the shards' results by score, best first
  // Sorted, a result's score is its place in its own shard: each shard's results are asked for in turn
  // (only the shards that have any), and the shards follow each other in their order.
  const counts = perShard(index, all);
  const shards = direction === "asc" ? index.shards.slice().reverse() : index.shards;
  const results = [];
  for (const shard of shards) {
    if (!counts[index.shards.indexOf(shard)]) continue;
    results.push.apply(results, (await index.pagefind.search(term, inShard(shard, settings))).results);
  }
  return Object.assign(answer(all), { results: results });
}

export async function destroy() {
  if (!loading) return;
  const index = await loading;
  loading = null;
  await index.pagefind.destroy();
}
