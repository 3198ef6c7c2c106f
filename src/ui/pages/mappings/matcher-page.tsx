import type { FieldProblem } from '../../../core/field-problem.ts';
import { SpreadsheetField } from '../../../mapping/spreadsheet-mapping.schema.ts';
import type { DetectedColumns } from '../../../services/mapping-studio/column-detect.ts';
import type { SessionUser } from '../../../services/users/sessions.ts';
import { FormProblems, SelectField, TextField } from '../../components/form.tsx';
import { Table } from '../../components/list.tsx';
import { CsrfField } from '../../layout.tsx';
import { documentPath } from './partner-mappings-page.tsx';

/** What the matcher form holds between its steps: the sample's columns and the person's choices. */
export interface MatcherForm {
  detected: Pick<DetectedColumns, 'columns' | 'headerRow' | 'sheet'> & Partial<Pick<DetectedColumns, 'rows'>>;
  choices?: Record<string, string>;
}

const FIELD_OPTIONS = [{ value: '', label: '(not read)' }, ...SpreadsheetField.options];

/**
 * The column matcher: a sample is uploaded; its detected header row and first rows are shown as a table with
 * a field chosen for each column (the default mapping's guess preselected), the locale and the defaults; saving
 * writes the spreadsheet mapping YAML as a new draft.
 */
export function MatcherContent(props: {
  partnerId: string;
  user: SessionUser;
  form?: MatcherForm;
  problems?: FieldProblem[];
}) {
  const base = documentPath(props.partnerId, 'spreadsheet');
  const choice = (name: string, fallback = '') => props.form?.choices?.[name] ?? fallback;
  return (
    <>
      <p>
        <a href={`/admin/mappings/${encodeURIComponent(props.partnerId)}`}>
          ← All mappings of {props.partnerId}
        </a>
      </p>
      <section class="card" aria-labelledby="sample">
        <h2 id="sample">Sample order form</h2>
        <form class="stack" method="post" action={`${base}/matcher`} enctype="multipart/form-data">
          <CsrfField user={props.user} />
          <div>
            <label for="f-file">A CSV or XLSX the partner sends</label>
            <input id="f-file" type="file" name="file" accept=".csv,.txt,.xlsx" required />
          </div>
          <p>
            <button type="submit">Detect the columns</button>
          </p>
        </form>
      </section>
      {props.form && (
        <section class="card" aria-labelledby="match">
          <h2 id="match">Match the columns</h2>
          <p>
            Header found on row {props.form.detected.headerRow}
            {props.form.detected.sheet ? ` of sheet ${props.form.detected.sheet}` : ''}.
          </p>
          <FormProblems
            problems={props.problems}
            fields={[
              ...props.form.detected.columns.map((c) => `columns.${c.index}.field`),
              'locale.decimal',
              'locale.dateOrder',
              'defaults.currency',
              'defaults.uom',
              'defaults.shipTo',
            ]}
          />
          <form class="stack" method="post" action={`${base}/matcher/save`}>
            <CsrfField user={props.user} />
            <input type="hidden" name="headerRow" value={String(props.form.detected.headerRow)} />
            {props.form.detected.sheet && (
              <input type="hidden" name="sheet" value={props.form.detected.sheet} />
            )}
            <Table
              caption="Detected header and first rows"
              head={props.form.detected.columns.map((c) => `${c.letter}: ${c.header || '(no header)'}`)}
              rows={1 + (props.form.detected.rows?.length ?? 0)}
            >
              <tr>
                {props.form.detected.columns.map((c) => (
                  <td>
                    <input type="hidden" name={`columns.${c.index}.header`} value={c.header} />
                    <input type="hidden" name={`columns.${c.index}.letter`} value={c.letter} />
                    <SelectField
                      name={`columns.${c.index}.field`}
                      label={`Field of column ${c.letter}`}
                      value={choice(`columns.${c.index}.field`, c.suggested ?? '')}
                      options={FIELD_OPTIONS}
                      problems={props.problems}
                    />
                  </td>
                ))}
              </tr>
              {(props.form.detected.rows ?? []).map((row) => (
                <tr>
                  {row.cells.map((cell) => (
                    <td>{cell}</td>
                  ))}
                </tr>
              ))}
            </Table>
            <div class="grid">
              <SelectField
                name="locale.decimal"
                label="Decimal mark"
                value={choice('locale.decimal', '.')}
                options={[
                  { value: '.', label: '. (1,234.50)' },
                  { value: ',', label: ', (1.234,50)' },
                ]}
                problems={props.problems}
              />
              <SelectField
                name="locale.dateOrder"
                label="Date order"
                value={choice('locale.dateOrder', 'dmy')}
                options={[
                  { value: 'dmy', label: 'day/month/year' },
                  { value: 'mdy', label: 'month/day/year' },
                  { value: 'ymd', label: 'year-month-day' },
                ]}
                problems={props.problems}
              />
              <SelectField
                name="identifier"
                label="A bare “Item” column holds"
                value={choice('identifier', 'sku')}
                options={['sku', 'buyerItem', 'gtin']}
                problems={props.problems}
              />
              <TextField
                name="defaults.currency"
                label="Default currency"
                value={choice('defaults.currency')}
                problems={props.problems}
              />
              <TextField
                name="defaults.uom"
                label="Default unit"
                value={choice('defaults.uom')}
                problems={props.problems}
              />
              <TextField
                name="defaults.shipTo"
                label="Default ship-to"
                value={choice('defaults.shipTo')}
                problems={props.problems}
              />
            </div>
            <p>
              <button type="submit">Write the mapping as a new draft</button>
            </p>
          </form>
        </section>
      )}
    </>
  );
}
