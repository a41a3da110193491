import type { Region } from '@tradeloop/schema';
import type { NameBook } from './names/book.js';
import type { Rng } from './rng.js';

/**
 * The static marketplace: industries and their category tree, suppliers with their planted quality, their products,
 * coupons. Buyers join over simulated time (behaviour.ts). Everything here is built from the seed; ids are derived
 * from sequence numbers, never from the clock.
 */

export type IndustryKey = 'steel' | 'chemicals' | 'apparel' | 'parts' | 'services';

type ProductTemplate = {
  key: string;
  grades: readonly string[];
  specs: readonly string[];
  unit: 'ton' | 'piece' | 'pair' | 'set' | 'year' | 'case' | 'month';
  /** Unit price range in yuan. */
  price: readonly [number, number];
  moq: readonly [number, number];
};

type Industry = {
  key: IndustryKey;
  /** Share of buyers in this industry. */
  demand: number;
  /** Share of purchases that start as an RFQ rather than from a listing (planted demand/supply imbalance). */
  rfqShare: number;
  /** Listings per supplier: few in RFQ-driven industries, many where buyers order from the catalogue. */
  listingsPerSupplier: readonly [number, number];
  categories: readonly { key: string; templates: readonly ProductTemplate[] }[];
};

export const INDUSTRIES: readonly Industry[] = [
  {
    key: 'steel',
    demand: 0.28,
    rfqShare: 0.6,
    listingsPerSupplier: [2, 5],
    categories: [
      {
        key: 'steel-plate',
        templates: [
          {
            key: 'hr-coil',
            grades: ['Q235B', 'Q355B', 'SPHC'],
            specs: ['2.75*1250*C', '4.75*1500*C', '9.75*1500*C'],
            unit: 'ton',
            price: [3600, 4600],
            moq: [5, 30],
          },
          {
            key: 'cr-sheet',
            grades: ['SPCC', 'DC01', 'DC04'],
            specs: ['1.0*1250*2500', '1.5*1250*C'],
            unit: 'ton',
            price: [4200, 5200],
            moq: [5, 20],
          },
        ],
      },
      {
        key: 'steel-rebar',
        templates: [
          {
            key: 'rebar',
            grades: ['HRB400E', 'HRB500E'],
            specs: ['Φ12 9m', 'Φ16 12m', 'Φ25 12m'],
            unit: 'ton',
            price: [3500, 4200],
            moq: [10, 50],
          },
          {
            key: 'wire-rod',
            grades: ['HPB300', 'Q195'],
            specs: ['Φ6.5', 'Φ8', 'Φ10'],
            unit: 'ton',
            price: [3600, 4100],
            moq: [10, 40],
          },
        ],
      },
      {
        key: 'stainless',
        templates: [
          {
            key: 'ss-coil',
            grades: ['304', '316L', '201'],
            specs: ['0.5*1219*C', '2.0*1500*C'],
            unit: 'ton',
            price: [9000, 16000],
            moq: [1, 5],
          },
          {
            key: 'ss-pipe',
            grades: ['304', '316L'],
            specs: ['25*2', '57*3.5', '108*4'],
            unit: 'ton',
            price: [18000, 26000],
            moq: [1, 3],
          },
        ],
      },
      {
        key: 'steel-section',
        templates: [
          {
            key: 'h-beam',
            grades: ['Q235B', 'Q355B'],
            specs: ['200*200*8*12', '300*300*10*15'],
            unit: 'ton',
            price: [3900, 4500],
            moq: [5, 20],
          },
          {
            key: 'welded-pipe',
            grades: ['Q235B'],
            specs: ['DN50*3.5', 'DN100*4.0'],
            unit: 'ton',
            price: [4000, 4800],
            moq: [3, 15],
          },
        ],
      },
    ],
  },
  {
    key: 'chemicals',
    demand: 0.2,
    rfqShare: 0.5,
    listingsPerSupplier: [2, 6],
    categories: [
      {
        key: 'basic-chem',
        templates: [
          {
            key: 'caustic-soda',
            grades: ['99%', '96%'],
            specs: ['25kg', '1000kg'],
            unit: 'ton',
            price: [2800, 3600],
            moq: [1, 10],
          },
          {
            key: 'soda-ash',
            grades: ['Na2CO3 99.2%'],
            specs: ['40kg', '1000kg'],
            unit: 'ton',
            price: [1700, 2400],
            moq: [5, 20],
          },
        ],
      },
      {
        key: 'plastics',
        templates: [
          {
            key: 'pp',
            grades: ['T30S', 'S1003', 'K8003'],
            specs: ['MFR 3', 'MFR 12'],
            unit: 'ton',
            price: [7200, 8600],
            moq: [1, 10],
          },
          {
            key: 'pe',
            grades: ['5000S', '7042'],
            specs: ['MFR 0.9', 'MFR 2'],
            unit: 'ton',
            price: [7800, 9400],
            moq: [1, 10],
          },
          {
            key: 'pvc',
            grades: ['SG-5', 'SG-8'],
            specs: ['K66', 'K60'],
            unit: 'ton',
            price: [5200, 6400],
            moq: [5, 20],
          },
        ],
      },
      {
        key: 'solvents',
        templates: [
          {
            key: 'methanol',
            grades: ['AA', 'GB338'],
            specs: ['99.9%'],
            unit: 'ton',
            price: [2200, 2800],
            moq: [10, 30],
          },
          {
            key: 'acetone',
            grades: ['99.5%'],
            specs: ['160kg'],
            unit: 'ton',
            price: [4800, 6200],
            moq: [1, 10],
          },
        ],
      },
    ],
  },
  {
    key: 'apparel',
    demand: 0.2,
    rfqShare: 0.1,
    listingsPerSupplier: [8, 16],
    categories: [
      {
        key: 'menswear',
        templates: [
          {
            key: 'shirt',
            grades: ['CVC 60/40', '100% cotton'],
            specs: ['S-XXL', 'M-4XL'],
            unit: 'piece',
            price: [38, 120],
            moq: [100, 500],
          },
          {
            key: 'jacket',
            grades: ['3L Gore', '2L PU'],
            specs: ['S-XXL'],
            unit: 'piece',
            price: [180, 420],
            moq: [50, 300],
          },
        ],
      },
      {
        key: 'footwear',
        templates: [
          {
            key: 'running-shoe',
            grades: ['EVA', 'MD'],
            specs: ['36-45', '39-46'],
            unit: 'pair',
            price: [55, 160],
            moq: [200, 1000],
          },
          {
            key: 'safety-shoe',
            grades: ['S1P', 'S3'],
            specs: ['36-47'],
            unit: 'pair',
            price: [75, 190],
            moq: [100, 500],
          },
        ],
      },
      {
        key: 'workwear',
        templates: [
          {
            key: 'coverall',
            grades: ['T/C 65/35', 'CVC'],
            specs: ['S-4XL'],
            unit: 'set',
            price: [60, 150],
            moq: [100, 500],
          },
          {
            key: 'reflective-vest',
            grades: ['EN ISO 20471'],
            specs: ['L-XXL'],
            unit: 'piece',
            price: [6, 25],
            moq: [500, 5000],
          },
        ],
      },
    ],
  },
  {
    key: 'parts',
    demand: 0.22,
    rfqShare: 0.25,
    listingsPerSupplier: [6, 14],
    categories: [
      {
        key: 'bearings',
        templates: [
          {
            key: 'ball-bearing',
            grades: ['6205-2RS', '6308-ZZ', '6001-2RS'],
            specs: ['P0', 'P6'],
            unit: 'piece',
            price: [3, 45],
            moq: [100, 2000],
          },
        ],
      },
      {
        key: 'fasteners',
        templates: [
          {
            key: 'hex-bolt',
            grades: ['8.8', '10.9'],
            specs: ['M12*50 GB5782', 'M16*80 GB5782'],
            unit: 'piece',
            price: [1, 3],
            moq: [1000, 10000],
          },
          {
            key: 'anchor',
            grades: ['304', 'Zn'],
            specs: ['M10*100', 'M12*120'],
            unit: 'piece',
            price: [1, 4],
            moq: [1000, 5000],
          },
        ],
      },
      {
        key: 'hydraulics',
        templates: [
          {
            key: 'cylinder',
            grades: ['HSG80', 'HSG100'],
            specs: ['500mm', '800mm'],
            unit: 'piece',
            price: [600, 3200],
            moq: [1, 10],
          },
          {
            key: 'valve',
            grades: ['4V210-08', 'DN15'],
            specs: ['DC24V', 'AC220V'],
            unit: 'piece',
            price: [45, 380],
            moq: [10, 100],
          },
        ],
      },
      {
        key: 'motors',
        templates: [
          {
            key: 'motor',
            grades: ['YE3-132M-4', 'YE3-160M-4'],
            specs: ['7.5kW', '11kW'],
            unit: 'piece',
            price: [1400, 4200],
            moq: [1, 20],
          },
        ],
      },
    ],
  },
  {
    key: 'services',
    demand: 0.1,
    rfqShare: 0.7,
    listingsPerSupplier: [1, 3],
    categories: [
      {
        key: 'legal',
        templates: [
          {
            key: 'legal-counsel',
            grades: ['Standard', 'Premium'],
            specs: ['12M'],
            unit: 'year',
            price: [8000, 60000],
            moq: [1, 1],
          },
          {
            key: 'contract-review',
            grades: ['Standard'],
            specs: ['≤20p'],
            unit: 'case',
            price: [800, 5000],
            moq: [1, 1],
          },
        ],
      },
      {
        key: 'ip',
        templates: [
          {
            key: 'trademark',
            grades: ['Class 25', 'Class 9', 'Class 35'],
            specs: ['CN'],
            unit: 'case',
            price: [600, 2500],
            moq: [1, 1],
          },
          {
            key: 'patent',
            grades: ['Utility', 'Invention'],
            specs: ['CN'],
            unit: 'case',
            price: [3000, 12000],
            moq: [1, 1],
          },
        ],
      },
      {
        key: 'finance-services',
        templates: [
          {
            key: 'bookkeeping',
            grades: ['Small-scale', 'General'],
            specs: ['12M'],
            unit: 'month',
            price: [200, 1200],
            moq: [12, 12],
          },
          {
            key: 'audit',
            grades: ['Annual'],
            specs: ['CN GAAP'],
            unit: 'case',
            price: [5000, 30000],
            moq: [1, 1],
          },
        ],
      },
    ],
  },
];

