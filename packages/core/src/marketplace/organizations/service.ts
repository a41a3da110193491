import type {
  CertificationReview,
  Contact,
  ContactListQuery,
  ContactLookupQuery,
  CreateContact,
  CreateOrganization,
  Organization,
  OrganizationListQuery,
  Page,
  Pagination,
  UpdateContact,
  UpdateOrganization,
} from '@tradeloop/schema';
import type { ContactsTable, Database } from '@tradeloop/storage';
import type { Expression, ExpressionBuilder, Selectable, SqlBool } from 'kysely';
import { newId } from '../../ids.js';
import {
  actorOf,
  type DataScope,
  orgColumnInScope,
  type Principal,
  requireOwnOrPermission,
  requirePermission,
  restrictingScope,
} from '../access.js';
import { type Executor, inTransaction, type MarketplaceDeps, nowIso } from '../context.js';
import { MarketplaceError, notFound } from '../errors.js';
import { listPage } from '../paging.js';
import { containsText } from '../text-search.js';
import { insertOrDuplicate, loadVisibleOrganization, type OrganizationRow, toOrganization } from './repository.js';

/** Fields a member may change on their own organisation; the rest (identity, scope, level) is the platform's. */
const MEMBER_EDITABLE: ReadonlySet<keyof UpdateOrganization> = new Set(['name', 'industry']);

const toContact = (row: Selectable<ContactsTable>): Contact => ({ ...row, role: row.role as Contact['role'] });

/** `IN ()` is invalid SQL; an empty scope list matches nothing, which '' (no organisation has it) expresses. */
const nonEmpty = (values: string[]): string[] => (values.length ? values : ['']);

/** Escapes LIKE wildcards so `q` matches literally (with `escape '\'`). */

/**
 * Organisations (buyers, suppliers or both) and their contacts.
 *
 * Reads: admin sees all, operators see organisations inside their data scope, members only their own; anything
 * else is `not_found`. Writes: platform-side needs `org:write` (certification `org:certify`), members may edit
 * their own organisation's name/industry and contacts.
 *
 * Certification: a new organisation is `pending`. A review moves pending → verified or rejected, and rejected →
 * verified (a re-review once the organisation has corrected its papers). A verified organisation is not reviewed
 * again unless its credit code changes, which puts it back to pending. A rejection needs a note.
 */
export class OrganizationsService {
  constructor(private readonly deps: MarketplaceDeps) {}

  /** Creates an organisation (pending certification). Needs `org:write`; operators only inside their scope. */
  async create(p: Principal, input: CreateOrganization): Promise<Organization> {
    requirePermission(p, 'org:write');
    requireWithinScope(p, input);
    const at = nowIso(this.deps.clock);
    return inTransaction(this.deps, async (trx) => {
      await assertCreditCodeFree(trx, input.creditCode);
      if (input.memberLevelId) await assertLevelExists(trx, input.memberLevelId);
      const row: OrganizationRow = {
        id: newId('org'),
        name: input.name,
        kind: input.kind,
        creditCode: input.creditCode,
        industry: input.industry,
        region: input.region,
        businessLine: input.businessLine,
        certificationStatus: 'pending',
        certificationNote: null,
        certifiedAt: null,
        certifiedBy: null,
        memberLevelId: input.memberLevelId ?? null,
        createdAt: at,
        updatedAt: at,
      };
      await insertOrDuplicate(() => trx.insertInto('organizations').values(row).execute(), ['creditCode']);
      return toOrganization(row);
    });
  }

  /** One organisation, if the principal may see it (else not_found). */
  async get(p: Principal, id: string): Promise<Organization> {
    return toOrganization(await loadVisibleOrganization(this.deps.store.db, p, id));
  }

