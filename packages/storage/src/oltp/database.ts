/**
 * Table shapes of the operational store, shared by the SQLite and PostgreSQL adapters.
 *
 * Property names are camelCase; the CamelCasePlugin maps them to snake_case columns.
 * Portable types only, so one migration and one query runs on both dialects:
 * - time: ISO-8601 UTC text (`2026-11-25T12:00:00.000Z`), which sorts lexicographically;
 * - money: integer minor units (`bigint` on PostgreSQL) with a currency column;
 * - JSON: text, parsed by the repository that owns the column;
 * - flags: status strings rather than booleans (SQLite has no boolean type).
 */
export type Database = {
  settings: SettingsTable;
  organizations: OrganizationsTable;
  contacts: ContactsTable;
  operators: OperatorsTable;
  apiTokens: ApiTokensTable;
  categories: CategoriesTable;
  products: ProductsTable;
  priceTiers: PriceTiersTable;
  rfqs: RfqsTable;
  quotes: QuotesTable;
  orders: OrdersTable;
  orderItems: OrderItemsTable;
  orderTransitions: OrderTransitionsTable;
  reviews: ReviewsTable;
  coupons: CouponsTable;
  couponRedemptions: CouponRedemptionsTable;
  promotions: PromotionsTable;
  promotionProducts: PromotionProductsTable;
  bundles: BundlesTable;
  bundleItems: BundleItemsTable;
  memberLevels: MemberLevelsTable;
  pointsLedger: PointsLedgerTable;
  sources: SourcesTable;
  persons: PersonsTable;
  personDistinctIds: PersonDistinctIdsTable;
  groupTraits: GroupTraitsTable;
  identityPositions: IdentityPositionsTable;
  eventOutbox: EventOutboxTable;
  channelSpend: ChannelSpendTable;
  operatorCredentials: OperatorCredentialsTable;
  consoleSessions: ConsoleSessionsTable;
  savedQueries: SavedQueriesTable;
  boards: BoardsTable;
  boardTiles: BoardTilesTable;
};

export type SettingsTable = { key: string; value: string; updatedAt: string };

export type OrganizationsTable = {
  id: string;
  name: string;
  /** 'buyer' | 'supplier' | 'both' */
  kind: string;
  /** Unified social credit code (统一社会信用代码), 18 characters, unique. */
  creditCode: string;
  industry: string;
  region: string;
  businessLine: string;
  /** 'pending' | 'verified' | 'rejected' */
  certificationStatus: string;
  certificationNote: string | null;
  certifiedAt: string | null;
  certifiedBy: string | null;
  memberLevelId: string | null;
  createdAt: string;
  updatedAt: string;
};

export type ContactsTable = {
  id: string;
  organizationId: string;
  name: string;
  phone: string | null;
  email: string | null;
  role: string;
  createdAt: string;
  updatedAt: string;
};

export type OperatorsTable = {
  id: string;
  name: string;
  email: string;
  role: string;
  /** JSON: "*" or an array of region codes. */
  regions: string;
  /** JSON: "*" or an array of business lines. */
  businessLines: string;
  /** 'active' | 'disabled' */
  status: string;
  createdAt: string;
  updatedAt: string;
};

export type ApiTokensTable = {
  id: string;
  /** sha256 hex of the token; the token itself is shown once and never stored. */
  tokenHash: string;
  /** 'operator' | 'member' */
  principalKind: string;
  operatorId: string | null;
  contactId: string | null;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
};

export type CategoriesTable = {
  id: string;
  parentId: string | null;
  name: string;
  /** Ids from the root to this category joined by '/', for subtree queries with LIKE. */
  path: string;
  sortOrder: number;
  createdAt: string;
};

export type ProductsTable = {
  id: string;
  supplierId: string;
  categoryId: string;
  title: string;
  description: string;
  /** JSON object of attribute name → value. */
  attributes: string;
  unit: string;
  moq: number;
  stock: number;
  currency: string;
  /** 'draft' | 'active' | 'inactive' */
  status: string;
  createdAt: string;
  updatedAt: string;
};

export type PriceTiersTable = {
  productId: string;
  minQuantity: number;
  unitPrice: number;
};

