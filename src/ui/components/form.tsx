import type { Child } from 'hono/jsx';
import type { FieldProblem } from '../../core/field-problem.ts';
import { classifyError } from '../../db/classify-error.ts';

/**
 * Forms name their fields by the paths of the service's input (`identifiers.0.value`), so the problems a service
 * reports (`details: [{ path, message }]`, the same list the API answers) land next to the field they concern.
 */

/** The problems of a refused request, or undefined for a failure that is no one's input (rethrow it). */
export function problemsOf(error: unknown): FieldProblem[] | undefined {
  const shape = classifyError(error);
  if (shape.kind !== 'permanent' && shape.kind !== 'partner_rejectable') return undefined;
  if (shape.code === 'gateway.internal' || shape.code.startsWith('database.')) return undefined;
  const details = Array.isArray(shape.details) ? shape.details : [];
  const listed = details.filter(
    (d): d is FieldProblem => typeof d === 'object' && d !== null && 'path' in d && 'message' in d,
  );
  return listed.length > 0
    ? listed.map((d) => ({ path: String(d.path), message: String(d.message) }))
    : [{ path: '(form)', message: shape.message }];
}

const idOf = (name: string) => `f-${name.replace(/[^\w-]/g, '-')}`;

function messagesFor(name: string, problems: readonly FieldProblem[] | undefined): string[] {
  return (problems ?? []).filter((p) => p.path === name).map((p) => p.message);
}

/** The problems no field of the form shows (named by a path the form has no field for), listed at its top. */
export function FormProblems(props: { problems?: readonly FieldProblem[]; fields: readonly string[] }) {
  const loose = (props.problems ?? []).filter((p) => !props.fields.includes(p.path));
  if (loose.length === 0) return null;
  return (
    <div class="notice bad" role="alert">
      <p>This could not be saved:</p>
      <ul>
        {loose.map((p) => (
          <li>{p.path === '(form)' || p.path === '(body)' ? p.message : `${p.path}: ${p.message}`}</li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  problems?: readonly FieldProblem[];
}

/** A label, the control, its hint and its errors, tied together for screen readers. */
function FieldFrame(props: FieldProps & { control: (aria: Record<string, string | undefined>) => Child }) {
  const id = idOf(props.name);
  const errors = messagesFor(props.name, props.problems);
  const described = [props.hint ? `${id}-hint` : '', errors.length ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <div class="hint" id={`${id}-hint`}>
          {props.hint}
        </div>
      )}
      {props.control({
        id,
        'aria-invalid': errors.length ? 'true' : undefined,
        'aria-describedby': described || undefined,
      })}
      {errors.length > 0 && (
        <p class="field-error" id={`${id}-error`}>
          {errors.join('; ')}
        </p>
      )}
    </div>
  );
}

/** A text input (or email, password, number, date …). */
export function TextField(
  props: FieldProps & {
    value?: string;
    type?: string;
    required?: boolean;
    autocomplete?: string;
    placeholder?: string;
  },
) {
  return (
    <FieldFrame
      {...props}
      control={(aria) => (
        <input
          {...aria}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.value}
          required={props.required}
          autocomplete={props.autocomplete}
          placeholder={props.placeholder}
        />
      )}
    />
  );
}

/** A multi-line text (YAML, notes). */
export function TextAreaField(
  props: FieldProps & { value?: string; rows?: number; extra?: Record<string, string> },
) {
  return (
    <FieldFrame
      {...props}
      control={(aria) => (
        <textarea {...aria} {...props.extra} name={props.name} rows={props.rows ?? 12}>
          {props.value ?? ''}
        </textarea>
      )}
    />
  );
}

/** A choice from a list of values. */
export function SelectField(
  props: FieldProps & { value?: string; options: readonly (string | { value: string; label: string })[] },
) {
  return (
    <FieldFrame
      {...props}
      control={(aria) => (
        <select {...aria} name={props.name}>
          {props.options.map((o) => {
            const option = typeof o === 'string' ? { value: o, label: o } : o;
            return (
              <option value={option.value} selected={option.value === props.value}>
                {option.label}
              </option>
            );
          })}
        </select>
      )}
    />
  );
}

/** The partner select of a list's filters: "Any partner", then each partner by name (its id is the value). */
export function PartnerFilter(props: { partners: readonly { id: string; name: string }[]; value?: string }) {
  return (
    <SelectField
      name="partner"
      label="Partner"
      value={props.value ?? ''}
      options={[
        { value: '', label: 'Any partner' },
        ...props.partners.map((p) => ({ value: p.id, label: p.name })),
      ]}
    />
  );
}
