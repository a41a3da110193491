import type { OltpTestTarget } from '@tradeloop/storage/testing';
import { createOperatorToken, createOrgWithMember, type TestOrg } from './actors.js';
import { startTestApi, type TestApi } from './harness.js';

/** A test API with a buyer in region east, one in southwest, and an analyst scoped to east (for scoped queries). */
export type TwoRegions = {
  api: TestApi;
  east: TestOrg;
  west: TestOrg;
  /** Bearer token of an analyst whose data scope is region east. */
  eastAnalyst: string;
  /** Sends Segment messages through POST /v1/batch and waits until they (and any server events) are stored. */
  send(batch: Record<string, unknown>[]): Promise<void>;
};

export async function startTwoRegions(target: OltpTestTarget): Promise<TwoRegions> {
  const api = await startTestApi(target);
  const east = await createOrgWithMember(api, { kind: 'buyer', region: 'east' });
  const west = await createOrgWithMember(api, { kind: 'buyer', region: 'southwest' });
  const eastAnalyst = (await createOperatorToken(api, 'analyst', { regions: ['east'], businessLines: '*' })).token;
  const key = { authorization: `Basic ${Buffer.from(`${api.writeKey}:`).toString('base64')}` };
  return {
    api,
    east,
    west,
    eastAnalyst,
    async send(batch) {
      const res = await api.request('POST', '/v1/batch', { token: null, headers: key, body: { batch } });
      if (res.status !== 200) throw new Error(`/v1/batch → ${res.status} ${JSON.stringify(res.body)}`);
      await api.platform.relay.drain();
      await api.platform.ingest.drain();
    },
  };
}

/** A track message sent by an organisation's member, grouped to that organisation. */
export function memberTrack(who: TestOrg, event: string, at: string, properties: Record<string, unknown>) {
  return {
    type: 'track',
    event,
    userId: who.contactId,
    timestamp: at,
    properties,
    context: { groupId: who.organizationId },
  };
}
