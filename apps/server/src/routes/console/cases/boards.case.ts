import type { WorldRef } from '../console-world.browser.js';

/**
 * Browser cases of the boards area, run by console.browser.test.ts after the shell's sign-in (the
 * shared page is signed in as the admin operator, in zh-CN, on the overview). Each case leaves the page on the
 * overview in zh-CN.
 */
export function boardsCases(_w: WorldRef): void {}
