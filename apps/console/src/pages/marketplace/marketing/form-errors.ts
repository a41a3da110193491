import { ApiError } from '../../../api/client';

/**
 * Server field errors on the form: the API answers a bad body with `error.path` (`['body', 'validUntil']`) and a
 * message; the marketplace-admin forms show it under the field it names (antd `form.setFields`), and anything that
 * names no field of the form in an Alert above the buttons. Used by the marketing, member and settings pages.
 */
export type FieldError = { name: (string | number)[]; errors: string[] };

/** `body.validUntil: validUntil must be after validFrom` → `validUntil must be after validFrom`. */
export function fieldMessage(message: string): string {
  return message.replace(/^(body|querystring|params)(\.[\w.]+)?: /, '');
}

/**
 * The form field an API error names, or null. `rename` maps a body path (joined with '.') to the form's field name
 * where they differ (`scope.regions` → `regions`); `fields` are the form's fields (others are not shown on a field).
 */
export function fieldErrorOf(
  err: unknown,
  fields: readonly string[],
  rename: Record<string, string> = {},
): FieldError | null {
  if (!(err instanceof ApiError) || !err.path || err.path[0] !== 'body' || err.path.length < 2) return null;
  const rest = err.path.slice(1);
  const joined = rest.join('.');
  const renamed = rename[joined] ?? rename[String(rest[0])];
  if (renamed !== undefined) {
    return fields.includes(renamed) ? { name: [renamed], errors: [fieldMessage(err.message)] } : null;
  }
  // Nested paths (`products.0.unitPrice`) name a Form.List item's field as they are.
  if (!fields.includes(String(rest[0]))) return null;
  return { name: rest, errors: [fieldMessage(err.message)] };
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

type Settable = { setFields: (fields: { name: never; errors: string[] }[]) => void };

/**
 * Shows the server's field error on `form` (true) or leaves it to the caller's Alert (false). The path comes from
 * the server, so antd's statically typed field names cannot describe it.
 */
export function applyFieldError(
  form: unknown,
  err: unknown,
  fields: readonly string[],
  rename: Record<string, string> = {},
): boolean {
  const field = fieldErrorOf(err, fields, rename);
  if (!field) return false;
  (form as Settable).setFields([{ name: field.name as never, errors: field.errors }]);
  return true;
}
