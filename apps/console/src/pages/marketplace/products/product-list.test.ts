import { describe, expect, it } from 'vitest';
import { indexCategories } from './categories';
import {
  columnSortOrder,
  PRODUCT_SORTS,
  productCsvRow,
  productFiltersFromParams,
  productFiltersToParams,
  productsApiPath,
  sortFromSorter,
} from './product-list';
import type { CategoryNode, Product } from './types';

describe('products list state', () => {
  it('reads the URL, dropping malformed values', () => {
    expect(
      productFiltersFromParams(
        new URLSearchParams('q=%20冲锋衣%20&supplier=org_1&category=cat_2&status=active&page=2&size=50'),
      ),
    ).toEqual({ q: '冲锋衣', supplier: 'org_1', category: 'cat_2', status: 'active', page: 2, size: 50 });
    expect(
      productFiltersFromParams(new URLSearchParams('supplier=org%201;drop&category=&status=sold&page=0&size=13')),
    ).toEqual({ page: 1, size: 20 });
  });

  it('round-trips through the URL, leaving defaults out', () => {
    const f = { supplier: 'org_9', status: 'inactive' as const, page: 3, size: 20 };
    expect(productFiltersToParams(f).toString()).toBe('supplier=org_9&status=inactive&page=3');
    expect(productFiltersFromParams(productFiltersToParams(f))).toEqual(f);
    expect(productFiltersToParams({ page: 1, size: 20 }).toString()).toBe('');
  });

  it("asks the API for the page with limit/offset and the API's filter names", () => {
    expect(
      productsApiPath({ q: '钢', supplier: 'org_1', category: 'cat_1', status: 'active', page: 3, size: 50 }),
    ).toBe(
      `/api/products?limit=50&offset=100&q=${encodeURIComponent('钢')}&supplierId=org_1&categoryId=cat_1&status=active`,
    );
  });

  it('keeps a sort other than the default in the URL and passes it to the API', () => {
    expect(productFiltersFromParams(new URLSearchParams('sort=-moq'))).toEqual({ sort: '-moq', page: 1, size: 20 });
    expect(productFiltersFromParams(new URLSearchParams('sort=-createdAt'))).toEqual({ page: 1, size: 20 });
    expect(productFiltersFromParams(new URLSearchParams('sort=price'))).toEqual({ page: 1, size: 20 });
    expect(productFiltersToParams({ sort: 'title', status: 'active', page: 2, size: 20 }).toString()).toBe(
      'status=active&sort=title&page=2',
    );
    expect(productsApiPath({ sort: '-stock', page: 1, size: 20 })).toBe('/api/products?limit=20&offset=0&sort=-stock');
  });

  it("turns a column click into the list's sort and the sort into the column's state", () => {
    expect(sortFromSorter(PRODUCT_SORTS, '-createdAt', 'moq', 'ascend')).toBe('moq');
    expect(sortFromSorter(PRODUCT_SORTS, '-createdAt', 'title', 'descend')).toBe('-title');
    expect(sortFromSorter(PRODUCT_SORTS, '-createdAt', 'createdAt', 'descend')).toBeUndefined(); // the default
    expect(sortFromSorter(PRODUCT_SORTS, '-createdAt', 'moq', null)).toBeUndefined(); // cleared
    expect(sortFromSorter(PRODUCT_SORTS, '-createdAt', 'price', 'ascend')).toBeUndefined(); // not sortable
    expect(columnSortOrder('-stock', 'stock')).toBe('descend');
    expect(columnSortOrder('stock', 'stock')).toBe('ascend');
    expect(columnSortOrder('-stocks', 'stock')).toBeNull();
    expect(columnSortOrder('moq', 'stock')).toBeNull();
  });

  it('exports a row per product with names, tiers and the price range in fen', () => {
    const p: Product = {
      id: 'prd_1',
      supplierId: 'org_s',
      categoryId: 'cat_b',
      title: '冲锋衣, 2L',
      description: '',
      attributes: {},
      unit: '件',
      moq: 100,
      stock: 5000,
      currency: 'CNY',
      status: 'active',
      tiers: [
        { minQuantity: 100, unitPrice: 2000 },
        { minQuantity: 500, unitPrice: 1800 },
      ],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-02-01T00:00:00.000Z',
    };
    const tree: CategoryNode[] = [
      {
        id: 'cat_a',
        parentId: null,
        name: '服装',
        path: 'cat_a',
        sortOrder: 0,
        createdAt: '',
        children: [
          {
            id: 'cat_b',
            parentId: 'cat_a',
            name: '户外',
            path: 'cat_a/cat_b',
            sortOrder: 0,
            createdAt: '',
            children: [],
          },
        ],
      },
    ];
    const cats = indexCategories(tree);
    expect(
      productCsvRow(
        p,
        (id) => (id === 'org_s' ? '鑫天鞋业' : undefined),
        (id) => cats.get(id)?.label,
      ),
    ).toEqual([
      'prd_1',
      '冲锋衣, 2L',
      'org_s',
      '鑫天鞋业',
      'cat_b',
      '服装 / 户外',
      'active',
      '件',
      100,
      5000,
      'CNY',
      '100:2000|500:1800',
      1800,
      2000,
      '2026-02-01T00:00:00.000Z',
    ]);
  });
});
