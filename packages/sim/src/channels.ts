/**
 * Acquisition channels and their planted quality. Volume, visitor → signup conversion, return visits and the mix of
 * buyer segments they bring differ per channel, so attribution and the channel quadrant (acquisition cost vs
 * conversion) have a known answer: conversion order referral > offline_event > industry_media > direct > search_ads
 * > social.
 */
export type ChannelKey = 'search_ads' | 'social' | 'industry_media' | 'offline_event' | 'referral' | 'direct';

export type Channel = {
  key: ChannelKey;
  /** Spend per day in minor units (fen). */
  costPerDay: number;
  /** Share of new visitors arriving through this channel. */
  visitorShare: number;
  /** Probability that a visitor of this channel signs up (becomes a buyer organisation). */
  conversion: number;
  /** Probability that a visitor who did not sign up comes back for another visit (each time). */
  returnProbability: number;
  /** Segment mix of the buyers it brings: strategic, regular, occasional, one_off. */
  segmentMix: readonly [number, number, number, number];
  /** Segment `context.campaign` of the landing page (null: direct traffic carries none). */
  utm: { source: string; medium: string; name: string } | null;
  referrer: string | null;
};

export const CHANNELS: readonly Channel[] = [
  {
    key: 'search_ads',
    costPerDay: 300_000,
    visitorShare: 0.32,
    conversion: 0.07,
    returnProbability: 0.25,
    segmentMix: [0.08, 0.25, 0.37, 0.3],
    utm: { source: 'baidu', medium: 'cpc', name: 'brand_generic' },
    referrer: 'https://www.baidu.com/',
  },
  {
    key: 'social',
    costPerDay: 120_000,
    visitorShare: 0.24,
    conversion: 0.03,
    returnProbability: 0.12,
    segmentMix: [0.04, 0.16, 0.35, 0.45],
    utm: { source: 'wechat', medium: 'social', name: 'moments_feed' },
    referrer: 'https://mp.weixin.qq.com/',
  },
  {
    key: 'industry_media',
    costPerDay: 150_000,
    visitorShare: 0.12,
    conversion: 0.16,
    returnProbability: 0.35,
    segmentMix: [0.18, 0.35, 0.32, 0.15],
    utm: { source: 'mysteel', medium: 'display', name: 'industry_news' },
    referrer: 'https://news.mysteel.com/',
  },
  {
    key: 'offline_event',
    costPerDay: 250_000,
    visitorShare: 0.06,
    conversion: 0.24,
    returnProbability: 0.45,
    segmentMix: [0.3, 0.35, 0.25, 0.1],
    utm: { source: 'expo', medium: 'offline', name: 'trade_fair_qr' },
    referrer: null,
  },
  {
    key: 'referral',
    costPerDay: 40_000,
    visitorShare: 0.08,
    conversion: 0.32,
    returnProbability: 0.5,
    segmentMix: [0.28, 0.37, 0.25, 0.1],
    utm: { source: 'referral', medium: 'referral', name: 'invite_friend' },
    referrer: null,
  },
  {
    key: 'direct',
    costPerDay: 0,
    visitorShare: 0.18,
    conversion: 0.11,
    returnProbability: 0.3,
    segmentMix: [0.12, 0.3, 0.35, 0.23],
    utm: null,
    referrer: null,
  },
];

export const channelByKey = (key: ChannelKey): Channel => CHANNELS.find((c) => c.key === key) as Channel;
