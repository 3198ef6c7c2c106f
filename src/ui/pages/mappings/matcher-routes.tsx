import type { FieldProblem } from '../../../core/field-problem.ts';
import { detectColumns } from '../../../services/mapping-studio/column-detect.ts';
import { createDraft } from '../../../services/mapping-studio/drafts.ts';
import {
  type ColumnChoices,
  spreadsheetMappingYaml,
} from '../../../services/mapping-studio/spreadsheet-yaml.ts';
import { problemsOf } from '../../components/form.tsx';
import type { ConsoleApp, ConsoleContext, ConsoleDeps } from '../../deps.ts';
import { actorOf, allow } from '../../session.ts';
import { MatcherContent, type MatcherForm } from './matcher-page.tsx';
import { documentPath } from './partner-mappings-page.tsx';

type Render = (
  c: ConsoleContext,
  title: string,
  body: unknown,
  status?: 200 | 422,
) => Response | Promise<Response>;

/** The matcher form's columns and choices read back from its fields (`columns.3.field` …). */
function readForm(body: Record<string, unknown>): { form: MatcherForm; choices: ColumnChoices } {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  const indexes = Object.keys(body)
    .map((key) => /^columns\.(\d+)\.letter$/.exec(key)?.[1])
    .filter((i): i is string => i !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const columns = indexes.map((index) => ({
    index,
    letter: text(`columns.${index}.letter`),
    header: text(`columns.${index}.header`),
    field: text(`columns.${index}.field`),
  }));
  const choices = Object.fromEntries(Object.keys(body).map((key) => [key, text(key)]));
  const sheet = text('sheet');
  return {
    form: {
      detected: { columns, headerRow: Number(text('headerRow')) || 1, ...(sheet ? { sheet } : {}) },
      choices,
    },
    choices: {
      // problems name a column by its index in the sample, as the form's fields do
      columns: columns.map((c) => ({
        header: c.header,
        letter: c.letter,
        field: c.field as ColumnChoices['columns'][number]['field'],
      })),
      locale: {
        decimal: text('locale.decimal') as ColumnChoices['locale']['decimal'],
        dateOrder: text('locale.dateOrder') as ColumnChoices['locale']['dateOrder'],
      },
      ...(text('identifier')
        ? { identifier: text('identifier') as NonNullable<ColumnChoices['identifier']> }
        : {}),
      defaults: {
        currency: text('defaults.currency'),
        uom: text('defaults.uom'),
        shipTo: text('defaults.shipTo'),
      },
      ...(sheet ? { sheet } : {}),
    },
  };
}

/**
 * The column matcher's pages: upload a sample and see its detected columns (GET/POST `…/spreadsheet/matcher`),
 * then save the choices as a new spreadsheet draft (POST `…/matcher/save`, which opens the draft's page).
 */
export function registerMatcherPages(app: ConsoleApp, deps: ConsoleDeps, page: Render): void {
  const admin = allow('admin');
  const base = '/mappings/:partner/spreadsheet/matcher';
  const show = (c: ConsoleContext, form?: MatcherForm, problems?: FieldProblem[], status: 200 | 422 = 200) =>
    page(
      c,
      `${c.req.param('partner')} · column matcher`,
      <MatcherContent
        partnerId={c.req.param('partner')!}
        user={c.get('user')}
        {...(form ? { form } : {})}
        {...(problems ? { problems } : {})}
      />,
      status,
    );

  app.get(base, admin, (c) => show(c));

  app.post(base, admin, async (c) => {
    const file = (await c.req.parseBody()).file;
    if (!(file instanceof File) || file.size === 0)
      return show(c, undefined, [{ path: '(form)', message: 'choose a CSV or XLSX file' }], 422);
    try {
      const detected = await detectColumns(new Uint8Array(await file.arrayBuffer()), file.name || undefined);
      return show(c, { detected });
    } catch (error) {
      const problems = problemsOf(error);
      if (!problems) throw error;
      return show(c, undefined, problems, 422);
    }
  });

  app.post(`${base}/save`, admin, async (c) => {
    const partnerId = c.req.param('partner');
    const { form, choices } = readForm(await c.req.parseBody());
    try {
      const yaml = spreadsheetMappingYaml(choices);
      const draft = await createDraft(deps.db, { partnerId, document: 'spreadsheet', yaml }, actorOf(c));
      return c.redirect(`${documentPath(partnerId, 'spreadsheet')}/${draft.version}`, 303);
    } catch (error) {
      const problems = problemsOf(error);
      if (!problems) throw error;
      return show(c, form, problems, 422);
    }
  });
}
