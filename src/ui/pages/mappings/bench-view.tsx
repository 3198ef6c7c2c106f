import type { VersionOutput } from '../../../services/mapping-studio/decode-with-version.ts';
import type { OrderChange } from '../../../services/mapping-studio/order-diff.ts';
import type { ShadowReport } from '../../../services/mapping-studio/shadow-replay.ts';
import type { BenchResult } from '../../../services/mapping-studio/test-bench.ts';
import { Badge, Table, When } from '../../components/list.tsx';

/** The orders that change, one table per order: field, the active version's value, the draft's. */
export function ChangesView(props: { changes: readonly OrderChange[]; caption: string }) {
  if (props.changes.length === 0) return <p class="hint">No order changes.</p>;
  return (
    <>
      {props.changes.map((order) => (
        <>
          <h4>
            PO {order.poNumber}{' '}
            <Badge tone={order.change === 'changed' ? 'warn' : 'bad'}>{order.change}</Badge>
          </h4>
          <Table
            caption={`${props.caption}: PO ${order.poNumber}`}
            head={['Field', 'Active value', 'Draft value']}
            rows={order.fields.length}
          >
            {order.fields.map((f) => (
              <tr>
                <td>
                  <code>{f.path}</code>
                </td>
                <td>{f.active ?? '—'}</td>
                <td>{f.draft ?? '—'}</td>
              </tr>
            ))}
          </Table>
        </>
      ))}
    </>
  );
}

/** One version's reading of the sample: orders, problems, the 997/999 and the 855. */
function OutputView(props: { title: string; output: VersionOutput }) {
  const { output } = props;
  const errors = output.problems.filter((p) => p.severity === 'error').length;
  return (
    <div class="card">
      <h3>
        {props.title} (version {String(output.version)})
      </h3>
      <p>
        {output.orders.length} order(s), {errors} error(s), {output.problems.length - errors} other finding(s)
      </p>
      <Table
        caption={`${props.title}: problems`}
        head={['Severity', 'Code', 'Where', 'Message']}
        rows={output.problems.length}
        empty="No problems."
      >
        {output.problems.map((p) => (
          <tr>
            <td>
              <Badge tone={p.severity === 'error' ? 'bad' : 'warn'}>{p.severity}</Badge>
            </td>
            <td>
              <code>{p.code}</code>
            </td>
            <td>{[p.transaction, p.segment, p.row && `row ${p.row}`, p.column].filter(Boolean).join(' ')}</td>
            <td>{p.message}</td>
          </tr>
        ))}
      </Table>
      <details>
        <summary>Canonical orders (JSON)</summary>
        <pre>{JSON.stringify(output.orders, null, 2)}</pre>
      </details>
      <details>
        <summary>997/999</summary>
        <pre>{output.ack ?? 'none (not an X12 sample)'}</pre>
      </details>
      <details>
        <summary>855</summary>
        <pre>
          {'text' in output.ack855
            ? output.ack855.text
            : 'problem' in output.ack855
              ? `cannot be written: ${output.ack855.problem}`
              : output.ack855.skipped}
        </pre>
      </details>
    </div>
  );
}

/** The test bench's answer: the diff first (what a person decides on), then each version's reading. */
export function BenchView(props: { bench: BenchResult }) {
  const { bench } = props;
  return (
    <section aria-labelledby="bench-result">
      <h2 id="bench-result">Test bench result</h2>
      <p>
        997/999 {bench.answersDiffer.ack ? 'differs' : 'is the same'}; 855{' '}
        {bench.answersDiffer.ack855 ? 'differs' : 'is the same'}.
      </p>
      <ChangesView changes={bench.changes} caption="Bench diff" />
      <div class="grid">
        <OutputView title="Draft" output={bench.draft} />
        <OutputView title="Active" output={bench.active} />
      </div>
    </section>
  );
}

/** The shadow replay's answer: per stored message, the orders that would change. */
export function ShadowView(props: { report: ShadowReport }) {
  const { report } = props;
  return (
    <section aria-labelledby="shadow-result">
      <h2 id="shadow-result">Shadow replay result</h2>
      <p>
        {report.messages.length} stored message(s) read; {report.changedOrders} order(s) would change.
      </p>
      {report.messages.map((m) => (
        <div class="card">
          <h3>
            <a href={`/admin/messages/${m.messageId}`}>{m.filename ?? m.messageId}</a>
          </h3>
          <p>
            Received <When at={m.receivedAt} />: active reads {m.orders.active} order(s) with{' '}
            {m.errors.active} error(s), the draft {m.orders.draft} with {m.errors.draft}.
          </p>
          <ChangesView changes={m.changes} caption={`Shadow diff of ${m.messageId}`} />
        </div>
      ))}
    </section>
  );
}
