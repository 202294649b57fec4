// Starts a real `jixiao serve --demo` on a throwaway SQLite database and the
// built application (vite preview, /api proxied to it), each on a free
// loopback port; the logins go to the tests through the environment.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.unref()
    s.on('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const a = s.address()
      const port = typeof a === 'object' && a ? a.port : 0
      s.close(() => ok(port))
    })
  })
}

function waitFor(child: ChildProcess, pattern: RegExp, what: string, ms = 30_000): Promise<string> {
  return new Promise((ok, fail) => {
    let out = ''
    const timer = setTimeout(() => fail(new Error(`${what} did not start in ${ms} ms:\n${out}`)), ms)
    const on = (b: Buffer) => {
      out += b.toString()
      if (pattern.test(out)) { clearTimeout(timer); ok(out) }
    }
    child.stdout?.on('data', on)
    child.stderr?.on('data', on)
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`${what} exited (${code}):\n${out}`)) })
  })
}

export default async function globalSetup() {
  const root = resolve(here, '../..')
  const bin = process.env.JIXIAO_BIN ?? join(root, 'build', 'jixiao')
  if (!existsSync(bin)) throw new Error(`no server binary at ${bin}: build it or set JIXIAO_BIN`)
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-web-'))
  const apiPort = await freePort()
  const server = spawn(bin, ['serve', '--demo', '--listen', `127.0.0.1:${apiPort}`, '--db', join(dir, 'web.db'), '--access-log', 'off', '--deadline', '2021-03-31'],
    { stdio: ['ignore', 'pipe', 'pipe'] })
  const out = await waitFor(server, /Ctrl-C or SIGTERM/, 'jixiao serve')
  const pw = out.match(/password for all four: (\S+)/)
  if (!pw) throw new Error(`no password in:\n${out}`)
  // a second unit with its own filler, for the tests of scope
  const db = join(dir, 'web.db')
  const cli = (args: string[], input?: string) => {
    const r = spawnSync(bin, [...args, '--db', db], { input, encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`jixiao ${args.join(' ')}: ${r.stderr}`)
  }
  cli(['org', 'add', 'unit', '科技合作科', '--parent', '株洲市工业和信息化局'])
  cli(['user', 'add', 'keji', '--role', 'filler', '--org', '科技合作科', '--name', '科技合作科填报人', '--password-stdin'], `${pw[1]}\n`)
  process.env.JX_API = `http://127.0.0.1:${apiPort}`
  process.env.JX_PASSWORD = pw[1]
  process.env.JX_BIN = bin
  process.env.JX_DB = db
  // the server itself serves the application when it was built with this
  // very build of it embedded; else vite preview serves it, /api proxied
  const built = readFileSync(join(here, '..', 'dist', 'index.html'), 'utf8')
  const served = await fetch(`http://127.0.0.1:${apiPort}/login`).then((r) => r.text()).catch(() => '')
  const stop = async (c: ChildProcess) => {
    if (c.exitCode !== null) return
    c.kill('SIGTERM')
    await new Promise((r) => { const t = setTimeout(() => { c.kill('SIGKILL'); r(null) }, 5000); c.on('exit', () => { clearTimeout(t); r(null) }) })
  }
  if (served === built) {
    process.env.JX_BASE = `http://127.0.0.1:${apiPort}`
    process.env.JX_SERVED_BY = 'jixiao serve'
    console.log(`web: the application as embedded in ${bin}`)
    return async () => { await stop(server); rmSync(dir, { recursive: true, force: true }) }
  }
  console.log('web: the application from web/dist through vite preview (the server was built without it)')
  const webPort = await freePort()
  const vite = spawn(process.execPath, [join(here, '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'preview', '--port', String(webPort), '--strictPort', '--host', '127.0.0.1'],
    { cwd: resolve(here, '..'), env: { ...process.env, JIXIAO_API: `http://127.0.0.1:${apiPort}` }, stdio: ['ignore', 'pipe', 'pipe'] })
  await waitFor(vite, new RegExp(`127\\.0\\.0\\.1:${webPort}`), 'vite preview')
  process.env.JX_BASE = `http://127.0.0.1:${webPort}`
  process.env.JX_SERVED_BY = 'vite preview'
  return async () => {
    await stop(vite)
    await stop(server)
    rmSync(dir, { recursive: true, force: true })
  }
}