/** Provinces with their macro region; buyers and suppliers cluster where the industry does. */
export const PROVINCES: readonly { key: string; region: Region; weight: number }[] = [
  { key: 'jiangsu', region: 'east', weight: 10 },
  { key: 'zhejiang', region: 'east', weight: 10 },
  { key: 'shanghai', region: 'east', weight: 7 },
  { key: 'shandong', region: 'east', weight: 7 },
  { key: 'fujian', region: 'east', weight: 4 },
  { key: 'anhui', region: 'east', weight: 3 },
  { key: 'beijing', region: 'north', weight: 5 },
  { key: 'tianjin', region: 'north', weight: 4 },
  { key: 'hebei', region: 'north', weight: 6 },
  { key: 'shanxi', region: 'north', weight: 2 },
  { key: 'guangdong', region: 'south', weight: 10 },
  { key: 'guangxi', region: 'south', weight: 2 },
  { key: 'sichuan', region: 'southwest', weight: 4 },
  { key: 'chongqing', region: 'southwest', weight: 3 },
  { key: 'yunnan', region: 'southwest', weight: 1 },
  { key: 'hubei', region: 'central', weight: 4 },
  { key: 'hunan', region: 'central', weight: 3 },
  { key: 'henan', region: 'central', weight: 3 },
  { key: 'liaoning', region: 'northeast', weight: 3 },
  { key: 'shaanxi', region: 'northwest', weight: 2 },
];

