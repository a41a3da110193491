import { randomBytes } from 'node:crypto';
import { Email, type Operator } from '@tradeloop/schema';
import { newId } from '../../ids.js';
import {
  type DataScope,
  type OperatorRole,
  type Permission,
  type Principal,
  requirePermission,
  rolePermissions,
} from '../access.js';
import { hashToken, TOKEN_CACHE_MS } from '../auth/service.js';
import { type Executor, inTransaction, type MarketplaceDeps, nowIso, parseJson } from '../context.js';
import { MarketplaceError, notFound } from '../errors.js';
import { toOperator } from '../operators/service.js';
import { SignInLockout } from './lockout.js';
import { checkNewPassword, dummyHash, generatePassword, hashPassword, verifyPassword } from './password.js';

export type SessionsOptions = {
  /** A session unused this long ends (default 12 hours). */
  idleMs?: number;
  /** A session ends this long after sign-in, however busy (default 7 days). */
  absoluteMs?: number;
  /** Failed sign-ins per email (default: 10 within 15 minutes). */
  lockout?: SignInLockout;
};

/** A new console session: the token goes into the cookie, and is never stored or shown again. */
export type ConsoleSession = {
  token: string;
  expiresAt: string;
  operator: Operator;
  permissions: Permission[];
};

/** The first operator's sign-in, for `tradeloop start` to print (only when just generated or taken from the env). */
export type FirstOperatorSignIn = { email: string; password: string; source: 'generated' | 'env' };

type OperatorPrincipal = Extract<Principal, { kind: 'operator' }>;

export const DEFAULT_ADMIN_EMAIL = 'admin@tradeloop.local';
/** A session's last use is written at most this often: reads stay reads for most requests. */
const TOUCH_EVERY_MS = 60_000;
const CACHE_MAX = 10_000;

const invalidCredentials = () =>
  // One message whether the email exists, has no password, or the password is wrong.
  new MarketplaceError('invalid_credentials', 'email or password is incorrect');

/**
 * Operators signing in to the console with email and password. Passwords are stored as argon2id PHC strings; a
 * session is a random token in an HttpOnly cookie, stored as its sha256, that ends when signed out, when revoked (a
 * password change), after 12 h idle or 7 days in all, or when the operator is disabled.
 *
 * @example
 * const s = await market.sessions.signIn('ops@example.com', 'correct horse battery');
 * reply.setCookie('tl_session', s.token, { httpOnly: true, sameSite: 'lax' });
 * const principal = await market.sessions.authenticate(s.token); // { kind: 'operator', ... }
 */
export class SessionsService {
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly lockout: SignInLockout;
  /** Resolved sessions, reused for TOKEN_CACHE_MS like API tokens; cleared on sign-out and on principal changes. */
  private readonly cache = new Map<string, { principal: OperatorPrincipal | undefined; until: number }>();

  constructor(
    private readonly deps: MarketplaceDeps,
    options: SessionsOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 12 * 3_600_000;
    this.absoluteMs = options.absoluteMs ?? 7 * 86_400_000;
    this.lockout = options.lockout ?? new SignInLockout();
  }

  /**
   * Signs an operator in. Unknown email, no password set and wrong password are one answer (`invalid_credentials`)
   * at one cost (the KDF runs every time); after 10 failures for an email within 15 minutes it is
   * `too_many_attempts` with `details.retryAfterSeconds`; a disabled operator is `forbidden` (told only to someone
   * who knows the password).
   */
  async signIn(email: string, password: string): Promise<ConsoleSession> {
    const key = email.trim().toLowerCase();
    const nowMs = this.deps.clock().getTime();
    const wait = this.lockout.retryAfterSeconds(key, nowMs);
    if (wait > 0) {
      throw new MarketplaceError('too_many_attempts', `too many failed sign-ins; try again in ${wait} seconds`, {
        details: { retryAfterSeconds: wait },
      });
    }
    const { db } = this.deps.store;
    const row = await db
      .selectFrom('operators')
      .leftJoin('operatorCredentials', 'operatorCredentials.operatorId', 'operators.id')
      .selectAll('operators')
      .select('operatorCredentials.passwordHash')
      .where('operators.email', '=', key)
      .executeTakeFirst();
    const matches = await verifyPassword(row?.passwordHash ?? (await dummyHash()), password);
    if (!row || !row.passwordHash || !matches) {
      this.lockout.recordFailure(key, nowMs);
      throw invalidCredentials();
    }
    this.lockout.reset(key);
    if (row.status !== 'active') {
      throw new MarketplaceError('forbidden', 'this operator account is disabled', {
        details: { reason: 'operator_disabled' },
      });
    }
    const token = `tls_${randomBytes(32).toString('base64url')}`;
    const now = new Date(nowMs).toISOString();
    const expiresAt = new Date(nowMs + this.absoluteMs).toISOString();
    await db
      .insertInto('consoleSessions')
      .values({
        id: hashToken(token),
        operatorId: row.id,
        createdAt: now,
        expiresAt,
        lastSeenAt: now,
        revokedAt: null,
      })
      .execute();
    const { passwordHash: _secret, ...operatorRow } = row;
    const operator = toOperator(operatorRow);
    return { token, expiresAt, operator, permissions: [...rolePermissions(operator.role)] };
  }

