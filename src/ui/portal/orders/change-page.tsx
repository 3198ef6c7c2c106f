import type { FieldProblem } from '../../../core/field-problem.ts';
import type { PortalOrder } from '../../../services/portal/portal-orders.ts';
import { FormProblems, TextField } from '../../components/form.tsx';
import { CsrfField } from '../../layout.tsx';

/**
 * The change form of an order not yet shipped: a new quantity per line (0 removes it), or the whole order
 * cancelled. Sent, it becomes the same change as an 860 (change-request.ts).
 */
export function ChangeForm(props: {
  order: PortalOrder;
  user: { csrfToken: string };
  values?: Record<string, string>;
  problems?: FieldProblem[];
}) {
  const { order } = props;
  const action = `/portal/orders/${encodeURIComponent(order.id)}/change`;
  const fields = order.order.lines.map((l) => `lines.${l.lineNumber}.quantity`);
  return (
    <>
      <FormProblems problems={props.problems} fields={fields} />
      <form class="stack card" method="post" action={action}>
        <CsrfField user={props.user} />
        <h2>Change quantities</h2>
        <p class="hint">Type a new quantity where it changes; 0 removes the line.</p>
        {order.order.lines.map((l) => (
          <TextField
            name={`lines.${l.lineNumber}.quantity`}
            label={`Line ${l.lineNumber}: ${l.items.buyerItem ?? l.items.vendorItem ?? l.items.sku ?? l.items.gtin ?? l.items.upc ?? l.items.ean ?? ''} (${l.uom})`}
            value={props.values?.[`lines.${l.lineNumber}.quantity`] ?? l.quantity}
            problems={props.problems}
          />
        ))}
        <button type="submit">Send the change</button>
      </form>
      <form class="stack card" method="post" action={action}>
        <CsrfField user={props.user} />
        <h2>Cancel the order</h2>
        <input type="hidden" name="cancel" value="yes" />
        <button type="submit" class="danger">
          Cancel order {order.poNumber}
        </button>
      </form>
    </>
  );
}
