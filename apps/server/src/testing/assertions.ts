import { snapshotTables } from '@tradeloop/storage/testing';
import { expect } from 'vitest';
import type { TestApi, TestResponse } from './harness.js';

/**
 * Sends a request that must be refused and checks the refusal: the status, the machine-readable code, the error path
 * when given, and that not one row of the store changed.
 */
export async function expectRefusedWithoutWrites(
  api: TestApi,
  send: () => Promise<TestResponse>,
  status: number,
  code: string,
  path?: (string | number)[],
): Promise<TestResponse> {
  const before = await snapshotTables(api.store);
  const res = await send();
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
  if (path) expect(res.body.error.path).toEqual(path);
  expect(await snapshotTables(api.store)).toEqual(before);
  return res;
}
