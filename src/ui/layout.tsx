import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { type Role, roleAllows } from '../core/user.ts';
import type { SessionUser } from '../services/users/sessions.ts';
import { assetUrl } from './assets.ts';

/** Standards mode for every page. */
export const DOCTYPE = raw('<!DOCTYPE html>');

/** The console's sections, in the order the navigation lists them; `role` is the least role that sees one. */
export const SECTIONS: readonly { href: string; label: string; role: Role }[] = [
  { href: '/admin', label: 'Dashboard', role: 'viewer' },
  { href: '/admin/messages', label: 'Messages', role: 'viewer' },
  { href: '/admin/orders', label: 'Orders', role: 'viewer' },
  { href: '/admin/exceptions', label: 'Exceptions', role: 'viewer' },
  { href: '/admin/partners', label: 'Partners', role: 'viewer' },
  { href: '/admin/as2-keys', label: 'AS2 keys', role: 'viewer' },
  { href: '/admin/connectors', label: 'Connectors', role: 'viewer' },
  { href: '/admin/mappings', label: 'Mappings', role: 'viewer' },
  { href: '/admin/products', label: 'Master data', role: 'viewer' },
  { href: '/admin/jobs', label: 'Dead letters', role: 'viewer' },
  { href: '/admin/users', label: 'Users', role: 'admin' },
];

/** The section a path belongs to: the longest section prefix (the dashboard only for /admin itself). */
function currentSection(path: string): string | undefined {
  return SECTIONS.filter((s) =>
    s.href === '/admin' ? path === '/admin' : path === s.href || path.startsWith(`${s.href}/`),
  ).sort((a, b) => b.href.length - a.href.length)[0]?.href;
}

/** The head every page shares: the stylesheet, htmx (an enhancement only), and htmx told not to inject styles (CSP). */
export function Head(props: { title: string; version: string }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta
        name="htmx-config"
        content='{"includeIndicatorStyles":false,"allowScriptTags":false,"allowEval":false}'
      />
      <title>{`${props.title} · ordergate`}</title>
      {/* no favicon request (it would be a 404 on every page) */}
      <link rel="icon" href="data:," />
      <link rel="stylesheet" href={assetUrl('console.css', props.version)} />
      <script src={assetUrl('htmx.min.js', props.version)} defer />
    </head>
  );
}

/** The CSRF token's hidden field: every form of a signed-in page (console or portal) carries it. */
export function CsrfField(props: { user: { csrfToken: string } }) {
  return <input type="hidden" name="_csrf" value={props.user.csrfToken} />;
}

export interface PageProps {
  title: string;
  user: SessionUser;
  /** The request path, to mark the current section. */
  path: string;
  version: string;
  children?: Child;
}

/** What a signed-in shell shows around the content: the console's and the portal's pages differ only in it. */
export interface ShellProps {
  title: string;
  version: string;
  /** The navigation's accessible name ("Console", "Portal"). */
  area: string;
  brand: { href: string; label: string };
  sections: readonly { href: string; label: string }[];
  /** The href of the section the page belongs to, marked `aria-current`. */
  current: string | undefined;
  /** Who is signed in, as the navigation shows it. */
  who: Child;
  csrfToken: string;
  signOutAction: string;
  children?: Child;
}

/**
 * A signed-in page's frame: navigation, the user and sign-out, and the content under the one `<h1>`. htmx
 * requests of the page send the CSRF token in a header (`hx-headers` on the body).
 */
export function Shell(props: ShellProps) {
  return (
    <>
      {DOCTYPE}
      <html lang="en">
        <Head title={props.title} version={props.version} />
        <body hx-headers={JSON.stringify({ 'X-CSRF-Token': props.csrfToken })}>
          <a class="skip" href="#content">
            Skip to content
          </a>
          <div class="shell">
            <nav class="nav" aria-label={props.area}>
              <a class="brand" href={props.brand.href}>
                {props.brand.label}
              </a>
              <ul>
                {props.sections.map((s) => (
                  <li>
                    <a href={s.href} aria-current={s.href === props.current ? 'page' : undefined}>
                      {s.label}
                    </a>
                  </li>
                ))}
              </ul>
              <p class="who">{props.who}</p>
              <form method="post" action={props.signOutAction}>
                <CsrfField user={{ csrfToken: props.csrfToken }} />
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

/** A signed-in console page: the sections the user's role may see. */
export function Page(props: PageProps) {
  return (
    <Shell
      title={props.title}
      version={props.version}
      area="Console"
      brand={{ href: '/admin', label: 'ordergate' }}
      sections={SECTIONS.filter((s) => roleAllows(props.user.role, s.role))}
      current={currentSection(props.path)}
      who={
        <>
          <a href="/admin/account">{props.user.email}</a> ({props.user.role})
        </>
      }
      csrfToken={props.user.csrfToken}
      signOutAction="/admin/sign-out"
    >
      {props.children}
    </Shell>
  );
}

/** A page without navigation: sign-in, a sign-in link, an error before sign-in. */
export function BarePage(props: { title: string; version: string; children?: Child }) {
  return (
    <>
      {DOCTYPE}
      <html lang="en">
        <Head title={props.title} version={props.version} />
        <body>
          <main id="content" class="sign-in">
            <h1>{props.title}</h1>
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}
