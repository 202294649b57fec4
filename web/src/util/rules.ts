// The rule sets shipped with jixiao (`jixiao rules`): what the pages show
// until GET /api/rules has answered with those the server has.
export const RULE_SETS = [
  { id: 'cn-mof-2020', label: '财政部规则（财预〔2020〕10号）', grades: ['优', '良', '中', '差'] },
  { id: 'local-hao-2021', label: '地方变体：好/较好/一般/差', grades: ['好', '较好', '一般', '差'] },
  { id: 'local-you80-2019', label: '地方变体：优/良/差', grades: ['优', '良', '差'] },
]
export const ALL_GRADES = ['优', '良', '中', '差', '好', '较好', '一般']
