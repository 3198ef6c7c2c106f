import type { FieldProblem } from '../../../core/field-problem.ts';
import type { LineStatus } from '../../../services/order-lines.ts';
import type { SessionUser } from '../../../services/users/sessions.ts';
import { FormProblems, TextField } from '../../components/form.tsx';
import { Table } from '../../components/list.tsx';
import { CsrfField } from '../../layout.tsx';

/** A posted form's fields as text. */
export type FormValues = Record<string, string>;

const text = (form: FormValues, name: string) => form[name]?.trim() || undefined;

/**
 * The service's input from a form whose lines are `<prefix>.<i>.lineNumber` / `.quantity`: lines left empty
 * are left out, and `paths` turns a problem's path back into the field the person typed in (the service counts
 * only the lines sent).
 */
function linesOf(form: FormValues, prefix: string, count: number) {
  const lines: { lineNumber: string; quantity: string }[] = [];
  const rename = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const quantity = text(form, `${prefix}.${i}.quantity`);
    const lineNumber = text(form, `${prefix}.${i}.lineNumber`);
    if (quantity === undefined || lineNumber === undefined) continue;
    rename.set(`${prefix}.${lines.length}.`, `${prefix}.${i}.`);
    lines.push({ lineNumber, quantity });
  }
  const paths = (problems: FieldProblem[]) =>
    problems.map((p) => {
      for (const [sent, field] of rename)
        if (p.path.startsWith(sent)) return { ...p, path: field + p.path.slice(sent.length) };
      return p;
    });
  return { lines, paths };
}

/** The shipment request (POST /v1/orders/{id}/shipments) a shipment form stands for: one carton of the lines. */
export function shipmentInput(form: FormValues, lineCount: number) {
  const { lines, paths } = linesOf(form, 'packs.0.lines', lineCount);
  const scac = text(form, 'carrier.scac');
  const method = text(form, 'carrier.method');
  const input = {
    shipDate: form.shipDate ?? '',
    ...(scac || method ? { carrier: { ...(scac ? { scac } : {}), ...(method ? { method } : {}) } } : {}),
    ...(text(form, 'trackingNumber') ? { trackingNumber: text(form, 'trackingNumber') } : {}),
    packs: [{ sscc: form['packs.0.sscc']?.trim() ?? '', lines }],
  };
  return { input, paths };
}

/** The invoice request (POST /v1/orders/{id}/invoices) an invoice form stands for; no lines: the default. */
export function invoiceInput(form: FormValues, lineCount: number) {
  const { lines, paths } = linesOf(form, 'lines', lineCount);
  return {
    input: {
      invoiceNumber: form.invoiceNumber ?? '',
      invoiceDate: form.invoiceDate ?? '',
      ...(lines.length > 0 ? { lines } : {}),
    },
    paths,
  };
}

const today = () => new Date().toISOString().slice(0, 10);

/** A quantity per order line, each under its line number. */
function LineFields(props: {
  prefix: string;
  lines: LineStatus[];
  form?: FormValues;
  problems?: FieldProblem[];
  suggest: (line: LineStatus) => string;
  label: string;
}) {
  return (
    <Table
      caption={props.label}
      head={['Line', 'Ordered', 'Shipped', 'Invoiced', props.label]}
      rows={props.lines.length}
    >
      {props.lines.map((l, i) => (
        <tr>
          <td>{l.lineNumber}</td>
          <td>
            {l.outcome?.quantity ?? l.ordered} {l.uom}
          </td>
          <td>{l.shipped}</td>
          <td>{l.invoiced}</td>
          <td>
            <input type="hidden" name={`${props.prefix}.${i}.lineNumber`} value={l.lineNumber} />
            <TextField
              name={`${props.prefix}.${i}.quantity`}
              label={`Quantity of line ${l.lineNumber}`}
              value={props.form ? props.form[`${props.prefix}.${i}.quantity`] : props.suggest(l)}
              problems={props.problems}
            />
          </td>
        </tr>
      ))}
    </Table>
  );
}

const remaining = (l: LineStatus) => {
  const left = Number(l.outcome?.quantity ?? l.ordered) - Number(l.shipped);
  return left > 0 ? String(left) : '';
};

/** The fields of the shipment form (problems of others are listed on top). */
const shipmentFields = (count: number) => [
  'shipDate',
  'carrier.scac',
  'carrier.method',
  'trackingNumber',
  'packs.0.sscc',
  ...Array.from({ length: count }, (_, i) => `packs.0.lines.${i}.quantity`),
];

/** Record a shipment: ship date, carrier, tracking number, the carton's SSCC and a quantity per line. */
export function ShipmentForm(props: {
  user: SessionUser;
  action: string;
  lines: LineStatus[];
  form?: FormValues;
  problems?: FieldProblem[];
}) {
  const { form, problems } = props;
  return (
    <form class="stack" method="post" action={props.action}>
      <CsrfField user={props.user} />
      <FormProblems problems={problems} fields={shipmentFields(props.lines.length)} />
      <TextField
        name="shipDate"
        label="Ship date"
        type="date"
        value={form?.shipDate ?? today()}
        problems={problems}
        required
      />
      <TextField
        name="carrier.scac"
        label="Carrier (SCAC)"
        value={form?.['carrier.scac']}
        problems={problems}
        hint="e.g. UPSN"
      />
      <TextField
        name="carrier.method"
        label="Transport method code"
        value={form?.['carrier.method']}
        problems={problems}
        hint="TD5-04, e.g. M (motor)"
      />
      <TextField
        name="trackingNumber"
        label="Tracking number"
        value={form?.trackingNumber}
        problems={problems}
      />
      <TextField
        name="packs.0.sscc"
        label="Carton SSCC"
        value={form?.['packs.0.sscc']}
        problems={problems}
        hint="The 18 digits of the carton's label"
        required
      />
      <LineFields
        prefix="packs.0.lines"
        lines={props.lines}
        form={form}
        problems={problems}
        suggest={remaining}
        label="Quantity shipped"
      />
      <p class="hint">
        Lines left empty are not in this shipment. The 856 is checked against what was ordered, acknowledged
        and shipped before.
      </p>
      <button type="submit">Record the shipment and send the 856</button>
    </form>
  );
}

/** Record an invoice: its number and date, and a quantity per line (empty: what was shipped and not invoiced). */
export function InvoiceForm(props: {
  user: SessionUser;
  action: string;
  lines: LineStatus[];
  form?: FormValues;
  problems?: FieldProblem[];
}) {
  const { form, problems } = props;
  const fields = ['invoiceNumber', 'invoiceDate', ...props.lines.map((_, i) => `lines.${i}.quantity`)];
  return (
    <form class="stack" method="post" action={props.action}>
      <CsrfField user={props.user} />
      <FormProblems problems={problems} fields={fields} />
      <TextField
        name="invoiceNumber"
        label="Invoice number"
        value={form?.invoiceNumber}
        problems={problems}
        required
      />
      <TextField
        name="invoiceDate"
        label="Invoice date"
        type="date"
        value={form?.invoiceDate ?? today()}
        problems={problems}
        required
      />
      <LineFields
        prefix="lines"
        lines={props.lines}
        form={form}
        problems={problems}
        suggest={() => ''}
        label="Quantity invoiced"
      />
      <p class="hint">
        Leave every quantity empty to invoice what was shipped and not yet invoiced (or, before any shipment,
        what was ordered); prices are the order's.
      </p>
      <button type="submit">Record the invoice and send the 810</button>
    </form>
  );
}
