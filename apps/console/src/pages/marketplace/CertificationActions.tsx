import { Alert, Button, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { usePreferences } from '../../preferences/preferences';
import type { Organization } from './organization-types';

/**
 * Approve / Reject for one pending (or rejected) organisation: `POST /api/organizations/{id}/certification`. A
 * rejection asks for the note the organisation will act on (the server refuses one without it). The caller shows
 * the answer in place through `onReviewed`; a refusal is shown here with the server's message.
 */
export function CertificationActions({
  organization,
  onReviewed,
  size = 'middle',
}: {
  organization: Pick<Organization, 'id' | 'name' | 'certificationStatus'>;
  onReviewed: (updated: Organization) => void;
  size?: 'small' | 'middle';
}) {
  const { t } = usePreferences();
  const [busy, setBusy] = useState<'verified' | 'rejected' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');

  const review = async (decision: 'verified' | 'rejected', reviewNote?: string) => {
    setBusy(decision);
    setError(null);
    try {
      const body = reviewNote ? { decision, note: reviewNote } : { decision };
      const updated = await api<Organization>('POST', `/api/organizations/${organization.id}/certification`, body);
      setRejecting(false);
      setNote('');
      onReviewed(updated);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space direction="vertical" size={4}>
      <Space size="small">
        {organization.certificationStatus !== 'verified' && (
          <Button
            type="primary"
            size={size}
            loading={busy === 'verified'}
            disabled={busy !== null}
            data-testid={`approve-${organization.id}`}
            onClick={() => void review('verified')}
          >
            {t('review.approve')}
          </Button>
        )}
        {organization.certificationStatus === 'pending' && (
          <Button
            danger
            size={size}
            disabled={busy !== null}
            data-testid={`reject-${organization.id}`}
            onClick={() => {
              setError(null);
              setRejecting(true);
            }}
          >
            {t('review.reject')}
          </Button>
        )}
      </Space>
      {error !== null && !rejecting && <Alert type="error" showIcon title={t('review.failed')} description={error} />}
      <Modal
        open={rejecting}
        title={`${t('review.rejectTitle')} · ${organization.name}`}
        okText={t('review.reject')}
        cancelText={t('review.cancel')}
        okButtonProps={{ danger: true, disabled: note.trim() === '', loading: busy === 'rejected' }}
        onOk={() => void review('rejected', note.trim())}
        onCancel={() => setRejecting(false)}
        destroyOnHidden
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.TextArea
            aria-label={t('review.note')}
            placeholder={t('review.notePlaceholder')}
            maxLength={500}
            showCount
            rows={4}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          {note.trim() === '' && <span style={{ opacity: 0.65 }}>{t('review.noteRequired')}</span>}
          {error !== null && <Alert type="error" showIcon title={t('review.failed')} description={error} />}
        </Space>
      </Modal>
    </Space>
  );
}
