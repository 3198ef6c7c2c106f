import { OUTBOUND_CONNECTORS } from '../../../../connectors/index.ts';
import type { FieldProblem } from '../../../core/field-problem.ts';
import {
  isStoredSecretUrl,
  mapDeliveryConfig,
  PartnerIdentifier,
  PartnerSettings,
} from '../../../core/partner.ts';
import { KEPT_SECRET } from '../../../partners/partner-update.ts';
import { isSealed } from '../../../runtime/secret-box.ts';
import type { SessionUser } from '../../../services/users/sessions.ts';
import { FormProblems, SelectField, TextAreaField, TextField } from '../../components/form.tsx';
import { CsrfField } from '../../layout.tsx';

type Kind = 'enum' | 'bool' | 'int' | 'text' | 'list';

/** The settings the form edits, in the order it shows them, by section; enum options come from the schema. */
const SECTIONS: { title: string; fields: { key: keyof PartnerSettings; label: string; kind: Kind }[] }[] = [
  {
    title: 'Acknowledgments and documents',
    fields: [
      { key: 'ack', label: 'Functional acknowledgment', kind: 'enum' },
      { key: 'send855', label: 'Send an 855 when an order is routed', kind: 'bool' },
      { key: 'changeAck', label: 'Answer to a change order (860)', kind: 'enum' },
      { key: 'ackDeadlineHours', label: 'Hours the partner has to acknowledge our documents', kind: 'int' },
      { key: 'x12Version', label: 'X12 version we send', kind: 'enum' },
      { key: 'usage', label: 'Usage indicator (ISA15)', kind: 'enum' },
      { key: 'asnShape', label: 'Ship notice (856) hierarchy', kind: 'enum' },
      { key: 'invoiceOnShipment', label: 'Send an 810 with each ship notice', kind: 'bool' },
      { key: 'awaitErpNumber', label: 'Hold each 855 until the ERP order number is recorded', kind: 'bool' },
      { key: 'duplicateWindowDays', label: 'Days an interchange counts as a duplicate', kind: 'int' },
      { key: 'duplicatePolicy', label: 'Answer to a duplicate interchange', kind: 'enum' },
    ],
  },
  {
    title: 'E-mail and spreadsheets',
    fields: [
      { key: 'emailAuth', label: 'How a mail is proved to come from the partner', kind: 'enum' },
      { key: 'emailSecretAddress', label: 'Secret plus-address (for secret-address)', kind: 'text' },
      { key: 'badRows', label: 'A spreadsheet with bad rows', kind: 'enum' },
    ],
  },
  {
    title: 'Terms and policies',
    fields: [
      { key: 'holdForReview', label: 'Hold every order for review', kind: 'bool' },
      { key: 'defaultCurrency', label: 'Default currency', kind: 'text' },
      { key: 'creditLimit', label: 'Credit limit', kind: 'text' },
      { key: 'paymentTermsDays', label: 'Payment terms (days)', kind: 'int' },
      { key: 'approvalThreshold', label: 'Orders above this need approval', kind: 'text' },
      { key: 'priceMismatch', label: 'A price that differs from ours', kind: 'enum' },
      { key: 'priceTolerance', label: 'Price tolerance', kind: 'text' },
      { key: 'quantityRule', label: 'A quantity below the MOQ or off the multiple', kind: 'enum' },
      { key: 'shortage', label: 'More ordered than available', kind: 'enum' },
      { key: 'unknownItem', label: 'An item nothing resolves', kind: 'enum' },
      { key: 'responseDeadlineHours', label: 'Hours we have to answer an order', kind: 'int' },
      { key: 'exceptionOwner', label: 'Who works the exceptions', kind: 'text' },
      { key: 'warehouses', label: 'Warehouses, in order (comma-separated)', kind: 'list' },
    ],
  },
];

const FIELDS = SECTIONS.flatMap((s) => s.fields);

/** Settings the form does not show; an edit keeps them as stored (the API changes them). */
export const KEPT_SETTINGS = ['x12Delimiters', 'exceptionSlaHours'] as const;

const IDENTIFIER_TYPES = PartnerIdentifier.shape.type.options;
const TRANSPORTS = OUTBOUND_CONNECTORS.map((t) => t.id);
/** Empty rows below the identifiers, to add some without JavaScript. */
const EMPTY_ROWS = 3;

function enumOptions(key: keyof PartnerSettings): readonly string[] {
  const schema = PartnerSettings.shape[key] as unknown as { unwrap(): { options: readonly string[] } };
  return schema.unwrap().options;
}

