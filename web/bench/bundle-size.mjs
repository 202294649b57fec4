// What each page makes the browser fetch, gzipped: the entry with its static
// imports and styles for the pages in the main bundle (login, workbench,
// list), and for each lazily loaded page what it adds on top.  Reads Vite's
// manifest of the last build (npm run build).  Usage: node bench/bundle-size.mjs
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'

const dist = new URL('../dist/', import.meta.url).pathname
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'))
const gz = (f) => gzipSync(readFileSync(join(dist, f)), { level: 9 }).length

function closure(key, seen = new Set()) {
  const m = manifest[key]
  if (!m || seen.has(key)) return seen
  seen.add(key)
  for (const i of m.imports ?? []) closure(i, seen)
  return seen
}
function files(keys) {
  const out = new Set()
  for (const k of keys) {
    const m = manifest[k]
    out.add(m.file)
    for (const c of m.css ?? []) out.add(c)
  }
  out.add('index.html')
  return out
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`
const entry = Object.keys(manifest).find((k) => manifest[k].isEntry)
const base = files(closure(entry))
const size = (set) => [...set].reduce((n, f) => n + gz(f), 0)
const split = (set) => {
  let js = 0, css = 0
  for (const f of set) (f.endsWith('.css') ? (css += gz(f)) : (js += gz(f)))
  return `JS ${kb(js)} + CSS ${kb(css)}`
}
console.log('jixiao web bundle, gzip -9, per page (what a first visit fetches)')
console.log(`  login, workbench, list (entry)      ${kb(size(base)).padStart(9)}   ${split(base)}`)
const lazy = Object.keys(manifest).filter((k) => manifest[k].isDynamicEntry).sort()
for (const k of lazy) {
  const all = files(closure(k))
  const extra = new Set([...all].filter((f) => !base.has(f)))
  const name = k.replace(/^src\//, '')
  console.log(`  + ${name.padEnd(34)} ${kb(size(extra)).padStart(9)}   ${split(extra)}`)
}
const budget = 300 * 1024
console.log(`budget for login and list pages: ${kb(budget)}; measured ${kb(size(base))} — ${size(base) <= budget ? 'within' : 'OVER'}`)
