/**
 * The console's message catalogue: every string shown to operators, in both languages. `en` is typed against the
 * zh-CN keys, so a key missing in either fails the typecheck; `catalogue.test.ts` also checks the placeholders.
 * Placeholders are `{name}`.
 */
export const zhCN = {
  'app.name': 'Tradeloop 运营后台',
  'app.loading': '加载中…',
  'app.notFound': '页面不存在',
  'app.backHome': '返回概览',
  'app.comingLater': '后续版本提供',

  'signIn.title': '登录运营后台',
  'signIn.subtitle': '使用运营人员账号登录',
  'signIn.email': '邮箱',
  'signIn.emailRequired': '请输入邮箱',
  'signIn.emailInvalid': '邮箱格式不正确',
  'signIn.password': '密码',
  'signIn.passwordRequired': '请输入密码',
  'signIn.submit': '登录',
  'signIn.failed': '登录失败',
  'signIn.lockedOut': '尝试次数过多，请稍后再试',

  'header.signOut': '退出登录',
  'header.locale': '语言',
  'header.theme': '主题',
  'header.themeLight': '浅色',
  'header.themeDark': '深色',
  'header.admin': '管理员令牌',

  'role.admin': '管理员',
  'role.operations': '运营',
  'role.supplier_manager': '供应商经理',
  'role.sales': '销售',
  'role.customer_service': '客服',
  'role.analyst': '分析师',

  'nav.overview': '概览',
  'nav.analysis': '分析',
  'nav.marketplace': '交易市场',
  'nav.customers': '客户',
  'nav.discovery': '发现与匹配',
  'nav.engagement': '营销触达',

  'overview.title': '经营概览',
  'overview.range': '日期范围',
  'overview.last7': '近 7 天',
  'overview.last30': '近 30 天',
  'overview.last90': '近 90 天',
  'overview.comparedTo': '对比上一周期 {from} ~ {to}',
  'overview.gmv': 'GMV（支付金额）',
  'overview.orders': '支付订单数',
  'overview.payingOrgs': '付费企业数',
  'overview.arpu': 'ARPU（每付费企业）',
  'overview.previous': '上一周期：{value}',
  'overview.noPrevious': '上一周期无数据',
  'overview.registrations': '新注册（按渠道）',
  'overview.gmvTrend': '每日 GMV',
  'overview.empty': '所选日期范围内没有数据',
  'overview.error': '查询失败',
  'overview.retry': '重试',
  'overview.query': '查询',
  'overview.queryTitle': '该指标背后的查询（POST /api/query）',
  'overview.series': '序列 {letter}',
  'overview.channelNone': '直接访问 / 未知',
  'overview.signups': '注册数',

  'nav.organizations': '企业',

  'orgs.title': '企业',
  'orgs.search': '按名称搜索',
  'orgs.kind': '类型',
  'orgs.region': '区域',
  'orgs.industry': '行业',
  'orgs.businessLine': '业务线',
  'orgs.certification': '认证',
  'orgs.createdAt': '注册时间',
  'orgs.name': '名称',
  'orgs.all': '全部',
  'orgs.total': '共 {total} 家',
  'orgs.empty': '没有符合条件的企业',
  'orgs.error': '加载企业失败',
  'kind.buyer': '采购商',
  'kind.supplier': '供应商',
  'kind.both': '采购商 + 供应商',
  'cert.pending': '待审核',
  'cert.verified': '已认证',
  'cert.rejected': '已驳回',
  'region.north': '华北',
  'region.northeast': '东北',
  'region.east': '华东',
  'region.central': '华中',
  'region.south': '华南',
  'region.southwest': '西南',
  'region.northwest': '西北',
  'region.overseas': '海外',
} as const;

export type MessageKey = keyof typeof zhCN;

