import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { GlobalOutlined, LockOutlined, MailOutlined, ShopOutlined } from '@ant-design/icons';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useSession } from '../session';
import { changeLanguage, currentLanguage } from '../i18n';
import { applyFieldErrors, onlyFields } from '../components/form-errors';

const TENANT_KEY = 'tuan.console.tenant';

interface LoginForm {
  tenant: string;
  email: string;
  password: string;
}

function rememberedTenant(): string {
  try {
    return localStorage.getItem(TENANT_KEY) || 'demo';
  } catch {
    return 'demo';
  }
}

/** Only same-console paths: a crafted ?redirect= must not send the user elsewhere. */
function safeRedirect(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const { state, login } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<LoginForm>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const redirect = safeRedirect(params.get('redirect'));
  useEffect(() => {
    document.title = `${t('login.title')} · Tuan`;
  }, [t]);

  if (state.status === 'authenticated' && !submitting) return <Navigate to={redirect} replace />;

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      const tenant = values.tenant.trim();
      await login({ tenant, email: values.email.trim(), password: values.password });
      try {
        localStorage.setItem(TENANT_KEY, tenant);
      } catch {
        // Not remembered: harmless.
      }
      navigate(redirect, { replace: true });
    } catch (err) {
      if (err instanceof ApiError) {
        applyFieldErrors(form, err, onlyFields('tenant', 'email', 'password'));
        setError(err.status === 0 ? t('common.networkError') : err.message);
      } else {
        setError(String(err));
      }
    } finally {
      setSubmitting(false);
    }
  };

  const lang = currentLanguage();

  return (
    <div className="login-page">
      <div style={{ position: 'fixed', top: 16, right: 16 }}>
        <Button type="text" icon={<GlobalOutlined />} onClick={() => void changeLanguage(lang === 'en' ? 'zh-CN' : 'en')}>
          {t('lang.switchTo')}
        </Button>
      </div>
      <div style={{ width: '100%', maxWidth: 400 }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <span className="console-logo-mark" style={{ width: 48, height: 48, fontSize: 26, borderRadius: 12 }}>
            团
          </span>
          <Typography.Title level={3} style={{ margin: '12px 0 4px' }}>
            {t('app.name')} · {t('app.console')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
        </div>
        <Card variant="borderless" style={{ boxShadow: '0 6px 24px rgba(0,0,0,0.06)' }}>
          <Typography.Title level={5} style={{ marginTop: 0, marginBottom: 20 }}>
            {t('login.title')}
          </Typography.Title>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
          <Form<LoginForm>
            form={form}
            layout="vertical"
            requiredMark={false}
            initialValues={{ tenant: rememberedTenant(), email: '', password: '' }}
            onFinish={(v) => void onFinish(v)}
            size="large"
          >
            <Form.Item
              name="tenant"
              label={t('login.tenant')}
              tooltip={t('login.tenantHint')}
              rules={[{ required: true, whitespace: true, message: t('login.tenantRequired') }]}
            >
              <Input prefix={<ShopOutlined />} autoComplete="organization" />
            </Form.Item>
            <Form.Item
              name="email"
              label={t('login.email')}
              rules={[
                { required: true, whitespace: true, message: t('login.emailRequired') },
                { type: 'email', message: t('login.emailInvalid') },
              ]}
            >
              <Input prefix={<MailOutlined />} autoComplete="username" placeholder="name@example.com" />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting}>
              {t('login.submit')}
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '16px 0 0' }}>
            {t('login.demoHint')}
          </Typography.Paragraph>
        </Card>
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <a href="/m/">{t('login.memberLink')}</a>
        </div>
      </div>
    </div>
  );
}
