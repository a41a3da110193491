import { useCallback, useEffect, useState } from 'react';
import { api } from './client';

export type QueryState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'done'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: Error };

/**
 * Runs one analytics query node (`POST /api/query`) and re-runs it when the node changes (compared as JSON);
 * a superseded request is aborted so an old answer never overwrites a newer one.
 */
export function useAnalyticsQuery<T>(node: unknown): QueryState<T> & { retry: () => void } {
  const key = JSON.stringify(node);
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `node`; `attempt` forces a re-run
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    api<T>('POST', '/api/query', JSON.parse(key), controller.signal).then(
      (data) => setState({ status: 'done', data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => controller.abort();
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}

/** `GET path` (with its query string), re-run when the path changes; a superseded request is aborted. */
export function useApiGet<T>(path: string): QueryState<T> & { retry: () => void } {
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` forces a re-run
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => (s.status === 'loading' ? s : { status: 'loading' }));
    api<T>('GET', path, undefined, controller.signal).then(
      (data) => setState({ status: 'done', data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => controller.abort();
  }, [path, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
