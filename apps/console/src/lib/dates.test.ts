import { afterEach, describe, expect, it } from 'vitest';
import { setTimeZone, TIME_ZONE, today } from './dates';

describe('the display time zone', () => {
  afterEach(() => setTimeZone('Asia/Shanghai'));

  it('follows the server: the same instant is another day in another zone', () => {
    const instant = new Date('2026-11-30T20:00:00Z'); // 04:00 on Dec 1 in Shanghai, 15:00 on Nov 30 in New York
    expect(today(instant)).toBe('2026-12-01');
    setTimeZone('America/New_York');
    expect(TIME_ZONE).toBe('America/New_York');
    expect(today(instant)).toBe('2026-11-30');
  });

  it('keeps the current zone when given one the browser does not know', () => {
    setTimeZone('Mars/Olympus_Mons');
    expect(TIME_ZONE).toBe('Asia/Shanghai');
  });
});