/** What the form shows: the service's input as text, identifiers as rows. */
export interface PartnerFormValues {
  id?: string;
  name: string;
  identifiers: { type: string; qualifier: string; value: string; remove?: boolean }[];
  /** Each setting as its field's text ('' for the default). */
  settings: Record<string, string>;
  transport: string;
  config: string;
}

const asText = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
};

/** The form of a stored partner: credentials of its delivery shown as {@link KEPT_SECRET}. */
export function formOfPartner(partner: {
  id?: string;
  name: string;
  identifiers: { type: string; qualifier?: string; value: string }[];
  settings: Record<string, unknown>;
}): PartnerFormValues {
  const hidden = mapDeliveryConfig(partner.settings, (value) =>
    isSealed(value) || isStoredSecretUrl(value) ? KEPT_SECRET : value,
  );
  const delivery = hidden.delivery as { transport: string; config: unknown } | undefined;
  return {
    ...(partner.id ? { id: partner.id } : {}),
    name: partner.name,
    identifiers: partner.identifiers.map((i) => ({
      type: i.type,
      qualifier: i.qualifier ?? '',
      value: i.value,
    })),
    settings: Object.fromEntries(FIELDS.map((f) => [f.key, asText(partner.settings[f.key])])),
    transport: delivery?.transport ?? '',
    config: delivery ? JSON.stringify(delivery.config, null, 2) : '',
  };
}

type Body = Record<string, string | File | (string | File)[]>;
const text = (body: Body, name: string): string => {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
};

/**
 * The form as the service's input, and where each identifier given came from: a removed row or an empty one is
 * left out, so the input's `identifiers.1` may be the form's row 2 ({@link rowPaths} maps problems back).
 * Values the schema checks are passed as typed; only numbers, yes/no and lists are converted.
 */
export function partnerOfForm(
  body: Body,
  kept: Record<string, unknown> = {},
): {
  form: PartnerFormValues;
  input: { id?: string; name: string; identifiers: unknown[]; settings: Record<string, unknown> };
  rows: number[];
  problems: FieldProblem[];
} {
  const problems: FieldProblem[] = [];
  const identifiers: PartnerFormValues['identifiers'] = [];
  for (let n = 0; `identifiers.${n}.type` in body; n++)
    identifiers.push({
      type: text(body, `identifiers.${n}.type`),
      qualifier: text(body, `identifiers.${n}.qualifier`),
      value: text(body, `identifiers.${n}.value`),
      remove: text(body, `identifiers.${n}.remove`) === 'yes',
    });
  const rows = identifiers.flatMap((i, n) => (i.remove || i.value === '' ? [] : [n]));
  const settings: Record<string, unknown> = Object.fromEntries(
    KEPT_SETTINGS.filter((k) => kept[k] !== undefined).map((k) => [k, kept[k]]),
  );
  const shown: Record<string, string> = {};
  for (const field of FIELDS) {
    const value = text(body, `settings.${field.key}`);
    shown[field.key] = value;
    if (value === '') continue;
    if (field.kind === 'bool') settings[field.key] = value === 'yes';
    else if (field.kind === 'int') settings[field.key] = /^-?\d+$/.test(value) ? Number(value) : value;
    else if (field.kind === 'list')
      settings[field.key] = value
        .split(',')
        .map((w) => w.trim())
        .filter(Boolean);
    else settings[field.key] = value;
  }
  const transport = text(body, 'settings.delivery.transport');
  const config = text(body, 'settings.delivery.config');
  if (transport !== '') {
    try {
      const parsed: unknown = config === '' ? {} : JSON.parse(config);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      settings.delivery = { transport, config: parsed };
    } catch {
      problems.push({
        path: 'settings.delivery.config',
        message: 'must be a JSON object, e.g. {"url": "https://…"}',
      });
    }
  }
  const id = text(body, 'id');
  return {
    form: {
      ...(id ? { id } : {}),
      name: text(body, 'name'),
      identifiers,
      settings: shown,
      transport,
      config,
    },
    input: {
      ...(id ? { id } : {}),
      name: text(body, 'name'),
      identifiers: rows.map((n) => {
        const i = identifiers[n]!;
        return { type: i.type, ...(i.qualifier ? { qualifier: i.qualifier } : {}), value: i.value };
      }),
      settings,
    },
    rows,
    problems,
  };
}

/** Problems named by the input's identifier index, renamed by the form's row (see {@link partnerOfForm}). */
export function rowPaths(problems: FieldProblem[], rows: number[]): FieldProblem[] {
  return problems.map((p) => {
    const match = /^identifiers\.(\d+)(\..*)?$/.exec(p.path);
    if (!match) return p;
    const row = rows[Number(match[1])];
    return row === undefined ? p : { ...p, path: `identifiers.${row}${match[2] ?? '.value'}` };
  });
}

