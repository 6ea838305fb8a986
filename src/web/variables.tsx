import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VariableToAsk, VariablesToAsk } from '../server/api-types.js';
import { api } from './api.js';
import { useErrorText } from './pages/login.js';

type Values = Record<string, string>;

/**
 * Asks for the plan variables the server cannot supply before an action that loads the plan (start a run, recheck),
 * as `golive check` asks at a terminal: secret ones as password fields, every one required. The values go only into
 * that one request; nothing is kept in the browser.
 */
export function useVariables(): { ask: (listPath: string, then: (vars: Values) => Promise<void>) => Promise<void>; dialog: React.ReactNode } {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [asking, setAsking] = useState<{ variables: readonly VariableToAsk[]; then: (vars: Values) => Promise<void> }>();
  const [busy, setBusy] = useState(false);

  const ask = async (listPath: string, then: (vars: Values) => Promise<void>) => {
    const { variables } = await api.get<VariablesToAsk>(listPath);
    if (variables.length === 0) await then({});
    else setAsking({ variables, then });
  };

  const dialog = (
    <Modal open={asking !== undefined} title={t('variablesTitle')} footer={null} onCancel={() => setAsking(undefined)} destroyOnHidden>
      {asking && (
        <Form
          layout="vertical"
          data-testid="variables-form"
          onFinish={async (values: Values) => {
            setBusy(true);
            try {
              await asking.then(values);
              setAsking(undefined);
            } catch (caught) {
              // Refused (a value the plan cannot use, a closed run): say why and keep the dialog for a correction.
              void message.error(errorText(caught));
            } finally {
              setBusy(false);
            }
          }}
        >
          <Alert type="info" title={t('variablesIntro')} style={{ marginBottom: 12 }} />
          {asking.variables.map((variable) => (
            <Form.Item
              key={variable.name}
              name={variable.name}
              label={<code>{variable.name}</code>}
              extra={[variable.description, variable.example ? t('variableExample', { example: variable.example }) : undefined].filter(Boolean).join(' · ') || undefined}
              rules={[{ required: true, whitespace: true, message: t('variableRequired', { name: variable.name }) }]}
            >
              {variable.secret ? <Input.Password autoComplete="off" data-secret="true" /> : <Input autoComplete="off" />}
            </Form.Item>
          ))}
          <Button type="primary" htmlType="submit" block loading={busy}>{t('continue')}</Button>
        </Form>
      )}
    </Modal>
  );
  return { ask, dialog };
}
