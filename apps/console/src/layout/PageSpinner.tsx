import { Spin } from 'antd';

export function PageSpinner() {
  return <Spin size="large" style={{ display: 'block', marginTop: 120 }} />;
}