  /** Ends the session the token stands for (unknown or already ended tokens are ignored). */
  async signOut(token: string): Promise<void> {
    const id = hashToken(token);
    await this.deps.store.db
      .updateTable('consoleSessions')
      .set({ revokedAt: nowIso(this.deps.clock) })
      .where('id', '=', id)
      .where('revokedAt', 'is', null)
      .execute();
    this.cache.delete(id);
  }

  /** The operator a session token stands for, or undefined when it is unknown, ended or the operator is disabled. */
  async authenticate(token: string): Promise<OperatorPrincipal | undefined> {
    const id = hashToken(token);
    const nowMs = this.deps.clock().getTime();
    const cached = this.cache.get(id);
    // Timed by the service clock (not Date.now) so that idle and absolute expiry hold under a test's moved clock.
    if (cached && cached.until > nowMs && cached.until - TOKEN_CACHE_MS <= nowMs) return cached.principal;
    const principal = await this.lookup(id, nowMs);
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(id, { principal, until: nowMs + TOKEN_CACHE_MS });
    return principal;
  }

  /** Forgets resolved sessions: called whenever operators change on this process. */
  invalidateCache(): void {
    this.cache.clear();
  }

  private async lookup(id: string, nowMs: number): Promise<OperatorPrincipal | undefined> {
    const { db } = this.deps.store;
    const row = await db
      .selectFrom('consoleSessions')
      .innerJoin('operators', 'operators.id', 'consoleSessions.operatorId')
      .select([
        'consoleSessions.expiresAt',
        'consoleSessions.lastSeenAt',
        'consoleSessions.revokedAt',
        'operators.id as operatorId',
        'operators.role',
        'operators.regions',
        'operators.businessLines',
        'operators.status',
      ])
      .where('consoleSessions.id', '=', id)
      .executeTakeFirst();
    if (!row || row.revokedAt || row.status !== 'active') return undefined;
    const lastSeenMs = Date.parse(row.lastSeenAt);
    if (Date.parse(row.expiresAt) <= nowMs || lastSeenMs + this.idleMs <= nowMs) return undefined;
    if (nowMs - lastSeenMs >= TOUCH_EVERY_MS) {
      await db
        .updateTable('consoleSessions')
        .set({ lastSeenAt: new Date(nowMs).toISOString() })
        .where('id', '=', id)
        .execute();
    }
    return {
      kind: 'operator',
      operatorId: row.operatorId,
      role: row.role as OperatorRole,
      scope: {
        regions: parseJson<DataScope['regions']>(row.regions),
        businessLines: parseJson<DataScope['businessLines']>(row.businessLines),
      },
    };
  }

  /**
   * Sets an operator's password. Managers (`operator:manage`, for operators inside their own scope) set anyone's;
   * an operator changes their own only with `currentPassword`. Every other session of that operator ends: the
   * session in `keepSessionToken` (the caller's own) stays signed in.
   */
  async setPassword(
    p: Principal,
    operatorId: string,
    input: { password: string; currentPassword?: string | undefined },
    options: { keepSessionToken?: string | undefined } = {},
  ): Promise<void> {
    const self = p.kind === 'operator' && p.operatorId === operatorId;
    if (!self) requirePermission(p, 'operator:manage');
    checkNewPassword(input.password);
    const { db } = this.deps.store;
    const target = await db
      .selectFrom('operators')
      .leftJoin('operatorCredentials', 'operatorCredentials.operatorId', 'operators.id')
      .select(['operators.id', 'operators.email', 'operators.regions', 'operators.businessLines'])
      .select('operatorCredentials.passwordHash')
      .where('operators.id', '=', operatorId)
      .executeTakeFirst();
    if (!target) throw notFound('operator', operatorId);
    if (self) {
      await this.checkCurrentPassword(target.email, target.passwordHash, input.currentPassword);
    } else if (p.kind === 'operator') {
      // Setting someone's password is becoming them: a scoped manager may do it only within their own scope.
      const scope = {
        regions: parseJson<DataScope['regions']>(target.regions),
        businessLines: parseJson<DataScope['businessLines']>(target.businessLines),
      };
      if (!scopeCovers(p.scope, scope)) {
        throw new MarketplaceError('forbidden', 'cannot set the password of an operator whose scope exceeds yours', {
          path: ['params', 'id'],
        });
      }
    }
    const passwordHash = await hashPassword(input.password);
    const keep = options.keepSessionToken ? hashToken(options.keepSessionToken) : undefined;
    await inTransaction(this.deps, (trx) => this.storePassword(trx, operatorId, passwordHash, keep));
    this.invalidateCache();
  }

