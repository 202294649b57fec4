// The one place the application talks HTTP: same-origin JSON, the session
// cookie, the CSRF token on writes, versions in If-Match, and errors as
// ApiError with the server's code, pointer and details.

import type { ApiErrorBody, ApiErrorDetail } from './types'

export class ApiError extends Error {
  status: number
  code: string
  where: string | null
  details: ApiErrorDetail[]
  body: unknown
  /** The message in Chinese, as the server says it, or null. */
  messageZh: string | null
  constructor(status: number, code: string, message: string, where: string | null = null,
    details: ApiErrorDetail[] = [], body: unknown = null) {
    super(message)
    this.status = status
    this.code = code
    this.where = where
    this.details = details
    this.body = body
    this.messageZh = (body as ApiErrorBody | null)?.error?.message_zh ?? null
  }
  /** The endpoint is not on this server yet (proposed in web/API-PROPOSAL.md). */
  get missing(): boolean {
    return this.status === 404 && (this.code === 'not_found' || this.code === 'http')
      || this.status === 405 || this.status === 501
  }
  get offline(): boolean { return this.status === 0 }
}

let csrf = ''
export function setCsrf(token: string) { csrf = token }

type Listener = (e: ApiError) => void
const expiredListeners = new Set<Listener>()
/** Called when a request made with a session gets 401: the session ended. */
export function onSessionExpired(fn: Listener): () => void {
  expiredListeners.add(fn)
  return () => expiredListeners.delete(fn)
}

export interface RequestOptions {
  method?: string
  query?: Record<string, string | number | boolean | undefined | null>
  json?: unknown
  body?: BodyInit
  contentType?: string
  version?: number
  anonymous?: boolean // send no cookie: what the public sees
  signal?: AbortSignal
  quiet401?: boolean // a 401 here is an answer, not an expired session
}

export interface Response<T> { data: T; etag: string | null; status: number }

export function url(path: string, query?: RequestOptions['query']): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `${path}?${s}` : path
}

export async function request<T>(path: string, o: RequestOptions = {}): Promise<Response<T>> {
  const method = o.method ?? 'GET'
  const headers: Record<string, string> = { Accept: 'application/json' }
  let body: BodyInit | undefined = o.body
  if (o.json !== undefined) {
    body = JSON.stringify(o.json)
    headers['Content-Type'] = 'application/json'
  } else if (o.contentType) {
    headers['Content-Type'] = o.contentType
  }
  if (method !== 'GET' && method !== 'HEAD' && csrf && !o.anonymous) headers['X-CSRF-Token'] = csrf
  if (o.version !== undefined) headers['If-Match'] = `"${o.version}"`
  let res: globalThis.Response
  try {
    res = await fetch(url(path, o.query), {
      method, headers, body, signal: o.signal,
      credentials: o.anonymous ? 'omit' : 'same-origin',
      cache: 'no-store',
    })
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new ApiError(0, 'network', '网络连接失败，请检查网络后重试')
  }
  const etag = res.headers.get('ETag')
  if (res.status === 204) return { data: undefined as T, etag, status: 204 }
  const type = res.headers.get('Content-Type') ?? ''
  let data: unknown = null
  if (type.includes('json')) {
    try { data = await res.json() } catch { data = null }
  } else {
    data = await res.text()
  }
  if (!res.ok) {
    const err = (data as ApiErrorBody | null)?.error
    const e = new ApiError(res.status, err?.code ?? 'http', err?.message ?? `HTTP ${res.status}`,
      err?.where ?? null, err?.details ?? [], data)
    if (res.status === 401 && !o.anonymous && !o.quiet401) expiredListeners.forEach((fn) => fn(e))
    throw e
  }
  return { data: data as T, etag, status: res.status }
}

/** The version an ETag names ("3", W/"3"). */
export function etagVersion(etag: string | null): number | null {
  const m = etag?.match(/(\d+)/)
  return m ? Number(m[1]) : null
}

/** A body sent with its progress told as it goes (fetch cannot): the share
 *  of bytes sent, 0‥1, then the answer as `request` gives it. */
export function upload<T>(path: string, body: Blob, contentType: string, query: RequestOptions['query'],
  progress?: (sent: number) => void, signal?: AbortSignal): Promise<Response<T>> {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest()
    x.open('POST', url(path, query))
    x.setRequestHeader('Accept', 'application/json')
    x.setRequestHeader('Content-Type', contentType)
    if (csrf) x.setRequestHeader('X-CSRF-Token', csrf)
    x.withCredentials = true
    x.responseType = 'text'
    if (progress) x.upload.onprogress = (e) => { if (e.lengthComputable && e.total) progress(e.loaded / e.total) }
    x.onerror = () => reject(new ApiError(0, 'network', '网络连接失败，请检查网络后重试'))
    x.onabort = () => reject(new DOMException('aborted', 'AbortError'))
    x.onload = () => {
      let data: unknown = null
      if ((x.getResponseHeader('Content-Type') ?? '').includes('json')) {
        try { data = JSON.parse(x.responseText) } catch { data = null }
      } else data = x.responseText
      if (x.status < 200 || x.status >= 300) {
        const err = (data as ApiErrorBody | null)?.error
        const e = new ApiError(x.status, err?.code ?? 'http', err?.message ?? `HTTP ${x.status}`,
          err?.where ?? null, err?.details ?? [], data)
        if (x.status === 401) expiredListeners.forEach((fn) => fn(e))
        reject(e)
        return
      }
      progress?.(1)
      resolve({ data: data as T, etag: x.getResponseHeader('ETag'), status: x.status })
    }
    signal?.addEventListener('abort', () => x.abort())
    x.send(body)
  })
}
