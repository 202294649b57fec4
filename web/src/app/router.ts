// The pages and who may open them. The editor, the overview's charts and the
// administration are loaded only when opened.

import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { restore, session } from './session'
import type { Role } from '../api'
import AppLayout from './AppLayout.vue'
import PublicLayout from '../public/PublicLayout.vue'
import LoginPage from '../account/LoginPage.vue'
import WorkbenchPage from '../evaluations/WorkbenchPage.vue'
import ListPage from '../evaluations/ListPage.vue'

declare module 'vue-router' {
  interface RouteMeta { title?: string; roles?: Role[]; public?: boolean }
}

const routes: RouteRecordRaw[] = [
  { path: '/login', component: LoginPage, meta: { title: '登录', public: true } },
  {
    path: '/public', component: PublicLayout, meta: { public: true },
    children: [
      { path: '', component: () => import('../public/PublicList.vue'), meta: { title: '信息公开', public: true } },
      { path: ':id(\\d+)', component: () => import('../public/PublicReport.vue'), meta: { title: '绩效自评报告', public: true } },
      { path: 'survey/:token', component: () => import('../public/PublicSurvey.vue'), meta: { title: '满意度调查', public: true } },
    ],
  },
  {
    path: '/', component: AppLayout,
    children: [
      { path: '', redirect: '/workbench' },
      { path: 'workbench', component: WorkbenchPage, meta: { title: '工作台' } },
      { path: 'evaluations', component: ListPage, meta: { title: '绩效自评' } },
      { path: 'evaluations/new', component: () => import('../evaluations/editor/EditorPage.vue'), meta: { title: '新建自评表', roles: ['filler', 'admin'] } },
      { path: 'evaluations/import', component: () => import('../evaluations/ImportPage.vue'), meta: { title: '导入工作簿', roles: ['filler', 'admin'] } },
      { path: 'evaluations/:id(\\d+)', component: () => import('../evaluations/DetailPage.vue'), meta: { title: '自评详情' } },
      { path: 'evaluations/:id(\\d+)/edit', component: () => import('../evaluations/editor/EditorPage.vue'), meta: { title: '填报自评表', roles: ['filler', 'admin'] } },
      { path: 'projects', component: () => import('../declarations/ProjectsPage.vue'), meta: { title: '项目库' } },
      { path: 'declarations/new', component: () => import('../declarations/DeclarationPage.vue'), meta: { title: '绩效目标申报', roles: ['filler', 'admin'] } },
      { path: 'declarations/:id(\\d+)', component: () => import('../declarations/DeclarationPage.vue'), meta: { title: '绩效目标申报' } },
      { path: 'programmes', component: () => import('../programme/ProgrammesPage.vue'), meta: { title: '奖励项目' } },
      { path: 'programmes/:id(\\d+)', component: () => import('../programme/ProgrammePage.vue'), meta: { title: '奖励项目' } },
      { path: 'rounds', component: () => import('../monitor/RoundsPage.vue'), meta: { title: '绩效运行监控' } },
      { path: 'rounds/:id(\\d+)', component: () => import('../monitor/RoundPage.vue'), meta: { title: '监控轮次' } },
      { path: 'rounds/:id(\\d+)/monitor', component: () => import('../monitor/MonitoringPage.vue'), meta: { title: '填报监控表', roles: ['filler', 'admin'] } },
      { path: 'monitorings/:mid(\\d+)', component: () => import('../monitor/MonitoringPage.vue'), meta: { title: '绩效运行监控表' } },
      { path: 'overview', component: () => import('../overview/OverviewPage.vue'), meta: { title: '总览', roles: ['reviewer', 'admin'] } },
      { path: 'intake', component: () => import('../review/IntakePage.vue'), meta: { title: '批量导入', roles: ['reviewer', 'admin'] } },
      { path: 'review', component: () => import('../review/ReviewPage.vue'), meta: { title: '复核', roles: ['reviewer', 'admin'] } },
      { path: 'admin/orgs', component: () => import('../admin/OrgsPage.vue'), meta: { title: '机构管理', roles: ['admin'] } },
      { path: 'admin/users', component: () => import('../admin/UsersPage.vue'), meta: { title: '用户管理', roles: ['admin'] } },
      { path: 'account/password', component: () => import('../account/PasswordPage.vue'), meta: { title: '修改密码' } },
      { path: ':rest(.*)*', component: () => import('./NotFoundPage.vue'), meta: { title: '页面不存在' } },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  // a page opened anew is already at its top: scrolling there would lay the
  // page out before its data is in
  scrollBehavior: (to, from, saved) => (from.matched.length ? saved ?? { top: 0 } : false),
})

router.beforeEach(async (to) => {
  if (to.matched.some((r) => r.meta.public)) return true
  const user = await restore()
  if (!user) return { path: '/login', query: { next: to.fullPath } }
  const roles = to.meta.roles
  if (roles && !roles.includes(user.role)) return { path: '/workbench' }
  return true
})

router.afterEach((to) => {
  const t = to.meta.title
  document.title = t ? `${t} — 绩效自评系统` : '绩效自评系统'
  void session
})
