import { describe, expect, it } from 'vitest';
import { applyProfileOp, emptyTraitState, lookupKeys, mergeTraitStates, type TraitState } from './traits.js';

const T1 = '2026-01-01T00:00:00.000Z';
const T2 = '2026-02-01T00:00:00.000Z';

const state = (traits: Record<string, unknown>, setOnceAt: Record<string, string> = {}): TraitState => ({
  traits,
  setOnceAt,
});

describe('profile operations', () => {
  it('set overwrites and forgets that the key was set once', () => {
    const { state: s } = applyProfileOp(state({ a: 1, b: 2 }, { b: T1 }), 'set', { b: 3, c: 'x' }, T2);
    expect(s).toEqual({ traits: { a: 1, b: 3, c: 'x' }, setOnceAt: {} });
  });

  it('set_once writes absent keys only, and remembers when', () => {
    const { state: s } = applyProfileOp(state({ a: 1 }), 'set_once', { a: 2, b: 'first' }, T1);
    expect(s).toEqual({ traits: { a: 1, b: 'first' }, setOnceAt: { b: T1 } });
  });

  it('increment adds to numbers, starts absent keys at 0, and skips non-numeric values with an error', () => {
    const { state: s, errors } = applyProfileOp(
      state({ orders: 2, name: 'x' }),
      'increment',
      { orders: 3, visits: 1, name: 1, spend: 'lots' },
      T1,
    );
    expect(s.traits).toEqual({ orders: 5, visits: 1, name: 'x' });
    expect(errors.map((e) => e.key).sort()).toEqual(['name', 'spend']);
  });

  it('append adds to a list without duplicates and refuses scalars', () => {
    const first = applyProfileOp(
      state({ tags: ['a'], title: 'x' }),
      'append',
      { tags: ['a', 'b', 'b'], fav: 'p1' },
      T1,
    );
    expect(first.state.traits).toEqual({ tags: ['a', 'b'], title: 'x', fav: ['p1'] });
    const second = applyProfileOp(first.state, 'append', { fav: ['p1', 'p2'], title: ['y'] }, T2);
    expect(second.state.traits.fav).toEqual(['p1', 'p2']);
    expect(second.state.traits.title).toBe('x');
    expect(second.errors).toEqual([{ key: 'title', reason: 'cannot append to a text value' }]);
  });

  it('unset removes keys whatever their value in the operation', () => {
    const { state: s } = applyProfileOp(state({ a: 1, b: 2 }, { a: T1 }), 'unset', { a: true, zzz: true }, T2);
    expect(s).toEqual({ traits: { b: 2 }, setOnceAt: {} });
  });

  it('refuses __proto__ as a trait name and leaves the prototype alone', () => {
    const props = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as Record<string, unknown>;
    const { state: s, errors } = applyProfileOp(emptyTraitState(), 'set', props, T1);
    expect(s.traits).toEqual({ ok: 1 });
    expect(Object.getPrototypeOf(s.traits)).toBe(Object.prototype);
    expect(errors).toEqual([{ key: '__proto__', reason: 'not a valid trait name' }]);
  });

  it('does not change the state it was given', () => {
    const before = state({ n: 1 });
    applyProfileOp(before, 'increment', { n: 1 }, T1);
    expect(before.traits.n).toBe(1);
  });
});

describe('merging traits', () => {
  it("keeps the identified person's values and adds the keys only the other has", () => {
    const merged = mergeTraitStates(state({ name: 'Li', plan: 'pro' }), state({ name: 'anon', city: '上海' }));
    expect(merged.traits).toEqual({ name: 'Li', plan: 'pro', city: '上海' });
  });

  it('keeps the earlier of two set_once values', () => {
    const target = state({ first_seen: 'late', x: 1 }, { first_seen: T2 });
    const source = state({ first_seen: 'early' }, { first_seen: T1 });
    expect(mergeTraitStates(target, source)).toEqual({
      traits: { first_seen: 'early', x: 1 },
      setOnceAt: { first_seen: T1 },
    });
    // The other way round the target's (earlier) value stays.
    expect(mergeTraitStates(source, target).traits.first_seen).toBe('early');
  });

  it("lets a value the identified person set win over the other's set_once", () => {
    const merged = mergeTraitStates(state({ first_seen: 'set' }), state({ first_seen: 'once' }, { first_seen: T1 }));
    expect(merged).toEqual({ traits: { first_seen: 'set' }, setOnceAt: {} });
  });
});

describe('lookup keys', () => {
  it('normalise phone like contacts (no spaces or dashes) and email to lower case', () => {
    expect(lookupKeys({ phone: ' 138-0013 8000 ', email: 'Li.Wei@Example.COM' })).toEqual({
      phone: '13800138000',
      email: 'li.wei@example.com',
    });
  });

  it('use the first of the usual names, accept numeric phones, and ignore empty or other values', () => {
    expect(lookupKeys({ $phone: 13800138000, $email: 'a@b.cn' })).toEqual({ phone: '13800138000', email: 'a@b.cn' });
    expect(lookupKeys({ phone: '', mobile: '139 0000 0000', email: ['x'] })).toEqual({
      phone: '13900000000',
      email: null,
    });
  });
});