  /**
   * Organisations the principal may see, newest first. `kind: 'buyer'` (or 'supplier') also matches organisations
   * of kind 'both'; `q` matches part of the name, case-insensitively.
   */
  async list(p: Principal, query: OrganizationListQuery): Promise<Page<Organization>> {
    const { db, capabilities } = this.deps.store;
    const filter = (eb: ExpressionBuilder<Database, 'organizations'>) => {
      const conds: Expression<SqlBool>[] = [];
      if (query.kind === 'both') conds.push(eb('kind', '=', 'both'));
      else if (query.kind) conds.push(eb('kind', 'in', [query.kind, 'both']));
      if (query.region) conds.push(eb('region', '=', query.region));
      if (query.businessLine) conds.push(eb('businessLine', '=', query.businessLine));
      if (query.certificationStatus) conds.push(eb('certificationStatus', '=', query.certificationStatus));
      if (query.memberLevelId) conds.push(eb('memberLevelId', '=', query.memberLevelId));
      if (query.q) conds.push(containsText('name', query.q, capabilities));
      if (p.kind === 'member') conds.push(eb('id', '=', p.organizationId));
      const scope = restrictingScope(p);
      if (scope) conds.push(...scopeConditions(eb, scope));
      return eb.and(conds);
    };
    return listPage(
      db,
      db.selectFrom('organizations').where(filter),
      query,
      (q) => {
        const sort = query.sort ?? '-createdAt';
        const desc = sort.startsWith('-');
        const field = sort.replace(/^-/, '') as 'createdAt' | 'name';
        return q
          .selectAll()
          .orderBy(field, desc ? 'desc' : 'asc')
          .orderBy('id', desc ? 'desc' : 'asc');
      },
      toOrganization,
    );
  }

  /**
   * Changes the given fields. Members may change only their own organisation's name and industry; operators need
   * `org:write` and cannot move an organisation out of their own scope. A new credit code resets certification.
   */
  async update(p: Principal, id: string, patch: UpdateOrganization): Promise<Organization> {
    const updated = await inTransaction(this.deps, async (trx) => {
      const current = await loadVisibleOrganization(trx, p, id);
      if (p.kind === 'member') {
        for (const key of Object.keys(patch) as (keyof UpdateOrganization)[]) {
          if (patch[key] !== undefined && !MEMBER_EDITABLE.has(key)) {
            throw new MarketplaceError('forbidden', `members may not change ${key}`, { path: [key] });
          }
        }
      } else {
        requirePermission(p, 'org:write');
      }
      const next = { ...current };
      if (patch.name !== undefined) next.name = patch.name;
      if (patch.industry !== undefined) next.industry = patch.industry;
      if (patch.kind !== undefined) next.kind = patch.kind;
      if (patch.region !== undefined) next.region = patch.region;
      if (patch.businessLine !== undefined) next.businessLine = patch.businessLine;
      requireWithinScope(p, next);
      if (patch.memberLevelId !== undefined) {
        if (patch.memberLevelId !== null) await assertLevelExists(trx, patch.memberLevelId);
        next.memberLevelId = patch.memberLevelId;
      }
      if (patch.creditCode !== undefined && patch.creditCode !== current.creditCode) {
        await assertCreditCodeFree(trx, patch.creditCode);
        next.creditCode = patch.creditCode;
        // The certificate was for the old code: the organisation must be reviewed again.
        Object.assign(next, {
          certificationStatus: 'pending',
          certificationNote: null,
          certifiedAt: null,
          certifiedBy: null,
        });
      }
      next.updatedAt = nowIso(this.deps.clock);
      const { id: _id, createdAt: _createdAt, ...values } = next;
      await insertOrDuplicate(
        () => trx.updateTable('organizations').set(values).where('id', '=', id).execute(),
        ['creditCode'],
      );
      return toOrganization(next);
    });
    // The organisation's kind is part of its members' principals.
    if (patch.kind !== undefined) this.deps.principalsChanged?.();
    return updated;
  }

  /**
   * Records a certification decision with who made it and when. Needs `org:certify`. Allowed: pending → verified |
   * rejected, rejected → verified; anything else is `illegal_transition`.
   */
  async reviewCertification(p: Principal, id: string, review: CertificationReview): Promise<Organization> {
    return inTransaction(this.deps, async (trx) => {
      const current = await loadVisibleOrganization(trx, p, id);
      requirePermission(p, 'org:certify');
      const from = current.certificationStatus;
      const allowed = from === 'pending' || (from === 'rejected' && review.decision === 'verified');
      if (!allowed) {
        throw new MarketplaceError('illegal_transition', `certification cannot go from ${from} to ${review.decision}`, {
          path: ['decision'],
          details: { from, to: review.decision },
        });
      }
      if (review.decision === 'rejected' && !review.note) {
        throw new MarketplaceError('validation_failed', 'a rejection needs a note saying what to correct', {
          path: ['note'],
        });
      }
      const at = nowIso(this.deps.clock);
      const actor = actorOf(p);
      const values = {
        certificationStatus: review.decision,
        certificationNote: review.note ?? null,
        certifiedAt: at,
        certifiedBy: actor.actorId ?? actor.actorKind,
        updatedAt: at,
      };
      await trx.updateTable('organizations').set(values).where('id', '=', id).execute();
      return toOrganization({ ...current, ...values });
    });
  }

