import { Spin } from 'antd';

/**
 * What shows while the session is checked or a page's chunk loads: a spinner centred in the space the page will
 * take. Padding, not margin: a top margin would collapse through #root and move the whole body (a layout shift).
 */
export function PageSpinner() {
  return (
    <div style={{ minHeight: 240, height: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" />
    </div>
  );
}