export type RfqsTable = {
  id: string;
  buyerId: string;
  createdBy: string | null;
  categoryId: string;
  title: string;
  description: string;
  quantity: number;
  unit: string;
  targetUnitPrice: number | null;
  currency: string;
  deadline: string;
  deliveryRegion: string;
  /** 'open' | 'awarded' | 'closed' | 'cancelled' */
  status: string;
  createdAt: string;
  updatedAt: string;
};

export type QuotesTable = {
  id: string;
  rfqId: string;
  supplierId: string;
  productId: string | null;
  unitPrice: number;
  quantity: number;
  currency: string;
  leadTimeDays: number;
  validUntil: string;
  note: string | null;
  /** 'submitted' | 'accepted' | 'rejected' | 'withdrawn' */
  status: string;
  orderId: string | null;
  createdAt: string;
  updatedAt: string;
};

export type OrdersTable = {
  id: string;
  buyerId: string;
  supplierId: string;
  /** 'placed' | 'paid' | 'shipped' | 'delivered' | 'completed' | 'cancelled' | 'return_requested' | 'returned' | 'return_refused' */
  status: string;
  /** 'catalog' | 'quote' */
  source: string;
  quoteId: string | null;
  currency: string;
  subtotal: number;
  discount: number;
  total: number;
  couponId: string | null;
  pointsEarned: number;
  idempotencyKey: string | null;
  /** sha256 of the canonical request, to tell a retry from a reuse of the key. */
  requestHash: string | null;
  note: string | null;
  placedAt: string;
  paidAt: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  updatedAt: string;
};

export type OrderItemsTable = {
  id: string;
  orderId: string;
  lineNo: number;
  productId: string | null;
  bundleId: string | null;
  promotionId: string | null;
  title: string;
  unit: string;
  quantity: number;
  /** Tier (or quote) price before promotions. */
  listUnitPrice: number;
  unitPrice: number;
  lineTotal: number;
};

export type OrderTransitionsTable = {
  id: string;
  orderId: string;
  fromStatus: string | null;
  toStatus: string;
  /** 'admin' | 'operator' | 'member' | 'system' */
  actorKind: string;
  actorId: string | null;
  reason: string | null;
  at: string;
};

export type ReviewsTable = {
  id: string;
  orderId: string;
  buyerId: string;
  supplierId: string;
  ratingDescription: number;
  ratingShipping: number;
  ratingResponse: number;
  text: string;
  createdAt: string;
};

export type CouponsTable = {
  id: string;
  code: string;
  name: string;
  /** 'amount_off' | 'percent_off' */
  kind: string;
  amountOff: number | null;
  percentOff: number | null;
  /** Minimum order subtotal (minor units) for the coupon to apply. */
  threshold: number;
  currency: string;
  /** Coupon funded by one supplier (only its orders); null = platform coupon. */
  supplierId: string | null;
  validFrom: string;
  validUntil: string;
  perOrgLimit: number;
  totalLimit: number | null;
  /** 'active' | 'disabled' */
  status: string;
  createdAt: string;
  updatedAt: string;
};

export type CouponRedemptionsTable = {
  id: string;
  couponId: string;
  organizationId: string;
  orderId: string;
  amount: number;
  createdAt: string;
};

export type PromotionsTable = {
  id: string;
  name: string;
  /** 'price' (a promotional unit price per product) | 'percent_off' */
  kind: string;
  percentOff: number | null;
  startsAt: string;
  endsAt: string;
  /** 'active' | 'disabled' */
  status: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
};

export type PromotionProductsTable = {
  promotionId: string;
  productId: string;
  unitPrice: number | null;
};

export type BundlesTable = {
  id: string;
  supplierId: string;
  name: string;
  /** Price of one set. */
  price: number;
  currency: string;
  startsAt: string | null;
  endsAt: string | null;
  /** 'active' | 'disabled' */
  status: string;
  createdAt: string;
  updatedAt: string;
};

export type BundleItemsTable = {
  bundleId: string;
  productId: string;
  quantity: number;
};

export type MemberLevelsTable = {
  id: string;
  code: string;
  name: string;
  rank: number;
  /** Lifetime earned points at which an organisation reaches this level. */
  minLifetimePoints: number;
  /** Points earned per whole currency unit spent, in percent (100 = 1 point per yuan). */
  pointsRatePercent: number;
  createdAt: string;
  updatedAt: string;
};

