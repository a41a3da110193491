/**
 * The code an integrator pastes to send events to a source: one snippet per client library, filled with the
 * source's write key and the server's address (the console is served by the API server, so `window.location.origin`
 * is the ingestion host). Keys and names are quoted as string literals of each language, never spliced raw.
 */
export const SNIPPET_KINDS = [
  'analytics-js',
  'analytics-node',
  'sensors-web',
  'sensors-node',
  'curl',
  'tradeloop',
] as const;
export type SnippetKind = (typeof SNIPPET_KINDS)[number];

export type SnippetSource = { name: string; writeKey: string };

/** The language a snippet is written in (for the code block's label). */
export const SNIPPET_LANGUAGE: Record<SnippetKind, 'html' | 'js' | 'shell'> = {
  'analytics-js': 'html',
  'analytics-node': 'js',
  'sensors-web': 'html',
  'sensors-node': 'js',
  curl: 'shell',
  tradeloop: 'js',
};

const js = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
/** A single-quoted shell word ('\'' for a quote inside). */
const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The Sensors endpoint for a source: `token` picks the source by its write key, `project` names it. */
export function sensorsUrl(origin: string, source: SnippetSource): string {
  const q = new URLSearchParams({ project: source.name, token: source.writeKey });
  return `${trimOrigin(origin)}/sa?${q}`;
}

function trimOrigin(origin: string): string {
  return origin.replace(/\/+$/, '');
}

/** `https://host:port` → `{ host: 'host:port', protocol: 'https' }` (analytics.js wants them apart). */
export function splitOrigin(origin: string): { host: string; protocol: 'http' | 'https' } {
  const u = new URL(origin);
  return { host: u.host, protocol: u.protocol === 'https:' ? 'https' : 'http' };
}

export function snippet(kind: SnippetKind, source: SnippetSource, origin: string): string {
  const base = trimOrigin(origin);
  const key = source.writeKey;
  switch (kind) {
    case 'analytics-js': {
      const { host, protocol } = splitOrigin(base);
      return [
        '<!-- Segment analytics.js (Analytics 2.0), events to Tradeloop instead of Segment -->',
        '<script type="module">',
        "  import { AnalyticsBrowser } from 'https://cdn.jsdelivr.net/npm/@segment/analytics-next/+esm';",
        '  window.analytics = AnalyticsBrowser.load({',
        `    writeKey: ${js(key)},`,
        '    // The settings are given here, so nothing is fetched from Segment’s CDN.',
        '    cdnSettings: {',
        "      integrations: { 'Segment.io': {",
        `        apiKey: ${js(key)},`,
        `        apiHost: ${js(`${host}/v1`)},`,
        `        protocol: ${js(protocol)},`,
        '      } },',
        '    },',
        '  });',
        '  analytics.page();',
        "  analytics.track('product_view', { productId: 'prd_1' });",
        '</script>',
      ].join('\n');
    }
    case 'analytics-node':
      return [
        '// npm install @segment/analytics-node',
        "import { Analytics } from '@segment/analytics-node';",
        '',
        `const analytics = new Analytics({ writeKey: ${js(key)}, host: ${js(base)} });`,
        "analytics.identify({ userId: 'ctc_42', traits: { email: 'buyer@example.com' } });",
        "analytics.track({ userId: 'ctc_42', event: 'product_view', properties: { productId: 'prd_1' } });",
        'await analytics.closeAndFlush();',
      ].join('\n');
    case 'sensors-web':
      return [
        '<!-- Sensors Analytics web SDK (sa-sdk-javascript) -->',
        '<script src="https://cdn.jsdelivr.net/npm/sa-sdk-javascript/sensorsdata.min.js"></script>',
        '<script>',
        "  var sensors = window['sensorsDataAnalytic201505'];",
        '  sensors.init({',
        `    server_url: ${js(sensorsUrl(base, source))},`,
        "    send_type: 'beacon',",
        '    is_track_single_page: true,',
        "    heatmap: { clickmap: 'not_collect', scroll_notice_map: 'not_collect' },",
        '  });',
        "  sensors.quick('autoTrack');",
        "  sensors.track('product_view', { productId: 'prd_1' });",
        '</script>',
      ].join('\n');
    case 'sensors-node':
      return [
        '// npm install sa-sdk-node',
        "const SensorsAnalytics = require('sa-sdk-node');",
        '',
        'const sa = new SensorsAnalytics();',
        `sa.submitTo({ url: ${js(sensorsUrl(base, source))}, gzip: true, mode: 'track' });`,
        "sa.track('ctc_42', 'product_view', { productId: 'prd_1' });",
      ].join('\n');
    case 'curl':
      return [
        `curl -X POST ${sh(`${base}/v1/track`)} \\`,
        `  -u ${sh(`${key}:`)} \\`,
        "  -H 'Content-Type: application/json' \\",
        `  -d ${sh(JSON.stringify({ userId: 'ctc_42', event: 'product_view', properties: { productId: 'prd_1' } }))}`,
      ].join('\n');
    case 'tradeloop':
      return [
        '// npm install @tradeloop/sdk (browser or Node)',
        "import { createTracker } from '@tradeloop/sdk';",
        '',
        `const tracker = createTracker({ writeKey: ${js(key)}, host: ${js(base)} });`,
        'tracker.page();',
        "tracker.identify('ctc_42', { email: 'buyer@example.com' });",
        "tracker.track('product_view', { productId: 'prd_1' });",
      ].join('\n');
  }
}