export const en: Record<MessageKey, string> = {
  'app.name': 'Tradeloop Console',
  'app.loading': 'Loading…',
  'app.notFound': 'Page not found',
  'app.backHome': 'Back to overview',
  'app.comingLater': 'Coming in a later release',

  'signIn.title': 'Sign in to the console',
  'signIn.subtitle': 'Use your operator account',
  'signIn.email': 'Email',
  'signIn.emailRequired': 'Enter your email',
  'signIn.emailInvalid': 'Not a valid email address',
  'signIn.password': 'Password',
  'signIn.passwordRequired': 'Enter your password',
  'signIn.submit': 'Sign in',
  'signIn.failed': 'Sign-in failed',
  'signIn.lockedOut': 'Too many attempts: try again later',

  'header.signOut': 'Sign out',
  'header.locale': 'Language',
  'header.theme': 'Theme',
  'header.themeLight': 'Light',
  'header.themeDark': 'Dark',
  'header.admin': 'Admin token',

  'role.admin': 'Administrator',
  'role.operations': 'Operations',
  'role.supplier_manager': 'Supplier manager',
  'role.sales': 'Sales',
  'role.customer_service': 'Customer service',
  'role.analyst': 'Analyst',

  'nav.overview': 'Overview',
  'nav.analysis': 'Analysis',
  'nav.marketplace': 'Marketplace',
  'nav.customers': 'Customers',
  'nav.discovery': 'Discovery & matching',
  'nav.engagement': 'Engagement',

  'overview.title': 'Business overview',
  'overview.range': 'Date range',
  'overview.last7': 'Last 7 days',
  'overview.last30': 'Last 30 days',
  'overview.last90': 'Last 90 days',
  'overview.comparedTo': 'Compared with the previous period {from} – {to}',
  'overview.gmv': 'GMV (paid)',
  'overview.orders': 'Paid orders',
  'overview.payingOrgs': 'Paying organisations',
  'overview.arpu': 'ARPU per paying org.',
  'overview.previous': 'Previous period: {value}',
  'overview.noPrevious': 'No data in the previous period',
  'overview.registrations': 'New registrations by channel',
  'overview.gmvTrend': 'GMV per day',
  'overview.empty': 'No data in the selected date range',
  'overview.error': 'The query failed',
  'overview.retry': 'Retry',
  'overview.query': 'Query',
  'overview.queryTitle': 'The query behind this figure (POST /api/query)',
  'overview.series': 'series {letter}',
  'overview.channelNone': 'Direct / unknown',
  'overview.signups': 'Registrations',

  'nav.organizations': 'Organisations',

  'orgs.title': 'Organisations',
  'orgs.search': 'Search by name',
  'orgs.kind': 'Kind',
  'orgs.region': 'Region',
  'orgs.industry': 'Industry',
  'orgs.businessLine': 'Business line',
  'orgs.certification': 'Certification',
  'orgs.createdAt': 'Registered',
  'orgs.name': 'Name',
  'orgs.all': 'All',
  'orgs.total': '{total} in all',
  'orgs.empty': 'No organisation matches',
  'orgs.error': 'Could not load the organisations',
  'kind.buyer': 'Buyer',
  'kind.supplier': 'Supplier',
  'kind.both': 'Buyer + supplier',
  'cert.pending': 'Pending',
  'cert.verified': 'Verified',
  'cert.rejected': 'Rejected',
  'region.north': 'North',
  'region.northeast': 'Northeast',
  'region.east': 'East',
  'region.central': 'Central',
  'region.south': 'South',
  'region.southwest': 'Southwest',
  'region.northwest': 'Northwest',
  'region.overseas': 'Overseas',
};

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/** Fills `{name}` placeholders; an unknown placeholder stays visible rather than silently vanishing. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The locale to start with: the remembered choice, else the browser's first language we have, else zh-CN. */
export function pickLocale(remembered: string | null, browser: readonly string[]): Locale {
  if (remembered === 'zh-CN' || remembered === 'en') return remembered;
  for (const tag of browser) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}
