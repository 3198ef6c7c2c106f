import type { Child } from 'hono/jsx';
import type { PortalSessionUser } from '../../services/portal/partner-sessions.ts';
import { Shell } from '../layout.tsx';

/** The portal's sections, in the order the navigation lists them: only areas that exist (no link to a 404). */
export const PORTAL_SECTIONS: readonly { href: string; label: string }[] = [
  { href: '/portal/orders', label: 'Orders' },
  { href: '/portal/invoices', label: 'Invoices' },
];

function currentSection(path: string): string | undefined {
  return PORTAL_SECTIONS.find((s) => path === s.href || path.startsWith(`${s.href}/`))?.href;
}

export interface PortalPageProps {
  title: string;
  user: PortalSessionUser;
  /** The request path, to mark the current section. */
  path: string;
  version: string;
  children?: Child;
}

/**
 * A signed-in portal page: the console's look (console.css, one `<h1>`), the portal's navigation, the partner
 * user and sign-out. Forms carry `<CsrfField user={user} />`.
 */
export function PortalPage(props: PortalPageProps) {
  return (
    <Shell
      title={props.title}
      version={props.version}
      area="Portal"
      brand={{ href: '/portal/orders', label: 'ordergate portal' }}
      sections={PORTAL_SECTIONS}
      current={currentSection(props.path)}
      who={`${props.user.name ? `${props.user.name} · ` : ''}${props.user.email} (${props.user.partnerId})`}
      csrfToken={props.user.csrfToken}
      signOutAction="/portal/sign-out"
    >
      {props.children}
    </Shell>
  );
}
