import type { FieldProblem } from '../../../core/field-problem.ts';
import { SEALED } from '../../../services/connector-instances.ts';
import type { SessionUser } from '../../../services/users/sessions.ts';
import { FormProblems, SelectField, TextField } from '../../components/form.tsx';
import { CsrfField } from '../../layout.tsx';

type Kind = 'text' | 'int' | 'bool' | 'secret';

interface Field {
  /** The config path, dotted (`smtp.host`). */
  path: string;
  label: string;
  kind: Kind;
  hint?: string;
}

/**
 * The settings form of each receiving connector (the doors `serve` runs), by connector id; each field named by
 * its config path, so the connector schema's problems land beside it. Blank means the connector's default.
 */
export const CONNECTOR_FIELDS: Record<string, { label: string; fields: Field[] }> = {
  'file-drop': {
    label: 'Drop folder',
    fields: [
      {
        path: 'dir',
        label: 'Folder',
        kind: 'text',
        hint: 'the folder partners (or an SFTP server) drop files into',
      },
      { path: 'partnerId', label: 'Partner id', kind: 'text', hint: "only when the folder is one partner's" },
      { path: 'pollMs', label: 'Poll every (ms)', kind: 'int' },
      { path: 'settleMs', label: 'Take a file once unchanged for (ms)', kind: 'int' },
      { path: 'maxBytes', label: 'Largest file (bytes)', kind: 'int' },
      { path: 'staleMs', label: 'Adopt claims of a silent poller after (ms)', kind: 'int' },
    ],
  },
  imap: {
    label: 'Mailbox (IMAP)',
    fields: [
      { path: 'host', label: 'IMAP server', kind: 'text' },
      { path: 'port', label: 'Port', kind: 'int', hint: 'default 993 with TLS, 143 without' },
      { path: 'secure', label: 'TLS from the first byte', kind: 'bool' },
      { path: 'starttls', label: 'Require STARTTLS (without TLS)', kind: 'bool' },
      { path: 'user', label: 'User', kind: 'text' },
      { path: 'password', label: 'Password', kind: 'secret' },
      { path: 'accessToken', label: 'OAuth2 access token (instead of a password)', kind: 'secret' },
      { path: 'folder', label: 'Folder orders arrive in', kind: 'text' },
      { path: 'processedFolder', label: 'Folder for stored mails', kind: 'text' },
      { path: 'failedFolder', label: 'Folder for refused mails', kind: 'text' },
      { path: 'maxMessageBytes', label: 'Largest mail (bytes)', kind: 'int' },
      { path: 'pollMs', label: 'Read again every (ms) without IDLE', kind: 'int' },
      {
        path: 'partnerId',
        label: 'Partner id',
        kind: 'text',
        hint: "only when the mailbox is one partner's",
      },
      {
        path: 'smtp.host',
        label: 'Reply SMTP server',
        kind: 'text',
        hint: 'where replies to order mails go out',
      },
      { path: 'smtp.port', label: 'Reply SMTP port', kind: 'int' },
      { path: 'smtp.secure', label: 'Reply SMTP: TLS from the first byte', kind: 'bool' },
      { path: 'smtp.user', label: 'Reply SMTP user', kind: 'text' },
      { path: 'smtp.from', label: 'Replies are sent from', kind: 'text' },
      { path: 'smtpPassword', label: 'Reply SMTP password', kind: 'secret' },
    ],
  },
};

/** The connectors a console form can configure. */
export const FORM_CONNECTORS = Object.keys(CONNECTOR_FIELDS);

const INSTANCE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** What the form shows: every field as text; a stored credential as empty (it is never sent to the page). */
export interface ConnectorFormValues {
  id: string;
  connector: string;
  enabled: boolean;
  config: Record<string, string>;
  /** The credentials stored for this instance (blank keeps them). */
  stored: string[];
}

const at = (config: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], config);

/** The form of a stored instance (its view: credentials are {@link SEALED}). */
export function formOfInstance(instance: {
  id: string;
  connector: string;
  enabled: boolean;
  config: Record<string, unknown>;
}): ConnectorFormValues {
  const fields = CONNECTOR_FIELDS[instance.connector]?.fields ?? [];
  const config: Record<string, string> = {};
  const stored: string[] = [];
  for (const f of fields) {
    const value = at(instance.config, f.path);
    if (f.kind === 'secret') {
      if (value === SEALED) stored.push(f.path);
    } else if (value !== undefined)
      config[f.path] = typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
  }
  return { id: instance.id, connector: instance.connector, enabled: instance.enabled, config, stored };
}

