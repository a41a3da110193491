import { describe, expect, it } from 'vitest';
import { catalogues, en, format, pickLocale, zhCN } from './messages';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogue', () => {
  it('has the same keys in zh-CN and en', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('has no empty message and the same placeholders in both languages', () => {
    for (const [key, zh] of Object.entries(zhCN)) {
      const english = (en as Record<string, string>)[key] ?? '';
      expect(zh.trim(), key).not.toBe('');
      expect(english.trim(), key).not.toBe('');
      expect(placeholders(english), key).toEqual(placeholders(zh));
    }
  });

  it('zh-CN messages are Chinese and en messages are not (a copy-paste would show the wrong language)', () => {
    const cjk = /[\u4e00-\u9fff]/;
    const zhWithoutCjk = Object.entries(catalogues['zh-CN']).filter(([, s]) => !cjk.test(s) && !/^[A-Za-z ]+$/.test(s));
    expect(zhWithoutCjk).toEqual([]);
    expect(Object.entries(catalogues.en).filter(([, s]) => cjk.test(s))).toEqual([]);
  });
});

describe('format', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('对比 {from} ~ {to}', { from: '2026-01-01', to: 2 })).toBe('对比 2026-01-01 ~ 2');
    expect(format('series {letter} {x}', { letter: 'A' })).toBe('series A {x}');
  });
});

describe('pickLocale', () => {
  it('prefers the remembered choice, then the browser languages, then zh-CN', () => {
    expect(pickLocale('en', ['zh-CN'])).toBe('en');
    expect(pickLocale(null, ['fr-FR', 'en-GB', 'zh-TW'])).toBe('en');
    expect(pickLocale('xx', ['zh-HK'])).toBe('zh-CN');
    expect(pickLocale(null, ['de'])).toBe('zh-CN');
  });
});

describe('area catalogues', () => {
  it('never define the same key twice (a later area would silently replace an earlier one)', async () => {
    const areas = import.meta.glob<{ zhCN: Record<string, string> }>('./areas/*.ts', { eager: true });
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const [file, mod] of Object.entries(areas)) {
      for (const key of Object.keys(mod.zhCN)) {
        const before = seen.get(key);
        if (before) clashes.push(`${key} in ${before} and ${file}`);
        seen.set(key, file);
      }
    }
    expect(clashes).toEqual([]);
  });
});
