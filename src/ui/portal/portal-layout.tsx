import type { Child } from 'hono/jsx';
import type { PortalSessionUser } from '../../services/portal/partner-sessions.ts';
import { CsrfField, DOCTYPE, Head } from '../layout.tsx';

/** The portal's sections, in the order the navigation lists them. */
export const PORTAL_SECTIONS: readonly { href: string; label: string }[] = [
  { href: '/portal/catalog', label: 'Catalog' },
  { href: '/portal/cart', label: 'Cart' },
  { href: '/portal/orders', label: 'Orders' },
  { href: '/portal/invoices', label: 'Invoices' },
  { href: '/portal/upload', label: 'Upload' },
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
 * user and sign-out. htmx requests send the CSRF token in a header (`hx-headers` on the body), forms carry
 * `<CsrfField user={user} />`.
 */
export function PortalPage(props: PortalPageProps) {
  const current = currentSection(props.path);
  return (
    <>
      {DOCTYPE}
      <html lang="en">
        <Head title={props.title} version={props.version} />
        <body hx-headers={JSON.stringify({ 'X-CSRF-Token': props.user.csrfToken })}>
          <a class="skip" href="#content">
            Skip to content
          </a>
          <div class="shell">
            <nav class="nav" aria-label="Portal">
              <a class="brand" href="/portal/orders">
                ordergate portal
              </a>
              <ul>
                {PORTAL_SECTIONS.map((s) => (
                  <li>
                    <a href={s.href} aria-current={s.href === current ? 'page' : undefined}>
                      {s.label}
                    </a>
                  </li>
                ))}
              </ul>
              <p class="who">
                {props.user.name ? `${props.user.name} · ` : ''}
                {props.user.email} ({props.user.partnerId})
              </p>
              <form method="post" action="/portal/sign-out">
                <CsrfField user={props.user} />
                <button type="submit" class="secondary">
                  Sign out
                </button>
              </form>
            </nav>
            <main id="content" tabindex={-1}>
              <h1>{props.title}</h1>
              {props.children}
            </main>
          </div>
        </body>
      </html>
    </>
  );
}
