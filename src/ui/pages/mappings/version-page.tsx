import type { FieldProblem } from '../../../core/field-problem.ts';
import type { MappingDocument } from '../../../mapping/mapping-file.ts';
import type { YamlProblem } from '../../../services/mapping-studio/mapping-yaml.ts';
import type { ShadowReport } from '../../../services/mapping-studio/shadow-replay.ts';
import type { BenchResult } from '../../../services/mapping-studio/test-bench.ts';
import type { SessionUser } from '../../../services/users/sessions.ts';
import { FormProblems, TextAreaField, TextField } from '../../components/form.tsx';
import { Badge } from '../../components/list.tsx';
import { CsrfField } from '../../layout.tsx';
import { BenchView, ShadowView } from './bench-view.tsx';
import { documentPath } from './partner-mappings-page.tsx';

/** A YAML problem as the editor shows it beside the text: where, then why. */
export function yamlProblemText(p: YamlProblem): string {
  const where = p.line === undefined ? '' : `line ${p.line}, column ${p.column}: `;
  return `${where}${p.path === '' ? '' : `${p.path}: `}${p.message}`;
}

/** The problems of the YAML as you type (the htmx target of the editor; empty when the YAML is valid). */
export function YamlProblems(props: { problems: readonly YamlProblem[] }) {
  return (
    <div id="yaml-problems" aria-live="polite">
      {props.problems.length === 0 ? (
        <p class="hint">The YAML fits the schema.</p>
      ) : (
        <ul class="field-error">
          {props.problems.map((p) => (
            <li>{yamlProblemText(p)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A file field of a sample (X12, CSV or XLSX); `id` tells the bench's apart from the activation's. */
function SampleField(props: {
  id: string;
  required: boolean;
  label: string;
  problems?: readonly FieldProblem[];
}) {
  const errors = (props.problems ?? []).filter((p) => p.path === 'sample').map((p) => p.message);
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="file"
        name="sample"
        required={props.required}
        aria-invalid={errors.length ? 'true' : undefined}
        aria-describedby={errors.length ? `${props.id}-error` : undefined}
      />
      {errors.length > 0 && (
        <p class="field-error" id={`${props.id}-error`}>
          {errors.join('; ')}
        </p>
      )}
    </div>
  );
}

export interface VersionView {
  partnerId: string;
  document: MappingDocument;
  /** Undefined: a new draft written in the editor. */
  version?: number;
  status?: 'draft' | 'active' | 'retired';
  yaml: string;
  user: SessionUser;
  canChange: boolean;
  problems?: FieldProblem[];
  /** YAML problems shown under the editor. */
  yamlProblems?: YamlProblem[];
  bench?: BenchResult;
  shadow?: ShadowReport;
}

/**
 * One version in the studio: the YAML editor (validated as you type through htmx, saved only for a draft),
 * the test bench, the shadow replay and activation beside it, and what the bench or replay found.
 */
export function VersionContent(props: VersionView) {
  const base = documentPath(props.partnerId, props.document);
  const editable = props.canChange && (props.version === undefined || props.status === 'draft');
  const action = props.version === undefined ? `${base}/drafts` : `${base}/${props.version}`;
  const readsOrders = ['850', '860', 'spreadsheet'].includes(props.document);
  return (
    <>
      <p>
        <a href={`/admin/mappings/${encodeURIComponent(props.partnerId)}`}>
          ← All mappings of {props.partnerId}
        </a>
        {props.status && (
          <>
            {' '}
            <Badge tone={props.status === 'active' ? 'ok' : props.status === 'draft' ? 'warn' : 'muted'}>
              {props.status}
            </Badge>
          </>
        )}
      </p>
      <FormProblems problems={props.problems} fields={['yaml', 'sample']} />
      <section class="card" aria-labelledby="editor">
        <h2 id="editor">YAML</h2>
        {!editable && (
          <p class="hint">
            {props.status === 'draft'
              ? 'Only admins edit drafts.'
              : 'Active and retired versions are immutable.'}
          </p>
        )}
        <form class="stack" method="post" action={action}>
          <CsrfField user={props.user} />
          <TextAreaField
            name="yaml"
            label={`${props.document} mapping`}
            hint="Only what differs from the built-in default; see mappings/README.md."
            value={props.yaml}
            rows={24}
            problems={props.problems}
            extra={
              editable
                ? {
                    'hx-post': `${base}/validate${props.version === undefined ? '' : `?version=${props.version}`}`,
                    'hx-trigger': 'input changed delay:400ms',
                    'hx-target': '#yaml-problems',
                    'hx-swap': 'outerHTML',
                  }
                : { readonly: 'readonly' }
            }
          />
          <YamlProblems problems={props.yamlProblems ?? []} />
          {editable && (
            <p>
              <button type="submit">
                {props.version === undefined ? 'Save as a new draft' : 'Save draft'}
              </button>
            </p>
          )}
        </form>
      </section>
      {props.version !== undefined && props.canChange && readsOrders && (
        <div class="grid">
          <section class="card" aria-labelledby="bench">
            <h2 id="bench">Test bench</h2>
            <p>Decode a sample with v{props.version} and with the active version, and compare.</p>
            <form
              class="stack"
              method="post"
              action={`${base}/${props.version}/bench`}
              enctype="multipart/form-data"
            >
              <CsrfField user={props.user} />
              <SampleField id="f-bench-sample" required label="Sample file (X12, CSV or XLSX)" />
              <p>
                <button type="submit">Run the bench</button>
              </p>
            </form>
          </section>
          <section class="card" aria-labelledby="shadow">
            <h2 id="shadow">Shadow replay</h2>
            <p>Read the partner's last stored messages with v{props.version}; nothing is written or sent.</p>
            <form class="stack" method="post" action={`${base}/${props.version}/shadow`}>
              <CsrfField user={props.user} />
              <TextField name="last" label="Messages (newest first, at most 50)" type="number" value="10" />
              <p>
                <button type="submit">Replay</button>
              </p>
            </form>
          </section>
        </div>
      )}
      {props.version !== undefined && props.canChange && props.status !== 'active' && (
        <section class="card" aria-labelledby="activate">
          <h2 id="activate">{props.status === 'retired' ? 'Roll back to this version' : 'Activate'}</h2>
          <p>
            The partner's golden fixtures must pass first (the version's own exactly, else the other versions'
            inputs without errors). A partner without fixtures needs a sample this version reads without
            errors. The version active now is retired; activating it again undoes this.
          </p>
          <form
            class="stack"
            method="post"
            action={`${base}/${props.version}/activate`}
            enctype="multipart/form-data"
          >
            <CsrfField user={props.user} />
            {readsOrders && (
              <SampleField
                id="f-activation-sample"
                required={false}
                label="Sample (only when the partner has no golden fixture)"
                problems={props.problems}
              />
            )}
            <p>
              <button type="submit">{props.status === 'retired' ? 'Activate again' : 'Activate'}</button>
            </p>
          </form>
        </section>
      )}
      {props.bench && <BenchView bench={props.bench} />}
      {props.shadow && <ShadowView report={props.shadow} />}
    </>
  );
}
