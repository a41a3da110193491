import type { Scope } from '../../api/types';
import type { MessageKey } from '../../i18n/messages';

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** A data scope in words: "全部区域 · 钢材" / "east, south · all business lines". */
export function scopeLabel(scope: Scope, t: Translate): string {
  const regions =
    scope.regions === '*' ? t('boards.scope.allRegions') : scope.regions.map((r) => regionName(r, t)).join(', ');
  const lines = scope.businessLines === '*' ? t('boards.scope.allLines') : scope.businessLines.join(', ');
  return `${regions} · ${lines}`;
}

const REGIONS = ['north', 'northeast', 'east', 'central', 'south', 'southwest', 'northwest', 'overseas'];

function regionName(region: string, t: Translate): string {
  return REGIONS.includes(region) ? t(`boards.region.${region}` as MessageKey) : region;
}
