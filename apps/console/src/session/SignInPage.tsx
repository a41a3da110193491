import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography, theme } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { ApiError } from '../api/client';
import { LocaleSwitch, ThemeSwitch } from '../layout/switches';
import { usePreferences } from '../preferences/preferences';
import { useSession } from './session';

type Fields = { email: string; password: string };

export default function SignInPage() {
  const { t } = usePreferences();
  const { state, signIn } = useSession();
  const location = useLocation();
  const { token } = theme.useToken();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const next = new URLSearchParams(location.search).get('next');
  const target = next?.startsWith('/') && !next.startsWith('//') ? next : '/';
  if (state.status === 'signed-in') return <Navigate to={target} replace />;

  const submit = async (fields: Fields) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(fields.email.trim(), fields.password);
    } catch (err) {
      // The server's own message, in place: it says what was wrong (credentials, lock-out, validation).
      if (err instanceof ApiError && err.status === 429 && !err.message) setError(t('signIn.lockedOut'));
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100%',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: token.colorBgLayout,
        padding: 24,
      }}
    >
      <div style={{ position: 'fixed', top: 16, right: 24, display: 'flex', gap: 8 }}>
        <LocaleSwitch />
        <ThemeSwitch />
      </div>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('signIn.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('signIn.subtitle')}</Typography.Paragraph>
        {error && (
          <Alert
            data-testid="sign-in-error"
            type="error"
            showIcon
            title={t('signIn.failed')}
            description={error}
            style={{ marginBottom: 16 }}
          />
        )}
        <Form<Fields> layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
          <Form.Item
            label={t('signIn.email')}
            name="email"
            rules={[
              { required: true, message: t('signIn.emailRequired') },
              { type: 'email', message: t('signIn.emailInvalid') },
            ]}
          >
            <Input prefix={<MailOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            label={t('signIn.password')}
            name="password"
            rules={[{ required: true, message: t('signIn.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
