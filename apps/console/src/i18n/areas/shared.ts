/**
 * Messages of components every area uses (tables, exports, pinning). `en` is typed against the zh-CN keys.
 * Placeholders are `{name}`.
 */
export const zhCN = {
  'table.search': '搜索',
  'table.exportCsv': '导出 CSV（{n} 行）',
  'table.total': '共 {n} 条',
  'table.exportFailed': '导出失败',
  'pin.button': '固定到看板',
  'pin.unavailable': '看板功能即将提供',
} as const;

export const en: Record<keyof typeof zhCN, string> = {
  'table.search': 'Search',
  'table.exportCsv': 'Export CSV ({n} rows)',
  'table.total': '{n} in all',
  'table.exportFailed': 'Export failed',
  'pin.button': 'Pin to board',
  'pin.unavailable': 'Boards are coming soon',
};
