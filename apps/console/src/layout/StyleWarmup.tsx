import {
  Alert,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Divider,
  Empty,
  Form,
  Input,
  InputNumber,
  Progress,
  Radio,
  Result,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  Spin,
  Statistic,
  Switch,
  Table,
  Tabs,
  Tag,
  Timeline,
  TreeSelect,
  Typography,
} from 'antd';
import { memo, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';

/**
 * Ant Design writes each component type's CSS the first time that type renders (CSS-in-JS), which is most of the
 * time a page takes to appear when it is opened from the sider. Rendering one of each type the pages use, once the
 * console is idle, moves that work out of the operator's click: the styles stay registered for the document.
 * Rendered outside the document (see below), memoised so a navigation does not render it again.
 */
export const StyleWarmup = memo(function StyleWarmup({ onDone }: { onDone: () => void }) {
  // It renders into an element that is never attached to the document: the styles land in <head> as usual, while
  // nothing of it can be focused, read out or found by a test. It stays mounted, so its styles stay registered.
  const [host] = useState(() => document.createElement('div'));
  useEffect(() => {
    const frame = requestAnimationFrame(() => onDone());
    return () => cancelAnimationFrame(frame);
  }, [onDone]);
  return createPortal(
    <div
      aria-hidden
      inert
      style={{ position: 'absolute', width: 0, height: 0, overflow: 'hidden', pointerEvents: 'none' }}
    >
      <Card size="small" title="·">
        <Form layout="inline">
          <Form.Item label="·">
            <Input.Search />
          </Form.Item>
          <Form.Item label="·">
            <Select options={[]} />
          </Form.Item>
          <Form.Item label="·">
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item label="·">
            <InputNumber />
          </Form.Item>
          <Form.Item label="·">
            <TreeSelect treeData={[]} />
          </Form.Item>
          <Form.Item label="·">
            <AutoComplete options={[]} />
          </Form.Item>
          <Form.Item>
            <Radio.Group options={['a']} optionType="button" />
          </Form.Item>
          <Form.Item>
            <Switch />
          </Form.Item>
          <Form.Item>
            <Checkbox.Group options={['a']} />
          </Form.Item>
          <Form.Item>
            <Segmented options={['a', 'b']} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary">·</Button>
              <Button size="small" type="link">
                ·
              </Button>
            </Space>
          </Form.Item>
        </Form>
        <Row>
          <Col span={12}>
            <Statistic value={1} />
          </Col>
        </Row>
        <Tabs items={[{ key: 'a', label: '·' }]} />
        <Table
          size="small"
          dataSource={[{ k: 1 }]}
          rowKey="k"
          columns={[{ key: 'k', dataIndex: 'k', title: '·', sorter: true, filters: [{ text: '·', value: 1 }] }]}
          pagination={{ total: 100, pageSize: 10 }}
        />
        <Descriptions items={[{ key: 'a', label: '·', children: '·' }]} />
        <Alert type="error" showIcon title="·" />
        <Tag>·</Tag>
        <Typography.Title level={3}>·</Typography.Title>
        <Typography.Text type="secondary">·</Typography.Text>
        <Timeline items={[{ children: '·' }]} />
        <Progress percent={10} size="small" />
        <Result status="info" title="·" />
        <Divider />
        <Empty />
        <Skeleton active />
        <Spin />
      </Card>
    </div>,
    host,
  );
});
