/** Spend on a channel on a day, in minor units. */
export type ChannelSpend = { channel: string; day: string; amount: number; currency: string };

/**
 * The operational data the channel quadrant needs and the event store lacks: imported spend. The server implements it
 * over the operational store (core's ChannelSpendService); analytics never reads that store itself.
 */
export type ChannelSpendSource = {
  /** Spend rows between two days (`YYYY-MM-DD`, both included). */
  channelSpend(fromDay: string, toDay: string): Promise<ChannelSpend[]>;
};
