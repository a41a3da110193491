import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { newId } from '../../ids.js';
import {
  type DataScope,
  OPERATOR_ROLES,
  type OperatorRole,
  type OrganizationKind,
  orgInScope,
  type Principal,
  requireOwnOrPermission,
  requirePermission,
} from '../access.js';
import { type MarketplaceDeps, nowIso, parseJson } from '../context.js';
import { MarketplaceError, notFound } from '../errors.js';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const ADMIN_TOKEN_KEY = 'admin_token';

export type IssuedToken = { id: string; token: string; principalKind: 'operator' | 'member'; createdAt: string };

/**
 * API tokens: the admin token (one per installation) and tokens issued to operators and to organisation members.
 * Tokens are random, shown once, and stored as sha256 hashes.
 */
/**
 * How long a resolved token is reused without asking the store. Every API call authenticates, so this saves a
 * three-way join per request; the price is that a token revoked or an operator disabled through another server
 * process stops working within this time (on this process at once: revocations clear the cache).
 */
export const TOKEN_CACHE_MS = 5_000;
const TOKEN_CACHE_MAX = 10_000;

export class AuthService {
  private adminTokenHash: Buffer | undefined;
  private readonly cache = new Map<string, { principal: Principal | undefined; until: number }>();

  constructor(private readonly deps: MarketplaceDeps) {}

  /**
   * Loads the admin token, fixing it to `fixed` when given (TRADELOOP_ADMIN_TOKEN), else generating one on first
   * start. Returns the token so `tradeloop start` can print it.
   */
  async ensureAdminToken(fixed?: string): Promise<string> {
    const { db } = this.deps.store;
    const now = nowIso(this.deps.clock);
    let token = fixed;
    if (token) {
      await db
        .insertInto('settings')
        .values({ key: ADMIN_TOKEN_KEY, value: token, updatedAt: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: token as string, updatedAt: now }))
        .execute();
    } else {
      const row = await db.selectFrom('settings').select('value').where('key', '=', ADMIN_TOKEN_KEY).executeTakeFirst();
      token = row?.value;
      if (!token) {
        token = `tla_${randomBytes(24).toString('base64url')}`;
        await db.insertInto('settings').values({ key: ADMIN_TOKEN_KEY, value: token, updatedAt: now }).execute();
      }
    }
    this.adminTokenHash = Buffer.from(hashToken(token), 'hex');
    return token;
  }

  /** The principal a bearer token stands for, or undefined for an unknown or revoked token. */
  async authenticate(token: string): Promise<Principal | undefined> {
    const hash = hashToken(token);
    if (this.adminTokenHash && timingSafeEqual(Buffer.from(hash, 'hex'), this.adminTokenHash)) return { kind: 'admin' };
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached && cached.until > now) return cached.principal;
    const principal = await this.lookup(hash);
    if (this.cache.size >= TOKEN_CACHE_MAX) this.cache.clear();
    this.cache.set(hash, { principal, until: now + TOKEN_CACHE_MS });
    return principal;
  }

  /** Forgets resolved tokens: called whenever tokens, operators or contacts change on this process. */
  invalidateTokenCache(): void {
    this.cache.clear();
  }

  private async lookup(hash: string): Promise<Principal | undefined> {
    const { db } = this.deps.store;
    const row = await db
      .selectFrom('apiTokens')
      .leftJoin('operators', 'operators.id', 'apiTokens.operatorId')
      .leftJoin('contacts', 'contacts.id', 'apiTokens.contactId')
      .leftJoin('organizations', 'organizations.id', 'contacts.organizationId')
      .select([
        'apiTokens.principalKind',
        'apiTokens.revokedAt',
        'operators.id as operatorId',
        'operators.role',
        'operators.regions',
        'operators.businessLines',
        'operators.status as operatorStatus',
        'contacts.id as contactId',
        'organizations.id as organizationId',
        'organizations.kind as organizationKind',
      ])
      .where('apiTokens.tokenHash', '=', hash)
      .executeTakeFirst();
    if (!row || row.revokedAt) return undefined;
    if (row.principalKind === 'operator' && row.operatorId && row.operatorStatus === 'active') {
      return {
        kind: 'operator',
        operatorId: row.operatorId,
        role: row.role as OperatorRole,
        scope: {
          regions: parseJson<DataScope['regions']>(row.regions ?? '"*"'),
          businessLines: parseJson<DataScope['businessLines']>(row.businessLines ?? '"*"'),
        },
      };
    }
    if (row.principalKind === 'member' && row.contactId && row.organizationId) {
      return {
        kind: 'member',
        contactId: row.contactId,
        organizationId: row.organizationId,
        organizationKind: row.organizationKind as OrganizationKind,
      };
    }
    return undefined;
  }

  /** Issues a token for an operator (admin or operators with operator:manage). */
  async issueOperatorToken(p: Principal, operatorId: string, label?: string): Promise<IssuedToken> {
    requirePermission(p, 'operator:manage');
    const op = await this.deps.store.db
      .selectFrom('operators')
      .select(['id', 'role'])
      .where('id', '=', operatorId)
      .executeTakeFirst();
    if (!op) throw notFound('operator', operatorId);
    if (!OPERATOR_ROLES.includes(op.role as OperatorRole)) {
      throw new MarketplaceError('validation_failed', `operator ${operatorId} has an unknown role`);
    }
    return this.insertToken('operator', { operatorId }, label);
  }

  /** Issues a token for a contact, who then acts as a member of their organisation. */
  async issueMemberToken(p: Principal, contactId: string, label?: string): Promise<IssuedToken> {
    const { db } = this.deps.store;
    const contact = await db
      .selectFrom('contacts')
      .innerJoin('organizations', 'organizations.id', 'contacts.organizationId')
      .select(['contacts.id', 'contacts.organizationId', 'organizations.region', 'organizations.businessLine'])
      .where('contacts.id', '=', contactId)
      .executeTakeFirst();
    if (!contact) throw notFound('contact', contactId);
    // Out of sight is not found: neither scoped operators nor members of other organisations learn it exists.
    if (p.kind === 'operator' && !orgInScope(p.scope, contact)) throw notFound('contact', contactId);
    if (p.kind === 'member' && p.organizationId !== contact.organizationId) throw notFound('contact', contactId);
    requireOwnOrPermission(p, contact.organizationId, 'org:write');
    return this.insertToken('member', { contactId }, label);
  }

  async revokeToken(p: Principal, tokenId: string): Promise<void> {
    requirePermission(p, 'operator:manage');
    const res = await this.deps.store.db
      .updateTable('apiTokens')
      .set({ revokedAt: nowIso(this.deps.clock) })
      .where('id', '=', tokenId)
      .where('revokedAt', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw notFound('token', tokenId);
    this.invalidateTokenCache();
  }

  private async insertToken(
    principalKind: 'operator' | 'member',
    owner: { operatorId?: string; contactId?: string },
    label?: string,
  ): Promise<IssuedToken> {
    const token = `tl${principalKind === 'operator' ? 'o' : 'm'}_${randomBytes(24).toString('base64url')}`;
    const id = newId('tok');
    const createdAt = nowIso(this.deps.clock);
    await this.deps.store.db
      .insertInto('apiTokens')
      .values({
        id,
        tokenHash: hashToken(token),
        principalKind,
        operatorId: owner.operatorId ?? null,
        contactId: owner.contactId ?? null,
        label: label ?? null,
        createdAt,
        revokedAt: null,
      })
      .execute();
    return { id, token, principalKind, createdAt };
  }
}
