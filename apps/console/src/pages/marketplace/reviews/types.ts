/** The reviews API's answers (mirrors packages/schema/src/marketplace/reviews.ts). */
export type Review = {
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

export type Dsr = {
  supplierId: string;
  windowDays: number;
  reviewCount: number;
  description: number | null;
  shipping: number | null;
  response: number | null;
};

export type Supplier = { id: string; name: string; industry: string; region: string };
