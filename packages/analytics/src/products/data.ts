/** What the catalogue knows of a product. */
export type ProductFacts = {
  id: string;
  name: string;
  categoryId: string | null;
  /** Unit cost in minor units when known (the product's `unitCost` attribute), else null. */
  unitCost: number | null;
};

/** One line of an order: which product, how many, for how much (minor units, after promotions), promoted or not. */
export type OrderLineFacts = {
  orderId: string;
  productId: string;
  quantity: number;
  lineTotal: number;
  /** Sold under a promotion. */
  promoted: boolean;
};

/**
 * The operational data product performance needs and the event store lacks: the catalogue, the lines of the orders
 * the events name, and the reviews of those orders. The server implements it over core services.
 */
export type ProductSource = {
  /** Catalogue facts of these products (unknown ids are left out). */
  products(ids: readonly string[]): Promise<ProductFacts[]>;
  /** The product lines of these orders (unknown orders and bundle lines are left out). */
  orderLines(orderIds: readonly string[]): Promise<OrderLineFacts[]>;
  /** The description-accuracy score (1..5) of the reviews of these orders. */
  orderRatings(orderIds: readonly string[]): Promise<{ orderId: string; rating: number }[]>;
};
