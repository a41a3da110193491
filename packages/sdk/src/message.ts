import type { Campaign } from './campaign.js';
import { env, inBrowser } from './env.js';

export const SDK_NAME = '@tradeloop/sdk';
/** Kept equal to package.json's version by a test. */
export const SDK_VERSION = '0.1.0';

export type Properties = Record<string, unknown>;
export type Traits = Record<string, unknown>;

export type PageContext = { url: string; path: string; title: string; referrer: string; search: string };

/** Segment's `context`, as the SDK fills it. */
export type MessageContext = {
  library: { name: string; version: string };
  page?: PageContext;
  campaign?: Campaign;
  userAgent?: string;
  locale?: string;
  timezone?: string;
  groupId?: string;
};

/** One Segment HTTP spec message, as put into `batch`. */
export type Message = {
  type: 'track' | 'identify' | 'page' | 'group' | 'alias';
  messageId: string;
  timestamp: string;
  anonymousId: string;
  userId?: string;
  event?: string;
  name?: string;
  properties?: Properties;
  traits?: Traits;
  groupId?: string;
  previousId?: string;
  context: MessageContext;
};

/** The current page, without the fragment (Segment's convention); undefined outside a browser. */
export function pageContext(): PageContext | undefined {
  if (!inBrowser()) return undefined;
  const location = env.window!.location;
  const hash = location.href.indexOf('#');
  return {
    url: hash >= 0 ? location.href.slice(0, hash) : location.href,
    path: location.pathname,
    title: env.document!.title,
    referrer: env.document!.referrer,
    search: location.search,
  };
}

function resolvedIntl(): { locale?: string; timeZone?: string } {
  try {
    return Intl.DateTimeFormat().resolvedOptions();
  } catch {
    return {};
  }
}

/** The parts of the context that do not change while the tracker lives. */
export function staticContext(): Omit<MessageContext, 'page' | 'campaign' | 'groupId'> {
  const intl = resolvedIntl();
  const context: Omit<MessageContext, 'page' | 'campaign' | 'groupId'> = {
    library: { name: SDK_NAME, version: SDK_VERSION },
  };
  const userAgent = env.navigator?.userAgent;
  if (userAgent) context.userAgent = userAgent;
  const locale = env.navigator?.language ?? intl.locale;
  if (locale) context.locale = locale;
  if (intl.timeZone) context.timezone = intl.timeZone;
  return context;
}
