import { secureHeaders } from 'hono/secure-headers';

/**
 * Headers every answer carries (the JSON API now, the console's pages later): no MIME sniffing, no referrer,
 * never framed, and a content security policy that lets a response load and run nothing. A route that serves
 * something else (a page with its own scripts, a partner's raw bytes) sets its own Content-Security-Policy,
 * which is kept.
 */
export const securityHeaders = secureHeaders({
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  xContentTypeOptions: true,
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  crossOriginResourcePolicy: 'same-origin',
  overwrite: false,
});
