import { columnLetter } from '../../../../connectors/spreadsheet/table-find.ts';
import { elementName } from '../../../x12/element-names.ts';
import { Table } from '../../components/list.tsx';
import {
  type HlNode,
  MAX_ROWS,
  MAX_SEGMENTS,
  problemCells,
  type RawDocument,
  type RawSegment,
} from './raw-document.ts';

/**
 * A stored message shown safely: every value is a partner's text, rendered as text (hono JSX escapes it), never
 * as markup. X12 one segment per line with each element's position and dictionary name on hover; an 856 as its
 * HL tree; a spreadsheet as a table with the cells the findings name marked; a mail as headers and attachments.
 */

/** Element `position` of `tag` as its designator and name: "BEG03 Purchase Order Number". */
const elementTitle = (tag: string, position: number) => {
  const designator = `${tag}${String(position).padStart(2, '0')}`;
  const name = elementName(tag, position);
  return name ? `${designator} ${name}` : designator;
};

/** One segment as one line: the tag, then each element in a span titled with its position and name. */
function SegmentLine(props: { segment: RawSegment; separator: string }) {
  const [tag = '', ...elements] = props.segment.elements;
  return (
    <span class="segment">
      <b title={`${tag} segment`}>{tag}</b>
      {elements.map((value, i) => (
        <>
          {props.separator}
          <span title={elementTitle(tag, i + 1)}>{value}</span>
        </>
      ))}
      {'\n'}
    </span>
  );
}

/** HL03 codes of the 856 hierarchy, in words. */
const HL_LEVELS: Record<string, string> = { S: 'shipment', O: 'order', T: 'tare', P: 'pack', I: 'item' };

function HlTree(props: { nodes: HlNode[]; separator: string }) {
  return (
    <ul class="hl-tree">
      {props.nodes.map((node) => (
        <li>
          HL {node.id}: {HL_LEVELS[node.level] ?? node.level}
          <pre>
            {node.segments.map((s) => (
              <SegmentLine segment={s} separator={props.separator} />
            ))}
          </pre>
          {node.children.length > 0 && <HlTree nodes={node.children} separator={props.separator} />}
        </li>
      ))}
    </ul>
  );
}

type Sheet = Extract<RawDocument, { kind: 'sheet' }>;
type Finding = { row?: number; column?: string; file?: string; message?: string };

/** A sheet's rows as read, the cells a finding names marked by a word as well as by colour. */
function SheetTable(props: {
  sheet: Sheet;
  diagnostics: readonly Finding[];
  file?: string;
  caption: string;
}) {
  const { sheet } = props;
  if (sheet.problem)
    return <p class="notice bad">The file could not be read as a spreadsheet: {sheet.problem}</p>;
  const marked = problemCells(sheet.rows, props.diagnostics, props.file);
  const width = Math.max(0, ...sheet.rows.map((r) => r.cells.length));
  const letters = Array.from({ length: width }, (_, i) => columnLetter(i));
  return (
    <>
      {marked.size > 0 && (
        <p class="hint">Cells marked “problem” are the ones a finding names (its row and column).</p>
      )}
      <Table
        caption={props.caption}
        head={['Row', ...letters]}
        rows={sheet.rows.length}
        empty="The sheet is empty."
      >
        {sheet.rows.map((r) => {
          const wholeRow = marked.has(`${r.row}:*`);
          return (
            <tr class={wholeRow ? 'problem' : undefined}>
              <th scope="row">
                {r.row}
                {wholeRow && <span class="marker"> (problem)</span>}
              </th>
              {letters.map((_, i) => {
                const text = r.cells[i] ?? '';
                return marked.has(`${r.row}:${i}`) ? (
                  <td class="problem">
                    <mark>{text || '(empty)'}</mark> <span class="marker">(problem)</span>
                  </td>
                ) : (
                  <td>{text}</td>
                );
              })}
            </tr>
          );
        })}
      </Table>
      {sheet.more && <p class="hint">The first {MAX_ROWS} rows; download the file for the rest.</p>}
    </>
  );
}

/** The raw document of message `id` as the page shows it. */
export function RawView(props: { id: string; doc: RawDocument; diagnostics: readonly unknown[] }) {
  const { doc } = props;
  const base = `/admin/messages/${encodeURIComponent(props.id)}`;
  const findings = props.diagnostics as Finding[];
  switch (doc.kind) {
    case 'x12':
      return (
        <>
          <section aria-labelledby="segments">
            <h2 id="segments">Segments</h2>
            <p class="hint">One segment per line; hover over a value for its position and name.</p>
            <pre class="x12">
              {doc.segments.map((s) => (
                <SegmentLine segment={s} separator={doc.separator} />
              ))}
            </pre>
            {doc.total > MAX_SEGMENTS && (
              <p class="hint">
                The first {MAX_SEGMENTS.toLocaleString('en-US')} of {doc.total.toLocaleString('en-US')}{' '}
                segments; <a href={`${base}/download`}>download the file</a> for all of them.
              </p>
            )}
          </section>
          {doc.shipNotices.map((tree, i) => (
            <section aria-labelledby={`hl-${i}`}>
              <h2 id={`hl-${i}`}>Ship notice {doc.shipNotices.length > 1 ? i + 1 : ''} as its HL tree</h2>
              <HlTree nodes={tree} separator={doc.separator} />
            </section>
          ))}
        </>
      );
    case 'sheet':
      return (
        <section aria-labelledby="sheet">
          <h2 id="sheet">{doc.name ? `Sheet ${doc.name}` : 'The file'}</h2>
          <SheetTable sheet={doc} diagnostics={findings} caption="The spreadsheet's rows as read" />
        </section>
      );
    case 'mail':
      return (
        <>
          <section aria-labelledby="headers">
            <h2 id="headers">Headers</h2>
            <dl class="facts">
              {doc.headers.map(([name, value]) => (
                <>
                  <dt>{name}</dt>
                  <dd>{value}</dd>
                </>
              ))}
            </dl>
            {doc.problems.length > 0 && (
              <ul class="notice bad">
                {doc.problems.map((p) => (
                  <li>{p}</li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="attachments">
            <h2 id="attachments">Attachments</h2>
            <Table
              caption="The mail's attachments"
              head={['File', 'Type', 'Size']}
              numeric={[2]}
              rows={doc.attachments.length}
              empty="The mail has no attachments."
            >
              {doc.attachments.map((a) => (
                <tr>
                  <td>
                    <a href={`${base}/attachments/${a.index}`}>{a.filename}</a>
                  </td>
                  <td>
                    {a.kind} <span class="hint">({a.contentType})</span>
                  </td>
                  <td class="num">{a.size.toLocaleString('en-US')} B</td>
                </tr>
              ))}
            </Table>
            {doc.attachments
              .filter((a) => a.sheet)
              .map((a) => (
                <>
                  <h3>{a.filename}</h3>
                  <SheetTable
                    sheet={a.sheet!}
                    diagnostics={findings}
                    file={a.filename}
                    caption={`The rows of ${a.filename} as read`}
                  />
                </>
              ))}
          </section>
          <section aria-labelledby="text">
            <h2 id="text">Text</h2>
            <pre>{doc.text}</pre>
          </section>
        </>
      );
    case 'text':
      return (
        <section aria-labelledby="text">
          <h2 id="text">Content</h2>
          <pre>{doc.lines.join('\n')}</pre>
          {doc.more && <p class="hint">The first {MAX_ROWS} lines; download the file for the rest.</p>}
        </section>
      );
  }
}
