import { z } from 'zod';

const id = z.string().min(1).max(128);
const money = z.number().int().min(0).describe('minor units (fen for CNY)');
const currency = z.string().regex(/^[A-Z]{3}$/);
const rating = z.number().int().min(1).max(5);

/**
 * The standard B2B e-commerce events and their documented properties. Known properties are type-checked on ingestion
 * (a wrong type rejects that event with the property's path); other properties pass through unchanged.
 */
export const STANDARD_EVENTS = {
  exposure: {
    en: 'A product was shown to the visitor (one event per impression)',
    zh: '商品曝光',
    properties: z.looseObject({
      productId: id,
      position: z.number().int().min(0).describe('0-based position in the list'),
      slot: z.string().max(100).describe('where it was shown: search, category, recommend, home_banner, ...'),
      listId: z.string().max(200).optional(),
      requestId: z.string().max(200).optional().describe('id of the search or recommendation request'),
    }),
  },
  product_view: {
    en: 'A product detail page was viewed',
    zh: '浏览商品详情',
    properties: z.looseObject({
      productId: id,
      categoryId: id.optional(),
      supplierId: id.optional(),
      unitPrice: money.optional(),
      position: z.number().int().min(0).optional(),
      slot: z.string().max(100).optional(),
    }),
  },
  search: {
    en: 'A search was made',
    zh: '搜索',
    properties: z.looseObject({
      query: z.string().max(500),
      resultCount: z.number().int().min(0).optional(),
      page: z.number().int().min(1).optional(),
      categoryId: id.optional(),
    }),
  },
  add_to_favorites: {
    en: 'A product was added to favourites',
    zh: '收藏',
    properties: z.looseObject({ productId: id }),
  },
  add_to_cart: {
    en: 'A product was added to the cart',
    zh: '加入采购车',
    properties: z.looseObject({ productId: id, quantity: z.number().int().min(1), unitPrice: money.optional() }),
  },
  rfq_submitted: {
    en: 'A buyer submitted an RFQ',
    zh: '发布询价',
    properties: z.looseObject({
      rfqId: id,
      categoryId: id.optional(),
      quantity: z.number().int().min(1).optional(),
      targetUnitPrice: money.optional(),
    }),
  },
  quote_received: {
    en: 'A quote arrived on the buyer’s RFQ',
    zh: '收到报价',
    properties: z.looseObject({ rfqId: id, quoteId: id, supplierId: id.optional(), unitPrice: money.optional() }),
  },
  order_placed: {
    en: 'An order was placed',
    zh: '下单',
    properties: z.looseObject({
      orderId: id,
      supplierId: id.optional(),
      total: money,
      currency: currency.optional(),
      itemCount: z.number().int().min(0).optional(),
      source: z.string().max(50).optional(),
      couponCode: z.string().max(64).optional(),
    }),
  },
  order_paid: {
    en: 'An order was paid',
    zh: '支付',
    properties: z.looseObject({ orderId: id, total: money, currency: currency.optional() }),
  },
  order_shipped: {
    en: 'An order was shipped',
    zh: '发货',
    properties: z.looseObject({ orderId: id }),
  },
  order_completed: {
    en: 'An order was completed (receipt confirmed)',
    zh: '确认收货/完成',
    properties: z.looseObject({ orderId: id, total: money.optional(), currency: currency.optional() }),
  },
  return_requested: {
    en: 'A return was requested',
    zh: '申请退货',
    properties: z.looseObject({ orderId: id, reason: z.string().max(1000).optional() }),
  },
  review_submitted: {
    en: 'A review was submitted',
    zh: '提交评价',
    properties: z.looseObject({
      orderId: id,
      supplierId: id.optional(),
      ratingDescription: rating.optional(),
      ratingShipping: rating.optional(),
      ratingResponse: rating.optional(),
    }),
  },
  signup: {
    en: 'A visitor registered',
    zh: '注册',
    properties: z.looseObject({ method: z.string().max(50).optional() }),
  },
  login: {
    en: 'A user logged in',
    zh: '登录',
    properties: z.looseObject({ method: z.string().max(50).optional() }),
  },
  coupon_received: {
    en: 'A coupon was received',
    zh: '领取优惠券',
    properties: z.looseObject({ couponId: id.optional(), couponCode: z.string().max(64).optional() }),
  },
  coupon_used: {
    en: 'A coupon was used on an order',
    zh: '使用优惠券',
    properties: z.looseObject({ couponId: id.optional(), orderId: id, discount: money.optional() }),
  },
  message_opened: {
    en: 'A message (email, SMS, in-app, WeCom) was opened',
    zh: '打开消息',
    properties: z.looseObject({ messageId: id, channel: z.string().max(50), journeyId: id.optional() }),
  },
  message_clicked: {
    en: 'A link in a message was clicked',
    zh: '点击消息',
    properties: z.looseObject({
      messageId: id,
      channel: z.string().max(50),
      url: z.string().max(2000).optional(),
      journeyId: id.optional(),
    }),
  },
} as const;

export type StandardEventName = keyof typeof STANDARD_EVENTS;
export const STANDARD_EVENT_NAMES = Object.keys(STANDARD_EVENTS) as StandardEventName[];

export const isStandardEvent = (name: string): name is StandardEventName => Object.hasOwn(STANDARD_EVENTS, name);
