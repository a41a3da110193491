import { z } from 'zod';
import { Currency, Id, Money, NonEmptyText, Pagination, page, Quantity } from '../common.js';

// ---------------------------------------------------------------------------------------------------------------
// Categories

export const Category = z.object({
  id: Id,
  parentId: Id.nullable(),
  name: z.string(),
  /** Ids from the root down to this category joined by '/'. */
  path: z.string(),
  sortOrder: z.number().int(),
  createdAt: z.string(),
});
export type Category = z.infer<typeof Category>;

export type CategoryNode = Category & { children: CategoryNode[] };
export const CategoryNode: z.ZodType<CategoryNode> = Category.extend({
  get children() {
    return z.array(CategoryNode);
  },
});

export const CategoryTree = z.object({ items: z.array(CategoryNode) });

const SortOrder = z.number().int().min(-1_000_000).max(1_000_000);

export const CategoryCreate = z.strictObject({
  parentId: Id.nullable().default(null),
  name: NonEmptyText(100),
  sortOrder: SortOrder.default(0),
});
export type CategoryCreate = z.infer<typeof CategoryCreate>;

export const CategoryUpdate = z.strictObject({
  /** Moves the category (and its subtree) under another parent; null makes it a root. */
  parentId: Id.nullable().optional(),
  name: NonEmptyText(100).optional(),
  sortOrder: SortOrder.optional(),
});
export type CategoryUpdate = z.infer<typeof CategoryUpdate>;

// ---------------------------------------------------------------------------------------------------------------
// Products

export const PRODUCT_STATUSES = ['draft', 'active', 'inactive'] as const;
export const ProductStatus = z.enum(PRODUCT_STATUSES);

export const MAX_ATTRIBUTES = 50;
/** Free-form product attributes (材质, 规格, ...): at most 50 keys, scalar values. */
export const Attributes = z
  .record(z.string().trim().min(1).max(64), z.union([z.string().max(500), z.number().finite(), z.boolean()]))
  .refine((a) => Object.keys(a).length <= MAX_ATTRIBUTES, `at most ${MAX_ATTRIBUTES} attributes`);

export const PriceTier = z.strictObject({
  minQuantity: Quantity,
  unitPrice: Money.min(1),
});
export type PriceTier = z.infer<typeof PriceTier>;

/**
 * Quantity breaks: at least one, strictly increasing minQuantity, non-increasing unitPrice. The first tier's
 * minQuantity must equal the product's MOQ (checked where the MOQ is known).
 */
export const PriceTiers = z
  .array(PriceTier)
  .min(1)
  .max(20)
  .superRefine((tiers, ctx) => {
    for (let i = 1; i < tiers.length; i++) {
      const prev = tiers[i - 1] as PriceTier;
      const tier = tiers[i] as PriceTier;
      if (tier.minQuantity <= prev.minQuantity) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'minQuantity'],
          message: 'minQuantity must be strictly greater than the previous tier',
        });
      } else if (tier.unitPrice > prev.unitPrice) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'unitPrice'],
          message: 'unitPrice must not exceed the previous tier',
        });
      }
    }
  });

const Stock = z.number().int().min(0).max(1_000_000_000);
const Unit = NonEmptyText(16).describe('Unit of sale, e.g. 吨, 件, kg');

export const ProductCreate = z
  .strictObject({
    /** Members: defaults to (and must be) their own organisation. Operators: required. */
    supplierId: Id.optional(),
    categoryId: Id,
    title: NonEmptyText(200),
    description: z.string().max(10_000).default(''),
    attributes: Attributes.default({}),
    unit: Unit,
    moq: Quantity.describe('Minimum order quantity; equals the first tier minQuantity'),
    stock: Stock,
    currency: Currency,
    status: ProductStatus.default('draft'),
    tiers: PriceTiers,
  })
  .superRefine((p, ctx) => {
    const first = p.tiers[0];
    if (first && first.minQuantity !== p.moq) {
      ctx.addIssue({
        code: 'custom',
        path: ['tiers', 0, 'minQuantity'],
        message: 'the first tier minQuantity must equal moq',
      });
    }
  });
export type ProductCreate = z.infer<typeof ProductCreate>;

export const ProductUpdate = z.strictObject({
  categoryId: Id.optional(),
  title: NonEmptyText(200).optional(),
  description: z.string().max(10_000).optional(),
  attributes: Attributes.optional(),
  unit: Unit.optional(),
  /** Changing the MOQ needs tiers whose first minQuantity equals it (send both together). */
  moq: Quantity.optional(),
  stock: Stock.optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'ISO 4217 code such as CNY')
    .optional(),
  status: ProductStatus.optional(),
  tiers: PriceTiers.optional(),
});
export type ProductUpdate = z.infer<typeof ProductUpdate>;

export const ProductTiersPut = z.strictObject({ tiers: PriceTiers });
export type ProductTiersPut = z.infer<typeof ProductTiersPut>;

export const AttributeValue = z.union([z.string(), z.number(), z.boolean()]);

export const Product = z.object({
  id: Id,
  supplierId: Id,
  categoryId: Id,
  title: z.string(),
  description: z.string(),
  attributes: z.record(z.string(), AttributeValue),
  unit: z.string(),
  moq: z.number().int(),
  stock: z.number().int(),
  currency: z.string(),
  status: ProductStatus,
  tiers: z.array(z.object({ minQuantity: z.number().int(), unitPrice: z.number().int() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Product = z.infer<typeof Product>;

export const ProductPromotion = z.object({
  promotionId: Id,
  name: z.string(),
  kind: z.enum(['price', 'percent_off']),
  percentOff: z.number().int().nullable(),
  unitPrice: z.number().int().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
});
export type ProductPromotion = z.infer<typeof ProductPromotion>;

export const ProductDetail = Product.extend({
  supplier: z.object({ id: Id, name: z.string(), region: z.string() }),
  /** Promotions running on this product now. */
  promotions: z.array(ProductPromotion),
});
export type ProductDetail = z.infer<typeof ProductDetail>;

/** The orders a product list can come in (`-` = descending). */
export const PRODUCT_SORTS = [
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
  'title',
  '-title',
  'moq',
  '-moq',
  'stock',
  '-stock',
] as const;

export const ProductListQuery = z.strictObject({
  ...Pagination.shape,
  supplierId: Id.optional(),
  /** Includes the category's whole subtree. */
  categoryId: Id.optional(),
  status: ProductStatus.optional(),
  q: z.string().trim().min(1).max(100).optional().describe('Substring of the title'),
  sort: z
    .enum(PRODUCT_SORTS)
    .optional()
    .describe(
      'Order of the list: a field, descending with a leading "-" (ties broken by id); default -createdAt. Titles ' +
        "compare in the database's collation, which may order non-ASCII text differently on SQLite and PostgreSQL",
    ),
});
export type ProductListQuery = z.infer<typeof ProductListQuery>;

export const PriceQuery = z.strictObject({ quantity: z.coerce.number().int().min(1).max(10_000_000) });

export const PriceQuote = z.object({
  quantity: z.number().int(),
  tierUnitPrice: z.number().int(),
  unitPrice: z.number().int().describe('After the best promotion running now'),
  promotionId: Id.nullable(),
  moq: z.number().int(),
  meetsMoq: z.boolean(),
});
export type PriceQuote = z.infer<typeof PriceQuote>;

export const ProductPage = page(Product);
