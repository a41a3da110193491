/**
 * Certification review: the queue's paging and the labels the organisation pages share. The API lists
 * organisations newest first and has no sort parameter, so the queue (oldest first: whoever has waited longest is
 * reviewed first) reads the window at the far end of the newest-first list and reverses it.
 */
import type { MessageKey } from '../../i18n/messages';

export const CERT_COLOURS: Record<string, string> = { pending: 'gold', verified: 'green', rejected: 'red' };

/** The demo's and the simulator's business lines; any other slug is shown as it is. */
export const BUSINESS_LINES = ['steel', 'chemicals', 'apparel', 'parts', 'services'] as const;

export function businessLineLabel(slug: string, t: (key: MessageKey) => string): string {
  return (BUSINESS_LINES as readonly string[]).includes(slug) ? t(`businessLine.${slug}` as MessageKey) : slug;
}

/** Whether the operator's permissions (from GET /api/me; `*` for the admin token) include `permission`. */
export function hasPermission(permissions: readonly string[], permission: string): boolean {
  return permissions.includes('*') || permissions.includes(permission);
}

export const PENDING_PATH = '/api/organizations?certificationStatus=pending';