  private async checkCurrentPassword(email: string, stored: string | null, given: string | undefined): Promise<void> {
    if (!given) {
      throw new MarketplaceError('validation_failed', 'your current password is required to change it', {
        path: ['currentPassword'],
      });
    }
    // Guessing the current password through a borrowed session counts against the same lockout as signing in.
    const nowMs = this.deps.clock().getTime();
    const wait = this.lockout.retryAfterSeconds(email, nowMs);
    if (wait > 0) {
      throw new MarketplaceError('too_many_attempts', `too many failed attempts; try again in ${wait} seconds`, {
        details: { retryAfterSeconds: wait },
      });
    }
    if (!(await verifyPassword(stored ?? (await dummyHash()), given)) || !stored) {
      this.lockout.recordFailure(email, nowMs);
      throw new MarketplaceError('validation_failed', 'the current password is incorrect', {
        path: ['currentPassword'],
      });
    }
  }

  private async storePassword(trx: Executor, operatorId: string, passwordHash: string, keep?: string): Promise<void> {
    const now = nowIso(this.deps.clock);
    await trx
      .insertInto('operatorCredentials')
      .values({ operatorId, passwordHash, updatedAt: now })
      .onConflict((oc) => oc.column('operatorId').doUpdateSet({ passwordHash, updatedAt: now }))
      .execute();
    let revoke = trx
      .updateTable('consoleSessions')
      .set({ revokedAt: now })
      .where('operatorId', '=', operatorId)
      .where('revokedAt', 'is', null);
    if (keep) revoke = revoke.where('id', '!=', keep);
    await revoke.execute();
  }

  /**
   * Makes sure someone can sign in to the console. With `password` (TRADELOOP_ADMIN_PASSWORD) the operator with
   * `email` gets exactly that password (created as an admin of all scopes when missing). Without it, and only while
   * no operator has a password at all, that operator is created (or found) and given a generated password. Returns
   * what to print, or undefined when nothing new was set: a stored password is not recoverable and never shown.
   */
  async ensureFirstOperator(
    input: { email?: string | undefined; password?: string | undefined } = {},
  ): Promise<FirstOperatorSignIn | undefined> {
    const parsed = Email.safeParse((input.email ?? DEFAULT_ADMIN_EMAIL).trim());
    if (!parsed.success) {
      throw new MarketplaceError('validation_failed', `TRADELOOP_ADMIN_EMAIL is not an email: ${input.email}`, {
        path: ['TRADELOOP_ADMIN_EMAIL'],
      });
    }
    const email = parsed.data.toLowerCase();
    if (input.password !== undefined) {
      try {
        checkNewPassword(input.password, ['TRADELOOP_ADMIN_PASSWORD']);
      } catch (err) {
        throw new MarketplaceError('validation_failed', `TRADELOOP_ADMIN_PASSWORD: ${(err as Error).message}`, {
          path: ['TRADELOOP_ADMIN_PASSWORD'],
        });
      }
    }
    const { db } = this.deps.store;
    if (input.password === undefined) {
      const any = await db.selectFrom('operatorCredentials').select('operatorId').limit(1).executeTakeFirst();
      if (any) return undefined;
    }
    const password = input.password ?? generatePassword();
    const passwordHash = await hashPassword(password);
    await inTransaction(this.deps, async (trx) => {
      const existing = await trx
        .selectFrom('operators')
        .leftJoin('operatorCredentials', 'operatorCredentials.operatorId', 'operators.id')
        .select(['operators.id', 'operatorCredentials.passwordHash'])
        .where('operators.email', '=', email)
        .executeTakeFirst();
      let operatorId = existing?.id;
      if (!operatorId) {
        const at = nowIso(this.deps.clock);
        operatorId = newId('opr');
        await trx
          .insertInto('operators')
          .values({
            id: operatorId,
            name: 'Administrator',
            email,
            role: 'admin',
            regions: JSON.stringify('*'),
            businessLines: JSON.stringify('*'),
            status: 'active',
            createdAt: at,
            updatedAt: at,
          })
          .execute();
      }
      // The same password from the env on every start changes nothing (and ends no sessions).
      if (existing?.passwordHash && (await verifyPassword(existing.passwordHash, password))) return;
      await this.storePassword(trx, operatorId, passwordHash);
    });
    this.invalidateCache();
    return { email, password, source: input.password === undefined ? 'generated' : 'env' };
  }
}

/** Whether `outer` includes every organisation `inner` does. */
function scopeCovers(outer: DataScope, inner: DataScope): boolean {
  return (['regions', 'businessLines'] as const).every((dim) => {
    const o = outer[dim];
    const i = inner[dim];
    if (o === '*') return true;
    return i !== '*' && i.every((v) => o.includes(v));
  });
}
