/** What a locale provides: only labels. The simulated structure (keys, prices, rates) is the same in every locale, so
 * `--locale en` changes the words and nothing else. */
export type NameBook = {
  locale: 'zh-CN' | 'en';
  /** Province label by province key (see world.ts PROVINCES). */
  provinces: Record<string, string>;
  /** Syllables or words combined into brand names. */
  brandParts: readonly string[];
  /** Industry label by industry key. */
  industries: Record<string, string>;
  /** Words that follow the brand in a company name, per industry key. */
  companyWords: Record<string, readonly string[]>;
  /** Legal-form suffixes (有限公司...). */
  companySuffixes: readonly string[];
  /** Builds a company name from its parts. */
  company(province: string, brand: string, word: string, suffix: string): string;
  /** Family and given names. */
  surnames: readonly string[];
  givenNames: readonly string[];
  person(surname: string, given: string): string;
  /** Category label by category key; product base name by product template key; unit label by unit key. */
  categories: Record<string, string>;
  products: Record<string, string>;
  units: Record<string, string>;
  /** Attribute names used on products. */
  attributes: { grade: string; spec: string; origin: string; packing: string };
  /** A product title from its parts. */
  productTitle(brand: string, grade: string, base: string, spec: string): string;
  /** An RFQ title: what the buyer wants and how much. */
  rfqTitle(base: string, grade: string, quantity: number, unit: string): string;
  coupons: { welcome: string; festival: string; supplier: string };
  review: { good: readonly string[]; average: readonly string[]; bad: readonly string[] };
  returnReasons: readonly string[];
};
