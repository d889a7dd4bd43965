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
      for (const shard of shards.slice(1)) {
        await pagefind.mergeIndex(shard, Object.assign({}, settings, { mergeFilter: { [SHARD_FILTER]: shard } }));
      }
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

// Whether each shard holds a word as a whole word (after stemming): Pagefind's exact search, one shard at a time.
async function holders(index, word) {
  const held = [];
  for (const shard of index.shards) {
    held.push((await index.pagefind.search('"' + word + '"', inShard(shard, {}))).results.length > 0);
  }
  return held;
}

export async function search(term, settings) {
  const index = await load({});
  settings = settings || {};
  const all = answer(await index.pagefind.search(term, settings));
  if (index.shards.length < 2 || typeof term !== "string" || !term.trim()) return all;
  // A shard that lacks a word entirely matches the longest word it has that begins the query word (Pagefind's
  // fallback, e.g. "i" for "ipads"), which one index of the whole archive would not do as long as some page
  // holds the word. So a shard's results are dropped for each word that another shard holds and it does not.
  const words = /"/.test(term) ? [] : term.trim().split(/\s+/);
  const held = [];
  for (const word of words) held.push(await holders(index, word));
  const direction = sortedBy(settings);
  const shards = direction === "asc" ? index.shards.slice().reverse() : index.shards;
  const results = [];
  for (const shard of shards) {
    const position = index.shards.indexOf(shard);
    if (held.some(function (has) { return !has[position] && has.some(Boolean); })) continue;
    results.push.apply(results, (await index.pagefind.search(term, inShard(shard, settings))).results);
  }
  // Sorted, each shard's results are in order and the shards follow each other; otherwise the best score first.
  if (!direction) results.sort(function (a, b) { return b.score - a.score; });
  return Object.assign(all, { results: results });
}

export async function destroy() {
  if (!loading) return;
  const index = await loading;
  loading = null;
  await index.pagefind.destroy();
}
