import { describe, expect, it } from 'vitest';
import { SNIPPET_KINDS, sensorsUrl, snippet, splitOrigin } from './snippets';

const source = { name: 'web-shop', writeKey: 'wk_abcDEF123-_xyz' };

describe('SDK snippets', () => {
  it('fill every snippet with the write key and the server address', () => {
    for (const kind of SNIPPET_KINDS) {
      const text = snippet(kind, source, 'https://track.example.com:8443/');
      expect(text, kind).toContain('wk_abcDEF123-_xyz');
      expect(text, kind).toMatch(/track\.example\.com:8443/);
      expect(text, kind).not.toContain('8443//');
    }
  });

  it('point analytics.js at /v1 of the server without the protocol, and skip the Segment CDN', () => {
    const text = snippet('analytics-js', source, 'http://localhost:3000');
    expect(text).toContain("apiHost: 'localhost:3000/v1',");
    expect(text).toContain("protocol: 'http',");
    expect(text).toContain('cdnSettings');
    expect(splitOrigin('https://a.example')).toEqual({ host: 'a.example', protocol: 'https' });
  });

  it('give the Node libraries the origin as host and the Sensors ones /sa with project and token', () => {
    expect(snippet('analytics-node', source, 'http://localhost:3000')).toContain(
      "new Analytics({ writeKey: 'wk_abcDEF123-_xyz', host: 'http://localhost:3000' })",
    );
    expect(sensorsUrl('http://localhost:3000', source)).toBe(
      'http://localhost:3000/sa?project=web-shop&token=wk_abcDEF123-_xyz',
    );
    expect(snippet('sensors-node', source, 'http://localhost:3000')).toContain(
      "url: 'http://localhost:3000/sa?project=web-shop&token=wk_abcDEF123-_xyz'",
    );
  });

  it('send the curl call to /v1/track with the key as the Basic user and a JSON body a shell passes unchanged', () => {
    const text = snippet('curl', source, 'http://localhost:3000');
    expect(text).toContain("curl -X POST 'http://localhost:3000/v1/track'");
    expect(text).toContain("-u 'wk_abcDEF123-_xyz:'");
    const body = /-d '(.*)'$/m.exec(text)?.[1] ?? '';
    expect(JSON.parse(body)).toMatchObject({ event: 'product_view', userId: 'ctc_42' });
  });

  it('quote names as string literals (a quote in a name cannot end the string)', () => {
    const odd = { name: "it's", writeKey: 'wk_0123456789abcdef' };
    expect(snippet('sensors-node', odd, 'http://h')).toContain('project=it%27s');
    expect(snippet('analytics-node', { ...odd, writeKey: "a'b" }, 'http://h')).toContain("writeKey: 'a\\'b'");
    expect(snippet('curl', { ...odd, writeKey: "a'b" }, 'http://h')).toContain(`-u 'a'\\''b:'`);
  });
});
