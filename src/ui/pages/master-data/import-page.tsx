import type { Cell, SpreadsheetFile } from '../../../../connectors/spreadsheet/sheet.ts';
import { classifyError } from '../../../db/classify-error.ts';
import type { ImportColumn, ImportTable } from '../../../services/master-data/import-table.ts';
import type { ImportProblem, UpsertCounts } from '../../../services/master-data/products.ts';
import type { SessionUser } from '../../../services/users/sessions.ts';
import { Table } from '../../components/list.tsx';
import type { ConsoleContext } from '../../deps.ts';
import { CsrfField } from '../../layout.tsx';

/** Rows with problems the preview shows at most (the list of problems names every one the service listed). */
const PREVIEW_ROWS = 200;

/** The file of an upload form (`file`), or a problem to show beside the field. */
export async function uploadedFile(
  c: ConsoleContext,
): Promise<{ file: SpreadsheetFile } | { problem: string }> {
  const body = await c.req.parseBody();
  const file = body.file;
  if (!(file instanceof File) || file.size === 0) return { problem: 'choose a CSV or XLSX file' };
  return {
    file: {
      bytes: new Uint8Array(await file.arrayBuffer()),
      ...(file.name ? { filename: file.name } : {}),
      ...(file.type ? { contentType: file.type } : {}),
    },
  };
}

/** A refused import: its message and each problem the service listed (row and column, or a path), or undefined to rethrow. */
export function importRefusal(error: unknown): { message: string; problems: ImportProblem[] } | undefined {
  const shape = classifyError(error);
  if (shape.kind !== 'permanent' || shape.code === 'gateway.internal' || shape.code.startsWith('database.'))
    return undefined;
  const details = Array.isArray(shape.details) ? shape.details : [];
  const problems = details.flatMap((d): ImportProblem[] => {
    if (typeof d !== 'object' || d === null || !('message' in d)) return [];
    const p = d as Record<string, unknown>;
    return [
      {
        message: String(p.message),
        ...(typeof p.row === 'number' ? { row: p.row } : {}),
        ...(typeof p.column === 'string' ? { column: p.column } : {}),
        ...(typeof p.path === 'string' ? { path: p.path } : {}),
      },
    ];
  });
  return { message: shape.message, problems };
}

const cellText = (cell: Cell | undefined): string =>
  cell === undefined || cell === null
    ? ''
    : cell instanceof Date
      ? cell.toISOString().slice(0, 10)
      : String(cell);

/** What an import page shows after a POST: the counts saved, or the refusal with the file's rows as read. */
export interface ImportOutcome<F extends string> {
  saved?: UpsertCounts;
  refused?: { message: string; problems: ImportProblem[] };
  /** The file as the import read it (only when refused and readable): its rows with problems are shown. */
  table?: ImportTable<F>;
  /** A problem with the form itself (no file chosen). */
  fileProblem?: string;
}

/**
 * An import by upload (products, stock counts): the columns the file may have, the upload form, and after a
 * POST what became of it — the counts saved, or the refusal with every problem by row and column and the
 * spreadsheet's rows with problems as read, each bad cell marked.
 */
export function ImportPage<F extends string>(props: {
  user: SessionUser;
  action: string;
  what: string;
  columns: readonly ImportColumn<F>[];
  outcome?: ImportOutcome<F>;
  back: { href: string; label: string };
}) {
  const { outcome } = props;
  const fileError = outcome?.fileProblem;
  return (
    <>
      {outcome?.saved && (
        <div class="notice ok" role="status">
          <p>
            Saved: {outcome.saved.created} new, {outcome.saved.updated} changed, {outcome.saved.unchanged}{' '}
            unchanged. <a href={props.back.href}>{props.back.label}</a>
          </p>
        </div>
      )}
      {outcome?.refused && (
        <Refusal refused={outcome.refused} table={outcome.table} columns={props.columns} />
      )}
      <section class="card" aria-labelledby="upload">
        <h2 id="upload">Upload {props.what}</h2>
        <p>
          A CSV or XLSX file whose header row names these columns, in any order and case (other columns are
          ignored). Nothing is saved when any row is wrong: every problem is listed with its row and column.
        </p>
        <Table
          caption={`Columns of a ${props.what} file`}
          head={['Column', 'Also recognised as', 'Required']}
          rows={props.columns.length}
        >
          {props.columns.map((c) => (
            <tr>
              <td>{c.headers[0]}</td>
              <td>{c.headers.slice(1).join(', ') || '—'}</td>
              <td>{c.required ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </Table>
        <form class="stack" method="post" action={props.action} enctype="multipart/form-data">
          <CsrfField user={props.user} />
          <div>
            <label for="f-file">Spreadsheet file (CSV or XLSX)</label>
            <input
              id="f-file"
              type="file"
              name="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              required
              aria-invalid={fileError ? 'true' : undefined}
              aria-describedby={fileError ? 'f-file-error' : undefined}
            />
            {fileError && (
              <p class="field-error" id="f-file-error">
                {fileError}
              </p>
            )}
          </div>
          <p>
            <button type="submit">Upload and save</button>
          </p>
        </form>
      </section>
    </>
  );
}

/** A refused file: the problems by row and column, then the rows with problems as the file has them. */
function Refusal<F extends string>(props: {
  refused: { message: string; problems: ImportProblem[] };
  table?: ImportTable<F>;
  columns: readonly ImportColumn<F>[];
}) {
  const { refused, table } = props;
  const byRow = new Map<number, ImportProblem[]>();
  for (const p of refused.problems)
    if (p.row !== undefined) byRow.set(p.row, [...(byRow.get(p.row) ?? []), p]);
  const fields = props.columns.map((c) => c.field).filter((f) => table?.headers[f] !== undefined);
  const rows = (table?.rows ?? []).filter((r) => byRow.has(r.row)).slice(0, PREVIEW_ROWS);
  return (
    <section class="notice bad" role="alert" aria-labelledby="refused">
      <h2 id="refused">Nothing was saved</h2>
      <p>{refused.message}.</p>
      {refused.problems.length > 0 && (
        <Table
          caption="Problems of the file"
          head={['Row', 'Column', 'Problem']}
          rows={refused.problems.length}
        >
          {refused.problems.map((p) => (
            <tr>
              <td>{p.row ?? p.path ?? '—'}</td>
              <td>{p.column ?? '—'}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </Table>
      )}
      {table && rows.length > 0 && (
        <>
          <h3>The rows with problems, as the file has them</h3>
          <p class="hint">
            Header on row {table.headerRow}; {table.rows.length} rows read. Marked cells are the ones a
            problem names.
          </p>
          <Table
            caption="Rows of the file with problems, problem cells marked"
            head={['Row', ...fields.map((f) => table.headers[f] ?? f)]}
            rows={rows.length}
          >
            {rows.map((r) => {
              const bad = new Set((byRow.get(r.row) ?? []).map((p) => p.column));
              return (
                <tr>
                  <th scope="row">{r.row}</th>
                  {fields.map((f) => {
                    const text = cellText(r.cells[f]);
                    return <td>{bad.has(table.headers[f]) ? <mark>{text || '(empty)'}</mark> : text}</td>;
                  })}
                </tr>
              );
            })}
          </Table>
        </>
      )}
    </section>
  );
}
