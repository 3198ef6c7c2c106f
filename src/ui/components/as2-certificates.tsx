import { errorCodeEntry } from '../../core/error-codes.ts';
import { permanent } from '../../core/errors.ts';
import type { FieldProblem } from '../../core/field-problem.ts';
import { classifyError } from '../../db/classify-error.ts';
import type { ExpiringCertificate } from '../../services/as2/certificate-expiry.ts';
import {
  AS2_USAGES,
  type As2Usage,
  type CertificateView,
  EXPIRY_WARNING_DAYS,
} from '../../services/as2/certificate-view.ts';
import { CsrfField } from '../layout.tsx';
import { TextField } from './form.tsx';
import { Badge, Table, When } from './list.tsx';

/**
 * What the AS2 pages share (our key pairs, a partner's certificates): the certificates as a table with their
 * state, expiry badges and the rotate and retire buttons, the expiry warning, and the fields of an upload.
 */

const DAY_MS = 86_400_000;

/** The certificate's state as a word, and its expiry when it is near (within 30 days) or past. */
function StateBadges(props: { certificate: CertificateView; now: Date }) {
  const { certificate } = props;
  const left = Math.floor((new Date(certificate.notAfter).getTime() - props.now.getTime()) / DAY_MS);
  const tone = { active: 'ok', ending: 'warn', pending: 'muted', retired: 'muted', expired: 'bad' } as const;
  return (
    <>
      <Badge tone={tone[certificate.state]}>{certificate.state}</Badge>
      {certificate.state !== 'expired' && certificate.state !== 'retired' && left < EXPIRY_WARNING_DAYS && (
        <>
          {' '}
          <Badge tone="warn">{left <= 0 ? 'expires today' : `expires in ${left} days`}</Badge>
        </>
      )}
    </>
  );
}

/** A fingerprint shown short (its first 16 hex digits), the whole of it as the tooltip. */
function Fingerprint(props: { value: string }) {
  return <code title={props.value}>{props.value.slice(0, 16)}…</code>;
}

/**
 * The certificates, newest first: name, usage, state, fingerprint, dates; for an admin a rotate form (make it the
 * one in use, the ones it replaces still accepted for the overlap) and a retire button on each still accepted.
 * `signing` marks our key pair that signs now.
 */
export function CertificateTable(props: {
  certificates: readonly CertificateView[];
  caption: string;
  empty: string;
  /** The form actions: `${base}/${id}/rotate` and `${base}/${id}/retire`. */
  base: string;
  admin: boolean;
  csrf: { csrfToken: string };
  signingId?: string;
  now: Date;
}) {
  return (
    <Table
      caption={props.caption}
      head={[
        'Name',
        'Usage',
        'State',
        'Fingerprint (SHA-256)',
        'Subject',
        'Not after',
        'Active from',
        'Accepted until',
        ...(props.admin ? ['Actions'] : []),
      ]}
      rows={props.certificates.length}
      empty={props.empty}
    >
      {props.certificates.map((c) => {
        const usable = c.state !== 'retired' && c.state !== 'expired';
        const action = `${props.base}/${encodeURIComponent(c.id)}`;
        return (
          <tr id={`certificate-${c.id}`}>
            <td>
              {c.name}
              {c.id === props.signingId && (
                <>
                  {' '}
                  <Badge tone="ok">signs</Badge>
                </>
              )}
            </td>
            <td>{c.usage}</td>
            <td>
              <StateBadges certificate={c} now={props.now} />
            </td>
            <td>
              <Fingerprint value={c.fingerprint} />
            </td>
            <td>{c.subject}</td>
            <td>
              <When at={c.notAfter} />
            </td>
            <td>
              <When at={c.activeFrom} />
            </td>
            <td>
              <When at={c.acceptedUntil} />
            </td>
            {props.admin && (
              <td>
                {usable && (
                  <>
                    <form class="inline" method="post" action={`${action}/rotate`}>
                      <CsrfField user={props.csrf} />
                      <div>
                        <label for={`overlap-${c.id}`}>Overlap (days)</label>
                        <input
                          id={`overlap-${c.id}`}
                          name="overlapDays"
                          type="number"
                          min="0"
                          max="365"
                          value="7"
                          required
                        />
                      </div>
                      <button type="submit" class="secondary" aria-label={`Rotate to ${c.name}`}>
                        Rotate to this
                      </button>
                    </form>
                    <form method="post" action={`${action}/retire`}>
                      <CsrfField user={props.csrf} />
                      <button type="submit" class="secondary" aria-label={`Retire ${c.name}`}>
                        Retire
                      </button>
                    </form>
                  </>
                )}
              </td>
            )}
          </tr>
        );
      })}
    </Table>
  );
}