  /** Contacts of one organisation (visible to its members and to operators in scope), oldest first. */
  async listContacts(p: Principal, organizationId: string, pagination: Pagination): Promise<Page<Contact>> {
    const { db } = this.deps.store;
    await loadVisibleOrganization(db, p, organizationId);
    return listPage(
      db,
      db.selectFrom('contacts').where('organizationId', '=', organizationId),
      pagination,
      (q) => q.selectAll().orderBy('createdAt').orderBy('id'),
      toContact,
    );
  }

  /** One contact, if its organisation is visible to the principal (else not_found). */
  async getContact(p: Principal, contactId: string): Promise<Contact> {
    return toContact(await loadVisibleContact(this.deps.store.db, p, contactId));
  }

  /** Adds a contact to an organisation: its own members, or operators with `org:write` in scope. */
  async createContact(p: Principal, organizationId: string, input: CreateContact): Promise<Contact> {
    return inTransaction(this.deps, async (trx) => {
      await loadVisibleOrganization(trx, p, organizationId);
      requireOwnOrPermission(p, organizationId, 'org:write');
      const at = nowIso(this.deps.clock);
      const row = {
        id: newId('ctc'),
        organizationId,
        name: input.name,
        phone: input.phone ?? null,
        email: input.email ?? null,
        role: input.role,
        createdAt: at,
        updatedAt: at,
      };
      await trx.insertInto('contacts').values(row).execute();
      return toContact(row);
    });
  }

  /** Changes the given fields of a contact (same rights as creating one). */
  async updateContact(p: Principal, contactId: string, patch: UpdateContact): Promise<Contact> {
    return inTransaction(this.deps, async (trx) => {
      const current = await loadVisibleContact(trx, p, contactId);
      requireOwnOrPermission(p, current.organizationId, 'org:write');
      const next = { ...current, updatedAt: nowIso(this.deps.clock) };
      if (patch.name !== undefined) next.name = patch.name;
      if (patch.phone !== undefined) next.phone = patch.phone;
      if (patch.email !== undefined) next.email = patch.email;
      if (patch.role !== undefined) next.role = patch.role;
      const { id: _id, organizationId: _org, createdAt: _c, ...values } = next;
      await trx.updateTable('contacts').set(values).where('id', '=', contactId).execute();
      return toContact(next);
    });
  }

  /**
   * Removes a contact. Its API tokens are revoked and detached in the same transaction, so no token outlives the
   * person it was issued to.
   */
  async deleteContact(p: Principal, contactId: string): Promise<void> {
    await inTransaction(this.deps, async (trx) => {
      const current = await loadVisibleContact(trx, p, contactId);
      requireOwnOrPermission(p, current.organizationId, 'org:write');
      const at = nowIso(this.deps.clock);
      await trx
        .updateTable('apiTokens')
        .set({ revokedAt: at })
        .where('contactId', '=', contactId)
        .where('revokedAt', 'is', null)
        .execute();
      await trx.updateTable('apiTokens').set({ contactId: null }).where('contactId', '=', contactId).execute();
      await trx.deleteFrom('contacts').where('id', '=', contactId).execute();
    });
    this.deps.principalsChanged?.();
  }

  /**
   * Contacts with this phone or email (normalised as stored), limited to what the principal may see: identity
   * stitching and sales look-ups use it. Without a key it finds nothing (listing is `searchContacts`).
   */
  async lookupContacts(p: Principal, query: ContactLookupQuery): Promise<Page<Contact>> {
    if (query.phone === undefined && query.email === undefined) {
      return { items: [], total: 0, limit: query.limit, offset: query.offset };
    }
    return this.searchContacts(p, query);
  }

