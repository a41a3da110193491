import { type DataScope, newId, type OperatorRole, type OrganizationKind } from '@tradeloop/core';
import type { TestApi } from './harness.js';

let seq = 0;
/** A valid-looking, unique 18-character unified social credit code. */
export const testCreditCode = (): string =>
  `91310000${String(++seq).padStart(6, '0')}${String(Date.now() % 10000).padStart(4, '0')}`.slice(0, 18);

/**
 * Test set-up of people: rows are written straight into the store (set-up, not behaviour under test) and tokens
 * are issued through the real AuthService, so requests made with them go through real authentication.
 */
export async function createOperatorToken(
  api: TestApi,
  role: OperatorRole,
  scope: DataScope = { regions: '*', businessLines: '*' },
): Promise<{ operatorId: string; token: string }> {
  const at = new Date().toISOString();
  const operatorId = newId('opr');
  await api.store.db
    .insertInto('operators')
    .values({
      id: operatorId,
      name: `${role} ${operatorId.slice(-4)}`,
      email: `${operatorId}@ops.example.com`,
      role,
      regions: JSON.stringify(scope.regions),
      businessLines: JSON.stringify(scope.businessLines),
      status: 'active',
      createdAt: at,
      updatedAt: at,
    })
    .execute();
  const { token } = await api.market.auth.issueOperatorToken({ kind: 'admin' }, operatorId);
  return { operatorId, token };
}

export type TestOrg = { organizationId: string; contactId: string; token: string };

/** An organisation with one contact who holds a member token. */
export async function createOrgWithMember(
  api: TestApi,
  org: {
    kind: OrganizationKind;
    region?: string;
    businessLine?: string;
    name?: string;
    certificationStatus?: 'pending' | 'verified' | 'rejected';
  },
): Promise<TestOrg> {
  const at = new Date().toISOString();
  const organizationId = newId('org');
  await api.store.db
    .insertInto('organizations')
    .values({
      id: organizationId,
      name: org.name ?? `Test ${org.kind} ${organizationId.slice(-6)}`,
      kind: org.kind,
      creditCode: testCreditCode(),
      industry: 'steel',
      region: org.region ?? 'east',
      businessLine: org.businessLine ?? 'steel',
      certificationStatus: org.certificationStatus ?? 'verified',
      certificationNote: null,
      certifiedAt: null,
      certifiedBy: null,
      memberLevelId: null,
      createdAt: at,
      updatedAt: at,
    })
    .execute();
  const contactId = newId('ctc');
  await api.store.db
    .insertInto('contacts')
    .values({
      id: contactId,
      organizationId,
      name: '张三',
      phone: '13800000000',
      email: `${contactId}@example.com`,
      role: org.kind === 'supplier' ? 'sales' : 'purchaser',
      createdAt: at,
      updatedAt: at,
    })
    .execute();
  const { token } = await api.market.auth.issueMemberToken({ kind: 'admin' }, contactId);
  return { organizationId, contactId, token };
}
