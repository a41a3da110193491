/** The route's entry (routes.tsx lazy-imports this file); the page lives in ./funnel/. */
export { default } from './funnel/FunnelPage';
