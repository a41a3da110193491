/**
 * Messages of the marketplace trade area (merged into the catalogue by ../messages.ts). `en` is typed against
 * the zh-CN keys, so a key missing in either language fails the typecheck. Placeholders are `{name}`.
 */
export const zhCN = {} as const;

export const en: Record<keyof typeof zhCN, string> = {};