/** The warning of certificates that expire within 30 days (or have), each named; nothing when there is none. */
export function ExpiryWarning(props: {
  expiring: readonly ExpiringCertificate[];
  /** A link for a certificate (a partner's AS2 page), or none. */
  hrefOf?: (certificate: ExpiringCertificate) => string | undefined;
}) {
  if (props.expiring.length === 0) return null;
  return (
    <div class="notice bad" role="alert">
      <p>
        {props.expiring.length === 1
          ? 'A certificate expires'
          : `${props.expiring.length} certificates expire`}{' '}
        within {EXPIRY_WARNING_DAYS} days or have expired; add a new one and rotate to it:
      </p>
      <ul>
        {props.expiring.map((e) => {
          const href = props.hrefOf?.(e);
          const label = `${e.partnerId === null ? 'our key pair' : `partner ${e.partnerId}`}: ${e.name}`;
          return (
            <li>
              {href ? <a href={href}>{label}</a> : label} —{' '}
              {e.daysLeft < 0 ? 'expired' : e.daysLeft === 0 ? 'expires today' : `${e.daysLeft} days left`} (
              <When at={e.notAfter} />)
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The optional day a new key pair starts to sign (it decrypts at once). */
export function ActiveFromField(props: { problems?: readonly FieldProblem[] }) {
  return (
    <TextField
      name="activeFrom"
      label="Signs from"
      type="date"
      hint="Optional, a day (UTC): give partners its certificate first. Empty: it signs at once"
      problems={props.problems}
    />
  );
}

/** The day of an {@link ActiveFromField} (its start, UTC); undefined when empty; refused when no date. */
export function activeFromOf(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const day = new Date(`${value.trim()}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value.trim()) || Number.isNaN(day.getTime()))
    throw permanent('request.invalid', 'the start is no date', {
      details: [{ path: 'activeFrom', message: 'must be a date, YYYY-MM-DD' }],
    });
  return day;
}

/** The usage select of an upload or a generation. */
export function UsageField(props: { value?: string }) {
  return (
    <div>
      <label for="f-usage">Used for</label>
      <select id="f-usage" name="usage">
        {[
          { value: 'both', label: 'signing and encryption' },
          { value: 'sign', label: 'signing only' },
          { value: 'encrypt', label: 'encryption only' },
        ].map((o) => (
          <option value={o.value} selected={o.value === (props.value ?? 'both')}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The text of a form's PEM: the uploaded file when one was chosen, else the pasted text. */
export async function pemOfForm(body: Record<string, unknown>, file: string, text: string): Promise<string> {
  const upload = body[file];
  if (upload instanceof File && upload.size > 0) return upload.text();
  return typeof body[text] === 'string' ? (body[text] as string) : '';
}

/** The usage a form chose (both when it names none the service knows). */
export const usageOf = (value: unknown): As2Usage =>
  AS2_USAGES.includes(value as As2Usage) ? (value as As2Usage) : 'both';

/** The status of a page re-rendered with a refusal: the registry's for its code (409 for a duplicate …). */
export function refusalStatus(error: unknown): 400 | 409 | 422 {
  const status = errorCodeEntry(classifyError(error).code).http;
  return status === 400 || status === 409 ? status : 422;
}

/** A certificate's name from a form: trimmed, 1 to 200 characters (refused by the service otherwise). */
export function nameOf(value: unknown): string {
  return typeof value === 'string' ? value.trim().slice(0, 200) : '';
}

/** The overlap of a rotate form: whole days from 0 to 365 (7 when the field is not a number). */
export function overlapOf(value: unknown): number {
  const days = Number(value);
  return Number.isInteger(days) ? Math.min(Math.max(days, 0), 365) : 7;
}
