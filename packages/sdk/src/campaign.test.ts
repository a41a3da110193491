import { describe, expect, it } from 'vitest';
import { CLICK_ID_PARAMS, parseCampaign } from './campaign.js';

describe('parseCampaign', () => {
  it('maps utm_* parameters to Segment campaign fields', () => {
    expect(
      parseCampaign(
        'https://shop.example/landing?utm_source=baidu&utm_medium=cpc&utm_campaign=spring_sale&utm_term=ball%20valve&utm_content=ad_1',
      ),
    ).toEqual({ source: 'baidu', medium: 'cpc', name: 'spring_sale', term: 'ball valve', content: 'ad_1' });
  });

  it('captures click ids next to the utm fields', () => {
    expect(parseCampaign('?utm_source=google&gclid=Cj0KCQ&fbclid=IwAR')).toEqual({
      source: 'google',
      gclid: 'Cj0KCQ',
      fbclid: 'IwAR',
    });
    expect(parseCampaign('bd_vid=1234567890&qz_gdt=abc&msclkid=m1')).toEqual({
      bd_vid: '1234567890',
      qz_gdt: 'abc',
      msclkid: 'm1',
    });
    for (const param of CLICK_ID_PARAMS) expect(parseCampaign(`?${param}=x`)).toEqual({ [param]: 'x' });
  });

  it('decodes values (plus signs, UTF-8) and matches names case-insensitively', () => {
    expect(parseCampaign('?UTM_Source=WeChat&utm_term=%E9%98%80%E9%97%A8+DN50&GCLID=g')).toEqual({
      source: 'WeChat',
      term: '阀门 DN50',
      gclid: 'g',
    });
  });

  it('ignores empty values, unrelated parameters and the fragment', () => {
    expect(parseCampaign('https://a.example/p?id=7&utm_source=&utm_medium=%20#utm_campaign=hidden')).toBeUndefined();
    expect(parseCampaign('https://a.example/p')).toBeUndefined();
    expect(parseCampaign('')).toBeUndefined();
    expect(parseCampaign('?utm_source=a#x')).toEqual({ source: 'a' });
  });

  it('keeps the first of repeated parameters and caps long values', () => {
    const parsed = parseCampaign(`?utm_source=first&utm_source=second&utm_content=${'x'.repeat(2000)}`);
    expect(parsed?.source).toBe('first');
    expect(parsed?.content).toHaveLength(500);
  });
});
