/** Sends one plain-text mail to one address. */
export type SystemMailer = (mail: { to: string; subject: string; text: string }) => Promise<void>;

/**
 * The gateway's own mail (the portal's sign-in codes) through the server of ORDERGATE_SMTP_URL: one connection
 * per mail, closed afterwards (a handful of mails an hour needs no pool). nodemailer is loaded by the first mail.
 */
export function systemMailer(settings: { url: string; from: string }): SystemMailer {
  return async (mail) => {
    const { createTransport } = await import('nodemailer');
    // the URL's own query may set options (`?secure=true`); timeouts bound a server that does not answer
    const url = new URL(settings.url);
    for (const [key, value] of [
      ['connectionTimeout', '30000'],
      ['greetingTimeout', '30000'],
      ['socketTimeout', '30000'],
    ] as const)
      if (!url.searchParams.has(key)) url.searchParams.set(key, value);
    const transporter = createTransport(url.toString());
    try {
      await transporter.sendMail({
        from: settings.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    } finally {
      transporter.close();
    }
  };
}
