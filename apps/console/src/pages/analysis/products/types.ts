/**
 * The product performance node and answer as the console uses them (mirrors ProductPerformanceQuery /
 * ProductPerformanceResult in packages/schema/src/query/products.ts), and the category tree it names categories by.
 */
export const PRODUCT_ROLES = ['traffic', 'profit', 'volume', 'promotion'] as const;
export type ProductRole = (typeof PRODUCT_ROLES)[number];
export const PRODUCT_STAGES = ['introduction', 'growth', 'maturity', 'decline'] as const;
export type ProductStage = (typeof PRODUCT_STAGES)[number];
export const RANK_BY = ['gmv', 'exposures', 'views', 'ctr', 'cvr', 'orders', 'margin', 'rating'] as const;
export type RankBy = (typeof RANK_BY)[number];

export type ProductPerformanceNode = {
  kind: 'ProductPerformanceQuery';
  groupBy: 'product' | 'category';
  interval: 'week' | 'month';
  sortBy: RankBy;
  limit: number;
  dateRange: { from: string; to: string };
};

export type ProductPerformanceRow = {
  id: string;
  name: string | null;
  categoryId: string | null;
  exposures: number;
  views: number;
  viewers: number;
  ctr: number | null;
  orders: number;
  buyers: number;
  cvr: number | null;
  gmv: number;
  margin: number | null;
  marginRate: number | null;
  rating: number | null;
  returnRate: number | null;
  trend: number[];
  role: ProductRole;
  roleRule: string;
  stage: ProductStage;
  stageRule: string;
};

export type ProductPerformanceResult = {
  kind: 'ProductPerformanceQuery';
  periods: string[];
  rows: ProductPerformanceRow[];
  rules: { role: string; stage: string };
};

/** `GET /api/categories`: the nested tree. */
export type CategoryNode = { id: string; name: string; children?: CategoryNode[] };
export type CategoryTree = { items: CategoryNode[] };
