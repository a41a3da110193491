/** The category tree (GET /api/categories) as the pages use it: names by id, a path label, TreeSelect data. */
import type { CategoryNode } from './types';

export type CategoryIndex = Map<string, { name: string; label: string }>;

/** Every category by id; `label` is the path from the root (`化工 / 塑料`). */
export function indexCategories(tree: readonly CategoryNode[]): CategoryIndex {
  const out: CategoryIndex = new Map();
  const walk = (nodes: readonly CategoryNode[], parents: string[]) => {
    for (const n of nodes) {
      const names = [...parents, n.name];
      out.set(n.id, { name: n.name, label: names.join(' / ') });
      walk(n.children, names);
    }
  };
  walk(tree, []);
  return out;
}

export type CategoryOption = { value: string; title: string; children: CategoryOption[] };

/** antd TreeSelect's `treeData`. */
export function categoryOptions(tree: readonly CategoryNode[]): CategoryOption[] {
  return tree.map((n) => ({ value: n.id, title: n.name, children: categoryOptions(n.children) }));
}
