import { MappingDocument } from '../../../mapping/mapping-file.ts';
import type { MappingVersionSummary } from '../../../services/mapping-studio/mapping-versions.ts';
import type { SessionUser } from '../../../services/users/sessions.ts';
import { Badge, Table, When } from '../../components/list.tsx';
import { CsrfField } from '../../layout.tsx';

const TONE = { active: 'ok', draft: 'warn', retired: 'muted' } as const;

/** The base path of a partner's document in the studio. */
export const documentPath = (partnerId: string, document: string) =>
  `/admin/mappings/${encodeURIComponent(partnerId)}/${document}`;

/**
 * A partner's mapping versions per document type with their status, and per type the ways to a new draft:
 * a copy of the active version, the YAML editor, and for spreadsheets the column matcher.
 */
export function PartnerMappings(props: {
  partnerId: string;
  versions: readonly MappingVersionSummary[];
  user: SessionUser;
  canChange: boolean;
}) {
  const byDocument = MappingDocument.options.map((document) => ({
    document,
    versions: props.versions.filter((v) => v.document === document),
  }));
  return (
    <>
      {byDocument.map(({ document, versions }) => {
        const base = documentPath(props.partnerId, document);
        const active = versions.find((v) => v.status === 'active');
        return (
          <section class="card" aria-labelledby={`doc-${document}`}>
            <h2 id={`doc-${document}`}>{document === 'spreadsheet' ? 'Spreadsheets' : `X12 ${document}`}</h2>
            <Table
              caption={`${document} versions`}
              head={['Version', 'Status', 'Created by', 'Created', 'Activated']}
              rows={versions.length}
              empty="No version stored: the built-in default is used."
            >
              {versions.map((v) => (
                <tr>
                  <td>
                    <a href={`${base}/${v.version}`}>v{v.version}</a>
                  </td>
                  <td>
                    <Badge tone={TONE[v.status]}>{v.status}</Badge>
                  </td>
                  <td>{v.createdBy ?? 'mappings folder'}</td>
                  <td>
                    <When at={v.createdAt} />
                  </td>
                  <td>
                    <When at={v.activatedAt} />
                  </td>
                </tr>
              ))}
            </Table>
            {props.canChange && (
              <div class="inline">
                {active && (
                  <form method="post" action={`${base}/drafts`}>
                    <CsrfField user={props.user} />
                    <input type="hidden" name="fromVersion" value={String(active.version)} />
                    <button type="submit">New draft from v{active.version}</button>
                  </form>
                )}
                <a class="button secondary" href={`${base}/new`}>
                  New draft in the YAML editor
                </a>
                {document === 'spreadsheet' && (
                  <a class="button secondary" href={`${base}/matcher`}>
                    Column matcher
                  </a>
                )}
              </div>
            )}
          </section>
        );
      })}
    </>
  );
}