function IdentifierRows(props: { rows: PartnerFormValues['identifiers']; problems?: FieldProblem[] }) {
  const rows = [
    ...props.rows,
    ...Array.from({ length: EMPTY_ROWS }, () => ({ type: 'x12', qualifier: '', value: '' })),
  ];
  return (
    <fieldset class="card">
      <legend>Identifiers</legend>
      <p class="hint">
        How the partner is recognised: X12 qualifier and ID (no qualifier matches any), an e-mail address, a
        mail domain. Fill an empty row to add one; tick "remove" to drop one.
      </p>
      {rows.map((row, n) => (
        <div class="grid">
          <SelectField
            name={`identifiers.${n}.type`}
            label={`Identifier ${n + 1}: type`}
            options={IDENTIFIER_TYPES}
            value={row.type}
            problems={props.problems}
          />
          <TextField
            name={`identifiers.${n}.qualifier`}
            label={`Identifier ${n + 1}: qualifier`}
            value={row.qualifier}
            problems={props.problems}
          />
          <TextField
            name={`identifiers.${n}.value`}
            label={`Identifier ${n + 1}: value`}
            value={row.value}
            problems={props.problems}
          />
          {n < props.rows.length && (
            <div>
              <input
                type="checkbox"
                id={`f-identifiers-${n}-remove`}
                name={`identifiers.${n}.remove`}
                value="yes"
                checked={props.rows[n]?.remove}
              />
              <label for={`f-identifiers-${n}-remove`}>Remove identifier {n + 1}</label>
            </div>
          )}
        </div>
      ))}
    </fieldset>
  );
}

function SettingField(props: { field: (typeof FIELDS)[number]; value: string; problems?: FieldProblem[] }) {
  const { field } = props;
  const name = `settings.${field.key}`;
  if (field.kind === 'enum' || field.kind === 'bool')
    return (
      <SelectField
        name={name}
        label={field.label}
        value={props.value}
        problems={props.problems}
        options={[
          { value: '', label: '(default)' },
          ...(field.kind === 'bool' ? ['yes', 'no'] : enumOptions(field.key)),
        ]}
      />
    );
  return (
    <TextField
      name={name}
      label={field.label}
      value={props.value}
      type={field.kind === 'int' ? 'number' : 'text'}
      problems={props.problems}
    />
  );
}

/** Every path the form has a field for (problems of other paths are listed at its top). */
function fieldPaths(rows: number): string[] {
  const identifierPaths = Array.from({ length: rows + EMPTY_ROWS }, (_, n) =>
    ['type', 'qualifier', 'value'].map((f) => `identifiers.${n}.${f}`),
  ).flat();
  return [
    'id',
    'name',
    ...identifierPaths,
    ...FIELDS.map((f) => `settings.${f.key}`),
    'settings.delivery.transport',
    'settings.delivery.config',
  ];
}

/** The partner form: create (with an id field) or edit; posts to `action`. */
export function PartnerForm(props: {
  user: SessionUser;
  action: string;
  values: PartnerFormValues;
  creating: boolean;
  problems?: FieldProblem[];
}) {
  const { values, problems } = props;
  return (
    <form class="stack" method="post" action={props.action}>
      <CsrfField user={props.user} />
      <FormProblems problems={problems} fields={fieldPaths(values.identifiers.length)} />
      {props.creating && (
        <TextField
          name="id"
          label="Partner id"
          hint="lower-case letters, digits and dashes; it never changes"
          value={values.id}
          problems={problems}
          required
        />
      )}
      <TextField name="name" label="Name" value={values.name} problems={problems} required />
      <IdentifierRows rows={values.identifiers} problems={problems} />
      {SECTIONS.map((section) => (
        <fieldset class="card">
          <legend>{section.title}</legend>
          {section.fields.map((field) => (
            <SettingField field={field} value={values.settings[field.key] ?? ''} problems={problems} />
          ))}
        </fieldset>
      ))}
      <fieldset class="card">
        <legend>Delivery</legend>
        <SelectField
          name="settings.delivery.transport"
          label="Transport of the documents we send"
          hint="none: the partner pulls its documents from the API"
          value={values.transport}
          options={[{ value: '', label: 'none (the partner pulls)' }, ...TRANSPORTS]}
          problems={problems}
        />
        <TextAreaField
          name="settings.delivery.config"
          label="Transport settings (JSON)"
          hint={`credentials are stored sealed and shown as "${KEPT_SECRET}": leave that to keep one, or type a new one`}
          value={values.config}
          rows={6}
          problems={problems}
        />
      </fieldset>
      <button type="submit">{props.creating ? 'Create partner' : 'Save changes'}</button>
    </form>
  );
}