  /**
   * Contacts the principal may see (members: their own organisation's; operators: those of organisations in their
   * data scope), narrowed by an exact phone or email, part of the name or email (`q`, case-insensitive), an
   * organisation and a role. Oldest first unless `sort` says otherwise; ties broken by id.
   */
  async searchContacts(p: Principal, query: ContactListQuery): Promise<Page<Contact>> {
    const { db, capabilities } = this.deps.store;
    const filter = (eb: ExpressionBuilder<Database, 'contacts'>) => {
      const conds: Expression<SqlBool>[] = [];
      if (query.phone !== undefined) conds.push(eb('contacts.phone', '=', query.phone));
      if (query.email !== undefined) conds.push(eb('contacts.email', '=', query.email));
      if (query.q) {
        conds.push(
          eb.or([
            containsText('contacts.name', query.q, capabilities),
            containsText('contacts.email', query.q, capabilities),
          ]),
        );
      }
      if (query.organizationId) conds.push(eb('contacts.organizationId', '=', query.organizationId));
      if (query.role) conds.push(eb('contacts.role', '=', query.role));
      if (p.kind === 'member') conds.push(eb('contacts.organizationId', '=', p.organizationId));
      const scope = restrictingScope(p);
      if (scope) conds.push(orgColumnInScope(eb, 'contacts.organizationId', scope));
      return eb.and(conds);
    };
    return listPage(
      db,
      db.selectFrom('contacts').where(filter),
      query,
      (q) => {
        const sort = query.sort ?? 'createdAt';
        const desc = sort.startsWith('-');
        const field = sort.replace(/^-/, '') as 'createdAt' | 'name';
        return q
          .selectAll()
          .orderBy(field, desc ? 'desc' : 'asc')
          .orderBy('id', desc ? 'desc' : 'asc');
      },
      toContact,
    );
  }
}

async function loadVisibleContact(db: Executor, p: Principal, contactId: string): Promise<Selectable<ContactsTable>> {
  const row = await db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirst();
  if (!row) throw notFound('contact', contactId);
  try {
    await loadVisibleOrganization(db, p, row.organizationId);
  } catch {
    throw notFound('contact', contactId);
  }
  return row;
}

function scopeConditions(eb: ExpressionBuilder<Database, 'organizations'>, scope: DataScope): Expression<SqlBool>[] {
  const conds: Expression<SqlBool>[] = [];
  if (scope.regions !== '*') conds.push(eb('region', 'in', nonEmpty(scope.regions)));
  if (scope.businessLines !== '*') conds.push(eb('businessLine', 'in', nonEmpty(scope.businessLines)));
  return conds;
}

/** Operators may only create or move organisations inside their own data scope. */
function requireWithinScope(p: Principal, org: { region: string; businessLine: string }): void {
  if (p.kind !== 'operator') return;
  const { regions, businessLines } = p.scope;
  if (regions !== '*' && !regions.includes(org.region)) {
    throw new MarketplaceError('forbidden', `region ${org.region} is outside your data scope`, { path: ['region'] });
  }
  if (businessLines !== '*' && !businessLines.includes(org.businessLine)) {
    throw new MarketplaceError('forbidden', `business line ${org.businessLine} is outside your data scope`, {
      path: ['businessLine'],
    });
  }
}

async function assertCreditCodeFree(db: Executor, creditCode: string): Promise<void> {
  const taken = await db
    .selectFrom('organizations')
    .select('id')
    .where('creditCode', '=', creditCode)
    .executeTakeFirst();
  if (taken) {
    throw new MarketplaceError('duplicate', `credit code ${creditCode} is already registered`, {
      path: ['creditCode'],
      details: { creditCode },
    });
  }
}

async function assertLevelExists(db: Executor, memberLevelId: string): Promise<void> {
  const level = await db.selectFrom('memberLevels').select('id').where('id', '=', memberLevelId).executeTakeFirst();
  if (!level) {
    throw new MarketplaceError('invalid_reference', `member level ${memberLevelId} does not exist`, {
      path: ['memberLevelId'],
    });
  }
}