type Body = Record<string, string | File | (string | File)[]>;

/**
 * The form as `saveConnectorInstance`'s input: blanks left out (the connector's defaults), numbers and yes/no
 * converted, a blank credential that is stored sent as {@link SEALED} (kept). `smtp.*` fields fill `smtp`.
 */
export function instanceOfForm(
  body: Body,
  connector: string,
  stored: readonly string[],
): {
  form: ConnectorFormValues;
  id: string;
  input: { connector: string; enabled: boolean; config: Record<string, unknown> };
  problems: FieldProblem[];
} {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
  const fields = CONNECTOR_FIELDS[connector]?.fields ?? [];
  const config: Record<string, unknown> = {};
  const shown: Record<string, string> = {};
  const problems: FieldProblem[] = [];
  const put = (path: string, value: unknown) => {
    const keys = path.split('.');
    let into = config;
    for (const k of keys.slice(0, -1)) {
      into[k] ??= {};
      into = into[k] as Record<string, unknown>;
    }
    into[keys.at(-1)!] = value;
  };
  for (const f of fields) {
    const value = text(`config.${f.path}`);
    if (f.kind !== 'secret') shown[f.path] = value;
    if (value === '') {
      if (f.kind === 'secret' && stored.includes(f.path)) put(f.path, SEALED);
      continue;
    }
    if (f.kind === 'int') {
      if (/^\d+$/.test(value)) put(f.path, Number(value));
      else problems.push({ path: `config.${f.path}`, message: 'must be a whole number' });
    } else if (f.kind === 'bool') put(f.path, value === 'yes');
    else put(f.path, value);
  }
  const id = text('id');
  if (!INSTANCE_ID.test(id))
    problems.push({ path: 'id', message: 'lower-case letters, digits and dashes, at most 63' });
  const enabled = text('enabled') === 'yes';
  return {
    form: { id, connector, enabled, config: shown, stored: [...stored] },
    id,
    input: { connector, enabled, config },
    problems,
  };
}

/** Create (with an id field) or edit one instance of `values.connector`. */
export function ConnectorForm(props: {
  user: SessionUser;
  action: string;
  values: ConnectorFormValues;
  creating: boolean;
  problems?: FieldProblem[];
}) {
  const { values, problems } = props;
  const fields = CONNECTOR_FIELDS[values.connector]?.fields ?? [];
  return (
    <form class="stack" method="post" action={props.action}>
      <CsrfField user={props.user} />
      <input type="hidden" name="connector" value={values.connector} />
      <FormProblems
        problems={problems}
        fields={['id', 'enabled', ...fields.map((f) => `config.${f.path}`)]}
      />
      {props.creating ? (
        <TextField
          name="id"
          label="Instance id"
          hint="lower-case letters, digits and dashes; messages name the door they came by"
          value={values.id}
          problems={problems}
          required
        />
      ) : (
        <input type="hidden" name="id" value={values.id} />
      )}
      <SelectField
        name="enabled"
        label="State"
        value={values.enabled ? 'yes' : 'no'}
        options={[
          { value: 'yes', label: 'enabled: receiving' },
          { value: 'no', label: 'disabled' },
        ]}
        problems={problems}
      />
      {fields.map((f) => {
        const name = `config.${f.path}`;
        if (f.kind === 'bool')
          return (
            <SelectField
              name={name}
              label={f.label}
              hint={f.hint}
              value={values.config[f.path] ?? ''}
              options={[{ value: '', label: '(default)' }, 'yes', 'no']}
              problems={problems}
            />
          );
        if (f.kind === 'secret')
          return (
            <TextField
              name={name}
              label={f.label}
              type="password"
              autocomplete="new-password"
              hint={
                values.stored.includes(f.path)
                  ? 'set (stored sealed): leave blank to keep it'
                  : 'stored sealed; never shown again'
              }
              problems={problems}
            />
          );
        return (
          <TextField
            name={name}
            label={f.label}
            hint={f.hint}
            type={f.kind === 'int' ? 'number' : 'text'}
            value={values.config[f.path]}
            problems={problems}
          />
        );
      })}
      <button type="submit">{props.creating ? 'Create' : 'Save changes'}</button>
    </form>
  );
}
