// Who is logged in, shared by every page; a session that ends while a page
// is open raises `expired`, and the page keeps its state while the login
// dialog asks again.

import { reactive, readonly } from 'vue'
import * as api from '../api'
import type { Role, User } from '../api'

const state = reactive({
  user: null as User | null,
  checked: false,
  expired: false,
})

export const session = readonly(state)

export async function restore(): Promise<User | null> {
  if (state.checked) return state.user
  try {
    state.user = (await api.me()).user
  } catch {
    state.user = null
  }
  state.checked = true
  return state.user
}

export async function login(name: string, password: string): Promise<User> {
  const s = await api.login(name, password)
  state.user = s.user
  state.checked = true
  state.expired = false
  return s.user
}

export async function logout(): Promise<void> {
  try { await api.logout() } finally {
    state.user = null
    state.expired = false
  }
}

export function markExpired() {
  if (state.user) state.expired = true
}

api.onSessionExpired(() => markExpired())

export function hasRole(...roles: Role[]): boolean {
  return !!state.user && roles.includes(state.user.role)
}
