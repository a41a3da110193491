/**
 * The operators page's pure parts: the list's URL state (`?role=&status=&page=&size=`), the create/edit forms ↔
 * the API bodies (a data scope is '*' or a list, per dimension; an empty choice in the form means all), and the
 * initial/reset password, generated in the browser when the manager does not type one.
 */
export const OPERATOR_ROLES = [
  'admin',
  'operations',
  'supplier_manager',
  'sales',
  'customer_service',
  'analyst',
] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];
export const OPERATOR_STATUSES = ['active', 'disabled'] as const;
export const PAGE_SIZES = [20, 50, 100] as const;
/** The server's minimum (packages/core sessions/password.ts). */
export const MIN_PASSWORD_LENGTH = 10;

export type Scope = { regions: '*' | string[]; businessLines: '*' | string[] };

export type OperatorListState = {
  role?: OperatorRole;
  status?: (typeof OPERATOR_STATUSES)[number];
  page: number;
  size: number;
};

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined;

export function operatorStateFromParams(p: URLSearchParams): OperatorListState {
  const page = Number(p.get('page'));
  const size = Number(p.get('size'));
  const s: OperatorListState = {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : 20,
  };
  const role = oneOf(OPERATOR_ROLES, p.get('role'));
  if (role) s.role = role;
  const status = oneOf(OPERATOR_STATUSES, p.get('status'));
  if (status) s.status = status;
  return s;
}

export function operatorStateToParams(s: OperatorListState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.role) p.set('role', s.role);
  if (s.status) p.set('status', s.status);
  if (s.page !== 1) p.set('page', String(s.page));
  if (s.size !== 20) p.set('size', String(s.size));
  return p;
}

export function operatorsApiPath(s: OperatorListState): string {
  const p = new URLSearchParams({ limit: String(s.size), offset: String((s.page - 1) * s.size) });
  if (s.role) p.set('role', s.role);
  if (s.status) p.set('status', s.status);
  return `/api/operators?${p}`;
}

/** The scope fields of the forms: an empty list means every value ('*'). */
export type ScopeFields = { regions?: string[] | undefined; businessLines?: string[] | undefined };

export function scopeFromForm(f: ScopeFields): Scope {
  const list = (xs: string[] | undefined): '*' | string[] => (xs && xs.length > 0 ? [...new Set(xs)] : '*');
  return { regions: list(f.regions), businessLines: list(f.businessLines) };
}

export function formFromScope(s: Scope): { regions: string[]; businessLines: string[] } {
  return {
    regions: s.regions === '*' ? [] : [...s.regions],
    businessLines: s.businessLines === '*' ? [] : [...s.businessLines],
  };
}

export type OperatorForm = ScopeFields & { name: string; email: string; role: OperatorRole };

export function createOperatorRequest(f: OperatorForm): {
  name: string;
  email: string;
  role: OperatorRole;
  scope: Scope;
} {
  return { name: f.name.trim(), email: f.email.trim(), role: f.role, scope: scopeFromForm(f) };
}

/** The edit form → PATCH body with only what changed (scope compared as a whole). */
export function updateOperatorRequest(
  before: { name: string; role: string; scope: Scope },
  f: ScopeFields & { name: string; role: OperatorRole },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (f.name.trim() !== before.name) out.name = f.name.trim();
  if (f.role !== before.role) out.role = f.role;
  const scope = scopeFromForm(f);
  const same = (a: '*' | string[], b: '*' | string[]) =>
    a === '*' || b === '*' ? a === b : a.length === b.length && [...a].sort().join() === [...b].sort().join();
  if (!same(scope.regions, before.scope.regions) || !same(scope.businessLines, before.scope.businessLines)) {
    out.scope = scope;
  }
  return out;
}

// No 0/O, 1/l/I: the password is read off the screen and typed or dictated.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/**
 * A random password of `length` characters (default 16: ≈ 94 bits) from an unambiguous alphabet; `random` fills
 * a byte array (crypto.getRandomValues in the browser). Rejection sampling keeps every character equally likely.
 */
export function generatePassword(
  length = 16,
  random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  const limit = 256 - (256 % ALPHABET.length);
  let out = '';
  while (out.length < length) {
    for (const byte of random(new Uint8Array(length * 2))) {
      if (byte < limit && out.length < length) out += ALPHABET[byte % ALPHABET.length];
    }
  }
  return out;
}
