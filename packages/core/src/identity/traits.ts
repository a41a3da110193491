import type { ProfileOp } from '@tradeloop/schema';

/**
 * Profile semantics of person and group traits, after Sensors Analytics' profile_* operations. Pure functions over
 * plain objects: the identity service loads, applies and stores.
 */
export type Traits = Record<string, unknown>;

/** Traits plus, for keys whose value came from set_once, when: merges keep the earliest set_once value. */
export type TraitState = { traits: Traits; setOnceAt: Record<string, string> };

/** A key a profile operation could not apply (the rest of the operation still applies). */
export type TraitError = { key: string; reason: string };

export const emptyTraitState = (): TraitState => ({ traits: {}, setOnceAt: {} });

const has = (o: object, key: string): boolean => Object.hasOwn(o, key);

/** `__proto__` cannot be an own key of a plain object written by assignment; refusing it keeps objects plain. */
const UNSAFE_KEY = '__proto__';

/**
 * Applies one profile operation:
 * - set: overwrite;
 * - set_once: only keys that are absent;
 * - increment: add a finite number to a numeric (or absent = 0) value;
 * - append: add values to a list, skipping values already in it (Sensors lists are sets);
 * - unset: remove the keys (their values are ignored).
 * A key that cannot be applied (increment of text, append to a scalar) is reported and skipped.
 *
 * @example applyProfileOp(emptyTraitState(), 'increment', { orders: 1 }, at).state.traits // { orders: 1 }
 */
export function applyProfileOp(
  state: TraitState,
  op: ProfileOp,
  properties: Record<string, unknown>,
  at: string,
): { state: TraitState; errors: TraitError[] } {
  const traits: Traits = { ...state.traits };
  const setOnceAt: Record<string, string> = { ...state.setOnceAt };
  const errors: TraitError[] = [];
  for (const [key, value] of Object.entries(properties)) {
    if (key === UNSAFE_KEY) {
      errors.push({ key, reason: 'not a valid trait name' });
      continue;
    }
    switch (op) {
      case 'set':
        traits[key] = value;
        delete setOnceAt[key];
        break;
      case 'set_once':
        if (!has(traits, key)) {
          traits[key] = value;
          setOnceAt[key] = at;
        }
        break;
      case 'increment': {
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          errors.push({ key, reason: 'increment needs a number' });
          break;
        }
        const current = has(traits, key) ? traits[key] : 0;
        if (typeof current !== 'number') {
          errors.push({ key, reason: `cannot increment a ${describe(current)} value` });
          break;
        }
        traits[key] = current + value;
        delete setOnceAt[key];
        break;
      }
      case 'append': {
        const current = has(traits, key) ? traits[key] : [];
        if (!Array.isArray(current)) {
          errors.push({ key, reason: `cannot append to a ${describe(current)} value` });
          break;
        }
        traits[key] = appendUnique(current, Array.isArray(value) ? value : [value]);
        delete setOnceAt[key];
        break;
      }
      case 'unset':
        delete traits[key];
        delete setOnceAt[key];
        break;
    }
  }
  return { state: { traits, setOnceAt }, errors };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'string' ? 'text' : typeof value;
}

/** Values compared as JSON, so lists of objects dedupe too. */
function appendUnique(list: readonly unknown[], values: readonly unknown[]): unknown[] {
  const out = [...list];
  const seen = new Set(list.map((v) => JSON.stringify(v)));
  for (const v of values) {
    const k = JSON.stringify(v);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}

/**
 * The traits of two persons merged into one: the identified (target) person's values win, keys only the source
 * has are taken from it, and where both values came from set_once the earlier one is kept.
 */
export function mergeTraitStates(target: TraitState, source: TraitState): TraitState {
  const traits: Traits = { ...target.traits };
  const setOnceAt: Record<string, string> = { ...target.setOnceAt };
  for (const [key, value] of Object.entries(source.traits)) {
    if (key === UNSAFE_KEY) continue;
    const sourceOnce = source.setOnceAt[key];
    const targetOnce = setOnceAt[key];
    const takeSource =
      !has(traits, key) || (sourceOnce !== undefined && targetOnce !== undefined && sourceOnce < targetOnce);
    if (!takeSource) continue;
    traits[key] = value;
    if (sourceOnce !== undefined) setOnceAt[key] = sourceOnce;
    else delete setOnceAt[key];
  }
  return { traits, setOnceAt };
}

const PHONE_KEYS = ['phone', '$phone', 'mobile'] as const;
const EMAIL_KEYS = ['email', '$email'] as const;

/** Phones as the contacts service stores them: without spaces and dashes (and NUL, which PostgreSQL text refuses). */
export const normalizePhone = (phone: string): string => phone.replaceAll('\u0000', '').trim().replace(/[ -]/g, '');
/** Emails as the contacts service stores them: lower case (without NUL, which PostgreSQL text refuses). */
export const normalizeEmail = (email: string): string => email.replaceAll('\u0000', '').trim().toLowerCase();

/** The phone and email of a person's traits, normalised for lookups (the first of the usual trait names). */
export function lookupKeys(traits: Traits): { phone: string | null; email: string | null } {
  const first = (keys: readonly string[]): string | null => {
    for (const key of keys) {
      const v = has(traits, key) ? traits[key] : undefined;
      if (typeof v === 'string' && v.trim() !== '') return v;
      if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    }
    return null;
  };
  const phone = first(PHONE_KEYS);
  const email = first(EMAIL_KEYS);
  return {
    phone: phone === null ? null : normalizePhone(phone).slice(0, 64) || null,
    email: email === null ? null : normalizeEmail(email).slice(0, 254) || null,
  };
}