export type SimCategory = {
  id: string;
  key: string;
  parentId: string | null;
  name: string;
  sortOrder: number;
  industry: IndustryKey;
};

export type SimContact = {
  id: string;
  organizationId: string;
  name: string;
  phone: string;
  email: string;
  role: 'purchaser' | 'sales' | 'finance' | 'owner' | 'other';
};

export type SimOrganization = {
  id: string;
  kind: 'buyer' | 'supplier';
  name: string;
  creditCode: string;
  industry: string;
  industryKey: IndustryKey;
  region: Region;
  province: string;
  businessLine: string;
  /** Certification outcome the loader applies (a few stay pending, as on a real platform). */
  certification: 'verified' | 'pending';
  contacts: SimContact[];
};

/** Planted supplier quality: true DSR means (1–5), reply speed, price level, shipping time. */
export type SupplierQuality = {
  dsr: { description: number; shipping: number; response: number };
  /** Mean hours until the supplier answers an RFQ. */
  responseHours: number;
  /** Probability that the supplier quotes on a matching RFQ. */
  quoteProbability: number;
  /** Price level relative to the market (0.9 = 10% cheaper). */
  priceFactor: number;
  /** Mean days from payment to shipment. */
  shipDays: number;
};

export type SimProduct = {
  id: string;
  supplierId: string;
  categoryId: string;
  templateKey: string;
  industry: IndustryKey;
  grade: string;
  title: string;
  /** Words a buyer would search for to find it. */
  keywords: string;
  description: string;
  attributes: Record<string, string>;
  unit: string;
  moq: number;
  stock: number;
  currency: 'CNY';
  status: 'active';
  tiers: { minQuantity: number; unitPrice: number }[];
};

