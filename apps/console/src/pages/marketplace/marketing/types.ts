/** The marketing API's answers (mirrors packages/schema/src/marketplace/{coupons,promotions,bundles}.ts). */
export type Status = 'active' | 'disabled';

export type Coupon = {
  id: string;
  code: string;
  name: string;
  kind: 'amount_off' | 'percent_off';
  amountOff: number | null;
  percentOff: number | null;
  threshold: number;
  currency: string;
  supplierId: string | null;
  validFrom: string;
  validUntil: string;
  perOrgLimit: number;
  totalLimit: number | null;
  status: Status;
  redeemedCount: number;
  createdAt: string;
  updatedAt: string;
};

export type CouponRedemption = {
  id: string;
  couponId: string;
  organizationId: string;
  orderId: string;
  amount: number;
  createdAt: string;
};

export type Promotion = {
  id: string;
  name: string;
  kind: 'price' | 'percent_off';
  percentOff: number | null;
  startsAt: string;
  endsAt: string;
  status: Status;
  createdBy: string | null;
  products: { productId: string; unitPrice: number | null }[];
  createdAt: string;
  updatedAt: string;
};

export type Bundle = {
  id: string;
  supplierId: string;
  name: string;
  price: number;
  currency: string;
  startsAt: string | null;
  endsAt: string | null;
  status: Status;
  items: { productId: string; quantity: number }[];
  createdAt: string;
  updatedAt: string;
};

export type ProductBrief = {
  id: string;
  supplierId: string;
  title: string;
  unit: string;
  moq: number;
  currency: string;
  tiers: { minQuantity: number; unitPrice: number }[];
};