export type PointsLedgerTable = {
  id: string;
  organizationId: string;
  /** 'earn' | 'spend' | 'expire' | 'revoke' | 'adjust' */
  kind: string;
  /** Signed change of the balance. */
  delta: number;
  /** For earn lots: points of this lot not yet spent or expired (spent first-in, first-out). */
  remaining: number;
  expiresAt: string | null;
  orderId: string | null;
  note: string | null;
  createdAt: string;
};

/** Event sources (0002_sources): write key for Segment-style auth, name for the Sensors `project`. */
export type SourcesTable = {
  id: string;
  name: string;
  writeKey: string;
  /** 'segment' | 'sensors' | 'sdk' | 'server' | 'import' */
  kind: string;
  /** 'active' | 'disabled' */
  status: string;
  createdAt: string;
  updatedAt: string;
};

/** A person of identity stitching (0003_identity). */
export type PersonsTable = {
  id: string;
  /** JSON object of trait name → value (Sensors profile semantics). */
  traits: string;
  /** JSON object: trait name → time of the set_once that wrote its current value. */
  setOnceAt: string;
  /** The group (marketplace organisation or external id) of the person's latest group call. */
  organizationId: string | null;
  /** Normalised from traits for lookups: no spaces or dashes. */
  phone: string | null;
  /** Normalised from traits for lookups: lower case. */
  email: string | null;
  createdAt: string;
  updatedAt: string;
  /** Set when this person was merged into another; its distinct ids then belong to that one. */
  mergedInto: string | null;
};

export type PersonDistinctIdsTable = {
  distinctId: string;
  personId: string;
  /** 'user' | 'anonymous' | 'unknown' */
  kind: string;
  /** Bumped on every move to another person; the event store's person map keeps the highest. */
  version: number;
  /** 1 while the row still has to be copied to the event store's person map. */
  mirrorPending: number;
  createdAt: string;
};

export type GroupTraitsTable = {
  groupId: string;
  /** JSON object of trait name → value. */
  traits: string;
  createdAt: string;
  updatedAt: string;
};

export type IdentityPositionsTable = {
  stream: string;
  segment: number;
  recordOffset: number;
  updatedAt: string;
};

/** Server-side events committed with the change they describe, waiting for the relay into the ingestion pipeline. */
export type EventOutboxTable = {
  /** The event id. */
  id: string;
  /** The TrackedEvent as JSON. */
  event: string;
  createdAt: string;
};

/** Spend on an acquisition channel on a day (the channel quadrant's cost side); key (channel, day). */
export type ChannelSpendTable = {
  channel: string;
  /** YYYY-MM-DD. */
  day: string;
  /** Minor units. */
  amount: number;
  currency: string;
  updatedAt: string;
};

export type OperatorCredentialsTable = {
  operatorId: string;
  /** PHC string of the password's KDF output (argon2id), e.g. `$argon2id$v=19$m=19456,t=2,p=1$...`. */
  passwordHash: string;
  updatedAt: string;
};

export type ConsoleSessionsTable = {
  /** sha256 hex of the cookie's random token; the token itself is never stored. */
  id: string;
  operatorId: string;
  createdAt: string;
  /** Absolute end of the session, whatever its use. */
  expiresAt: string;
  /** Last use (written at most once a minute); the session ends after too long idle. */
  lastSeenAt: string;
  revokedAt: string | null;
};

/** A console saved query: an analytics query node (JSON) with a name and a view. */
export type SavedQueriesTable = {
  id: string;
  name: string;
  /** The node's kind (TrendsQuery, FunnelQuery, ...), for listing by kind without parsing. */
  kind: string;
  /** JSON: the query node. */
  query: string;
  view: string;
  /** Null: made with the admin token. */
  ownerOperatorId: string | null;
  createdAt: string;
  updatedAt: string;
};

/** A console board (custom dashboard). */
export type BoardsTable = {
  id: string;
  name: string;
  description: string;
  /** 'private' | 'shared' (shared with operators of the same data scope). */
  visibility: string;
  ownerOperatorId: string | null;
  createdAt: string;
  updatedAt: string;
};

/** A tile of a board, drawing a saved query or an inline node; `position` orders the tiles (0, 1, 2, ...). */
export type BoardTilesTable = {
  id: string;
  boardId: string;
  position: number;
  title: string;
  view: string;
  /** 'small' | 'medium' | 'large' */
  size: string;
  savedQueryId: string | null;
  /** JSON: the inline query node (null when savedQueryId is set). */
  query: string | null;
};