export type SimCoupon = {
  id: string;
  code: string;
  name: string;
  kind: 'amount_off';
  amountOff: number;
  threshold: number;
  currency: 'CNY';
  supplierId: string | null;
  validFrom: string;
  validUntil: string;
  perOrgLimit: number;
  purpose: 'welcome' | 'festival';
};

export type World = {
  categories: SimCategory[];
  /** Leaf categories by industry. */
  leaves: Map<IndustryKey, SimCategory[]>;
  suppliers: SimOrganization[];
  supplierById: Map<string, SimOrganization>;
  quality: Map<string, SupplierQuality>;
  products: SimProduct[];
  productsByCategory: Map<string, SimProduct[]>;
  suppliersByIndustry: Map<IndustryKey, SimOrganization[]>;
  coupons: SimCoupon[];
  names: NameBook;
};

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid-looking unified social credit code, unique by construction (the sequence number is encoded in it). */
export function creditCode(rng: Rng, seq: number): string {
  let tail = '';
  let n = seq;
  for (let i = 0; i < 6; i++) {
    tail = CREDIT_ALPHABET[n % 31] + tail;
    n = Math.floor(n / 31);
  }
  let mid = '';
  for (let i = 0; i < 10; i++) mid += CREDIT_ALPHABET[rng.int(0, 30)];
  return `91${mid}${tail}`;
}

/** Builds names and contacts for an organisation; shared by suppliers (here) and buyers (behaviour.ts). */
export class OrgFactory {
  private orgSeq = 0;
  private contactSeq = 0;
  private readonly usedNames = new Set<string>();

  constructor(
    private readonly rng: Rng,
    private readonly names: NameBook,
    private readonly idPrefix: string,
  ) {}

  organization(kind: 'buyer' | 'supplier', industryKey: IndustryKey, contactCount: number): SimOrganization {
    const rng = this.rng;
    const seq = ++this.orgSeq;
    const province = rng.weighted(
      PROVINCES,
      PROVINCES.map((p) => p.weight),
    );
    let name = '';
    for (let attempt = 0; ; attempt++) {
      // Two parts in every locale (华+鑫, Ever+bright): the same draws, so the locale changes only the words.
      const first = rng.pick(this.names.brandParts);
      const second = rng.pick(this.names.brandParts);
      const brand = this.names.locale === 'en' ? `${first}${second.toLowerCase()}` : `${first}${second}`;
      name = this.names.company(
        this.names.provinces[province.key] as string,
        brand,
        rng.pick(this.names.companyWords[industryKey] as readonly string[]),
        rng.pick(this.names.companySuffixes),
      );
      if (!this.usedNames.has(name)) break;
      if (attempt > 8) {
        name = `${name} (${seq})`;
        break;
      }
    }
    this.usedNames.add(name);
    const id = `org_${this.idPrefix}${seq.toString(36).padStart(5, '0')}`;
    const org: SimOrganization = {
      id,
      kind,
      name,
      creditCode: creditCode(rng, seq),
      industry: this.names.industries[industryKey] as string,
      industryKey,
      region: province.region,
      province: province.key,
      businessLine: industryKey,
      certification: rng.chance(0.92) ? 'verified' : 'pending',
      contacts: [],
    };
    for (let i = 0; i < contactCount; i++) org.contacts.push(this.contact(org, i));
    return org;
  }

