/** Shapes of the catalogue answers these pages read (mirrors packages/schema/src/marketplace/catalog.ts). */
export const PRODUCT_STATUSES = ['draft', 'active', 'inactive'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export type PriceTier = { minQuantity: number; unitPrice: number };

export type Product = {
  id: string;
  supplierId: string;
  categoryId: string;
  title: string;
  description: string;
  attributes: Record<string, string | number | boolean>;
  unit: string;
  moq: number;
  stock: number;
  currency: string;
  status: ProductStatus;
  tiers: PriceTier[];
  createdAt: string;
  updatedAt: string;
};

export type ProductPromotion = {
  promotionId: string;
  name: string;
  kind: 'price' | 'percent_off';
  percentOff: number | null;
  unitPrice: number | null;
  startsAt: string;
  endsAt: string;
};

export type ProductDetail = Product & {
  supplier: { id: string; name: string; region: string };
  promotions: ProductPromotion[];
};

export type ProductPage = { items: Product[]; total: number; limit: number; offset: number };

export type PriceQuote = {
  quantity: number;
  tierUnitPrice: number;
  unitPrice: number;
  promotionId: string | null;
  moq: number;
  meetsMoq: boolean;
};

export type CategoryNode = {
  id: string;
  parentId: string | null;
  name: string;
  path: string;
  sortOrder: number;
  createdAt: string;
  children: CategoryNode[];
};
export type CategoryTree = { items: CategoryNode[] };

/** The few organisation fields the trade pages show (GET /api/organizations). */
export type OrgSummary = { id: string; name: string; kind: string; region: string };
export type OrgPage = { items: OrgSummary[]; total: number; limit: number; offset: number };