  private contact(org: SimOrganization, index: number): SimContact {
    const rng = this.rng;
    const seq = ++this.contactSeq;
    const surname = rng.pick(this.names.surnames);
    const given = rng.pick(this.names.givenNames);
    const roles =
      org.kind === 'supplier' ? (['sales', 'owner', 'finance'] as const) : (['purchaser', 'owner', 'finance'] as const);
    // 1 + 3-digit carrier prefix + 8 digits from the sequence: unique, and shaped like a mainland mobile number.
    const phone = `1${rng.pick(['38', '39', '58', '86', '36', '77'])}${String(seq).padStart(8, '0')}`;
    return {
      id: `ctc_${this.idPrefix}${seq.toString(36).padStart(6, '0')}`,
      organizationId: org.id,
      name: this.names.person(surname, given),
      phone,
      email: `c${seq}.${org.id.slice(4)}@example.com`,
      role: roles[Math.min(index, roles.length - 1)] as SimContact['role'],
    };
  }
}

export type WorldOptions = {
  suppliers: number;
  startMs: number;
  endMs: number;
  festival: { from: number; to: number };
};

/** Builds the categories, suppliers (with quality), products and coupons. */
export function buildWorld(rng: Rng, names: NameBook, orgs: OrgFactory, options: WorldOptions): World {
  const categories: SimCategory[] = [];
  const leaves = new Map<IndustryKey, SimCategory[]>();
  let catSeq = 0;
  const catId = () => `cat_sim${(++catSeq).toString(36).padStart(3, '0')}`;
  INDUSTRIES.forEach((industry, i) => {
    const root: SimCategory = {
      id: catId(),
      key: industry.key,
      parentId: null,
      name: names.categories[industry.key] as string,
      sortOrder: i,
      industry: industry.key,
    };
    categories.push(root);
    const list: SimCategory[] = [];
    industry.categories.forEach((c, j) => {
      const leaf: SimCategory = {
        id: catId(),
        key: c.key,
        parentId: root.id,
        name: names.categories[c.key] as string,
        sortOrder: j,
        industry: industry.key,
      };
      categories.push(leaf);
      list.push(leaf);
    });
    leaves.set(industry.key, list);
  });

  const suppliers: SimOrganization[] = [];
  const quality = new Map<string, SupplierQuality>();
  const suppliersByIndustry = new Map<IndustryKey, SimOrganization[]>();
  const products: SimProduct[] = [];
  const productsByCategory = new Map<string, SimProduct[]>();
  let productSeq = 0;
  for (let s = 0; s < options.suppliers; s++) {
    // Supply follows demand, with every industry holding at least a few suppliers.
    const industry =
      s < INDUSTRIES.length * 3
        ? (INDUSTRIES[s % INDUSTRIES.length] as Industry)
        : rng.weighted(
            INDUSTRIES,
            INDUSTRIES.map((x) => x.demand),
          );
    const org = orgs.organization('supplier', industry.key, rng.int(1, 2));
    org.certification = 'verified';
    suppliers.push(org);
    const list = suppliersByIndustry.get(industry.key) ?? [];
    list.push(org);
    suppliersByIndustry.set(industry.key, list);
    // One latent "reliability" drives all DSR dimensions, so good suppliers are good across the board (as in life).
    const reliability = rng.normal(0, 1);
    const dim = (noise: number) => clamp(4.3 + 0.45 * reliability + rng.normal(0, noise), 2.2, 5);
    const q: SupplierQuality = {
      dsr: { description: round2(dim(0.15)), shipping: round2(dim(0.2)), response: round2(dim(0.2)) },
      responseHours: round2(clamp(6 * Math.exp(-0.6 * reliability + rng.normal(0, 0.3)), 0.5, 72)),
      quoteProbability: round2(clamp(0.65 + 0.15 * reliability + rng.normal(0, 0.08), 0.2, 0.97)),
      priceFactor: round2(clamp(rng.normal(1, 0.06), 0.85, 1.18)),
      shipDays: round2(clamp(3 * Math.exp(-0.35 * reliability + rng.normal(0, 0.25)), 0.5, 12)),
    };
    quality.set(org.id, q);

    const leafList = leaves.get(industry.key) as SimCategory[];
    const count = rng.int(industry.listingsPerSupplier[0], industry.listingsPerSupplier[1]);
    const brand = org.name.replace(/(有限公司|股份|集团|贸易|Co\., Ltd\.|Corp\.|Group|Trading)/g, '').slice(0, 12);
    for (let k = 0; k < count; k++) {
      const catIndex = rng.int(0, industry.categories.length - 1);
      const catDef = industry.categories[catIndex] as Industry['categories'][number];
      const leaf = leafList[catIndex] as SimCategory;
      const t = rng.pick(catDef.templates);
      const grade = rng.pick(t.grades);
      const spec = rng.pick(t.specs);
      const base = names.products[t.key] as string;
      const moq = rng.int(t.moq[0], t.moq[1]);
      const unitPrice = Math.max(1, Math.round(rng.uniform(t.price[0], t.price[1]) * q.priceFactor * 100));
      const tiers = [{ minQuantity: moq, unitPrice }];
      if (t.moq[1] > 1) {
        tiers.push({ minQuantity: moq * 5, unitPrice: Math.max(1, Math.round(unitPrice * 0.97)) });
        tiers.push({ minQuantity: moq * 20, unitPrice: Math.max(1, Math.round(unitPrice * 0.94)) });
      }
      const product: SimProduct = {
        id: `prd_sim${(++productSeq).toString(36).padStart(5, '0')}`,
        supplierId: org.id,
        categoryId: leaf.id,
        templateKey: t.key,
        industry: industry.key,
        grade,
        title: names.productTitle(brand.trim(), grade, base, spec),
        keywords: `${grade} ${base}`,
        description: `${base} ${grade} ${spec}`,
        attributes: {
          [names.attributes.grade]: grade,
          [names.attributes.spec]: spec,
          [names.attributes.origin]: names.provinces[org.province] as string,
        },
        unit: names.units[t.unit] as string,
        moq,
        stock: 100_000_000,
        currency: 'CNY',
        status: 'active',
        tiers,
      };
      products.push(product);
      const byCat = productsByCategory.get(leaf.id) ?? [];
      byCat.push(product);
      productsByCategory.set(leaf.id, byCat);
    }
  }

  const coupons: SimCoupon[] = [
    {
      id: 'cpn_simwelcome',
      code: 'WELCOME200',
      name: names.coupons.welcome,
      kind: 'amount_off',
      amountOff: 20_000,
      threshold: 200_000,
      currency: 'CNY',
      supplierId: null,
      validFrom: new Date(options.startMs).toISOString(),
      validUntil: new Date(options.endMs + 365 * 86_400_000).toISOString(),
      perOrgLimit: 1,
      purpose: 'welcome',
    },
    {
      id: 'cpn_sim818',
      code: 'FEST818',
      name: names.coupons.festival,
      kind: 'amount_off',
      amountOff: 50_000,
      threshold: 500_000,
      currency: 'CNY',
      supplierId: null,
      validFrom: new Date(options.festival.from).toISOString(),
      validUntil: new Date(options.festival.to).toISOString(),
      perOrgLimit: 1,
      purpose: 'festival',
    },
  ];

  const supplierById = new Map(suppliers.map((s) => [s.id, s] as const));
  return {
    categories,
    leaves,
    suppliers,
    supplierById,
    quality,
    products,
    productsByCategory,
    suppliersByIndustry,
    coupons,
    names,
  };
}

export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
export const round2 = (x: number): number => Math.round(x * 100) / 100;
