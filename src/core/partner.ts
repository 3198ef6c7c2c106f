import { z } from 'zod';
import { CurrencyCode } from './primitives.ts';
import { WholesaleSettings, wholesaleDefaults } from './wholesale-settings.ts';

/** ISA05/ISA07 interchange ID qualifier: an ID element of exactly two characters (01, 12, 14, ZZ …). */
const X12_QUALIFIER = /^[A-Z0-9]{2}$/;
/** ISA06/ISA08 are AN 15/15 (space-padded), GS02/GS03 AN 2/15: an ID never has more than 15 characters. */
const X12_ID_MAX = 15;
/**
 * Characters an X12 ID may hold: letters, digits, spaces and the special characters of the basic and extended
 * character sets (X12.6), less those interchanges commonly use as delimiters (element `*` `|` `!`, segment
 * `~`, component `:` `>` `<` `\`, repetition `^` `{`), which the partner could not send inside an ID and
 * the ISA reader would split on. Nothing outside ASCII and no control characters: X12 has none.
 */
const X12_ID = /^[A-Za-z0-9 &'()+,\-./;?=%@_#$"]+$/;

/**
 * How a partner is recognised: an X12 qualifier/ID pair, an e-mail address, an AS2 name … An `x12`
 * identifier is bounded as the ISA carries it (qualifier of 2, ID of up to 15 characters); the other types
 * take a qualifier of up to 4 and a value of up to 254 characters (an e-mail address).
 */
export const PartnerIdentifier = z
  .object({
    type: z.enum(['x12', 'email', 'as2', 'cxml', 'domain']),
    qualifier: z.string().trim().max(4).optional(),
    value: z.string().trim().min(1).max(254),
  })
  .superRefine((identifier, ctx) => {
    if (identifier.type !== 'x12') return;
    const { qualifier, value } = identifier;
    if (qualifier !== undefined && !X12_QUALIFIER.test(qualifier))
      ctx.addIssue({
        code: 'custom',
        path: ['qualifier'],
        message: 'an X12 qualifier (ISA05/ISA07) is two upper-case letters or digits, such as ZZ, 01 or 12',
      });
    if (value.length > X12_ID_MAX)
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `an X12 ID (ISA06/ISA08) has at most ${X12_ID_MAX} characters`,
      });
    else if (!X12_ID.test(value))
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: 'an X12 ID holds letters, digits, spaces and . - _ / & ( ) , \' + # @ ; ? = % $ " only',
      });
  });
export type PartnerIdentifier = z.infer<typeof PartnerIdentifier>;

/** An identifier as stored: no qualifier is '', the value normalised (upper-cased). */
export interface StoredIdentifier {
  type: string;
  qualifier: string;
  value: string;
}

/**
 * Whether two stored identifiers can match the same sender, so that they must not belong to two partners.
 * An X12 identifier without a qualifier matches its ID under any ISA05 qualifier, so it overlaps every X12
 * identifier with that ID; identifiers of other types, and qualified X12 ones, overlap only when equal.
 */
export function identifiersOverlap(a: StoredIdentifier, b: StoredIdentifier): boolean {
  if (a.type !== b.type || a.value !== b.value) return false;
  return a.qualifier === b.qualifier || (a.type === 'x12' && (a.qualifier === '' || b.qualifier === ''));
}

/**
 * The partner whose stored identifiers recognise a sender of `type` with `qualifier`/`value` (an X12 ISA05/
 * ISA06), or undefined. Values compare case-insensitively (stored upper-cased); an identifier stored without a
 * qualifier matches any qualifier, one with a qualifier only that one, and an exact qualifier wins over a
 * qualifier-less identifier of another partner (such overlaps are refused when identifiers are saved, see
 * {@link identifiersOverlap}, so only rows stored before that can hold both). The one sender matcher: the
 * pipeline applies it to the rows the database found for the value, `ordergate translate` to the partners of
 * the mappings folder.
 */
export function matchSender(
  identifiers: readonly (StoredIdentifier & { partnerId: string })[],
  sender: { type: string; qualifier: string; value: string },
): string | undefined {
  const value = sender.value.trim().toUpperCase();
  const qualifier = sender.qualifier.trim();
  const candidates = identifiers.filter(
    (i) =>
      i.type === sender.type &&
      i.value.toUpperCase() === value &&
      (i.qualifier === '' || i.qualifier === qualifier),
  );
  return (candidates.find((i) => i.qualifier !== '') ?? candidates[0])?.partnerId;
}

/** An identifier as people write it: `x12 ZZ/HARBORPINE`, `x12 HARBORPINE` (any qualifier), `email …`. */
export function showIdentifier(i: StoredIdentifier): string {
  return `${i.type} ${i.qualifier ? `${i.qualifier}/` : ''}${i.value}`;
}

/** One X12 delimiter: a single character that cannot occur in codes or numbers (no letter, digit or space). */
const Delimiter = z
  .string()
  .length(1, 'must be one character')
  .refine((c) => !/[A-Za-z0-9 ]/.test(c), 'must not be a letter, a digit or a space');

/** ISA delimiters: element separator, segment terminator, ISA16 component and ISA11 repetition separators. */
export const X12Delimiters = z
  .strictObject({
    element: Delimiter,
    segment: Delimiter,
    component: Delimiter,
    /** 00501 and later only (ISA11); older versions write the standards identifier U there. */
    repetition: Delimiter.optional(),
  })
  .refine((d) => new Set(Object.values(d)).size === Object.values(d).length, 'delimiters must differ');

/**
 * An AS2 name (RFC 4130 §6.2, AS2-From and AS2-To): 1 to 128 printable ASCII characters; one with spaces is
 * quoted in the header, so a quote or backslash is refused.
 */
export const As2Name = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII')
  .refine((name) => !/["\\]/.test(name), 'must not hold a quote or a backslash')
  .refine((name) => name.trim() === name, 'must not start or end with a space');

/** The trading agreement's knobs. Absent keys take the defaults of {@link partnerSettingsDefaults}. */
export const PartnerSettings = z.object({
  /** Functional acknowledgment for X12 groups; '999' is also used whenever GS08 is a 005010X… version. */
  ack: z.enum(['997', '999', 'none']).optional(),
  /** Send an 855 when an order is routed. */
  send855: z.boolean().optional(),
  /** Hold every order for a person's review instead of accepting it. */
  holdForReview: z.boolean().optional(),
  defaultCurrency: CurrencyCode.optional(),
  /** An interchange whose (sender, receiver, ISA13) was seen within this many days is a duplicate. */
  duplicateWindowDays: z.number().int().min(0).max(3650).optional(),
  /** What to answer a duplicate interchange with: a TA1 with note 025, or the original 997/999 again. */
  duplicatePolicy: z.enum(['ta1', 'resend-ack']).optional(),
  /** ISA15 usage indicator for documents we send. */
  usage: z.enum(['P', 'T']).optional(),
  /** Hours the partner has to answer an 855/856/810 with a 997/999 before it shows as overdue. */
  ackDeadlineHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .optional(),
  /** Send an 810 for what each 856 ships, as soon as the 856 is requested (invoice number = the shipment id). */
  invoiceOnShipment: z.boolean().optional(),
  /** The HL hierarchy of the 856s we send: shipment-order-item, -pack-item, or -tare-pack-item (pallets). */
  asnShape: z.enum(['SOI', 'SOPI', 'SOTPI']).optional(),
  /**
   * How the documents we send reach the partner: a registered delivery transport (http-post, folder-out,
   * sftp, smtp) and its configuration, checked against the transport's own schema when the partner is saved.
   * Without it the partner pulls its documents (`GET /v1/messages?direction=outbound`).
   */
  delivery: z.object({ transport: z.string().min(1), config: z.record(z.string(), z.unknown()) }).optional(),
  /** GS08 of the documents we send (855, 856, 810). */
  x12Version: z.enum(['004010', '005010']).optional(),
  /**
   * The delimiters of the interchanges we send (855, 856, 810), as the partner's guide asks; default `*`
   * element, `~` segment, `>` component and, in 005010, `^` repetition.
   */
  x12Delimiters: X12Delimiters.optional(),
  /**
   * How a mail is proved to come from this partner (a From header is easy to forge): `dmarc` (the mail
   * passes DMARC alignment for its From domain), `secret-address` (it was sent to `emailSecretAddress`), or
   * `none` (the From address is trusted as it is: an explicit opt-out).
   */
  emailAuth: z.enum(['dmarc', 'secret-address', 'none']).optional(),
  /** The partner's own plus-address for `emailAuth: secret-address`, e.g. `orders+k7x2q9@supplier.example`. */
  emailSecretAddress: z.email().max(254).optional(),
  /**
   * What a spreadsheet with bad rows does: `reject-file` takes none of its orders and names every bad row;
   * `accept-good-rows` takes the good rows and reports the bad ones.
   */
  badRows: z.enum(['reject-file', 'accept-good-rows']).optional(),
  /**
   * What the partner's AS2 messages must be (the partner is recognised by an `as2` identifier, its AS2-From):
   * `ourId` is the AS2-To it must address (any when unset); an unsigned or unencrypted message is answered
   * `insufficient-message-security` unless allowed here. How we send is the `as2` delivery transport's config.
   */
  as2: z
    .strictObject({
      ourId: As2Name.optional(),
      requireSigned: z.boolean().default(true),
      requireEncrypted: z.boolean().default(true),
    })
    .optional(),
  ...WholesaleSettings.shape,
});
export type PartnerSettings = z.infer<typeof PartnerSettings>;

/** Settings without a default: absent means "none" (no delivery: the partner pulls; no credit limit …). */
type WithoutDefault =
  | 'delivery'
  | 'as2'
  | 'x12Delimiters'
  | 'emailSecretAddress'
  | 'creditLimit'
  | 'approvalThreshold'
  | 'quantityRule'
  | 'responseDeadlineHours'
  | 'exceptionSlaHours'
  | 'exceptionOwner'
  | 'warehouses';

/** Every setting with its default; those of {@link WithoutDefault} have none. */
export type ResolvedPartnerSettings = Required<Omit<PartnerSettings, WithoutDefault>> &
  Pick<PartnerSettings, WithoutDefault>;

/** Defaults by channel: an X12 partner gets 997s and 855s (DESIGN §5). */
export function partnerSettingsDefaults(identifiers: readonly { type: string }[]): ResolvedPartnerSettings {
  const x12 = identifiers.some((i) => i.type === 'x12');
  return {
    ack: x12 ? '997' : 'none',
    send855: x12,
    holdForReview: false,
    defaultCurrency: 'USD',
    duplicateWindowDays: 30,
    duplicatePolicy: 'ta1',
    usage: 'P',
    x12Version: '004010',
    ackDeadlineHours: 24,
    asnShape: 'SOPI',
    invoiceOnShipment: false,
    emailAuth: 'dmarc',
    badRows: 'reject-file',
    ...wholesaleDefaults,
  };
}

/** A partner as an admin creates it (`POST /v1/partners`, partner.yaml). */
export const PartnerInput = z.object({
  id: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{0,62}$/,
      'must be lower-case letters, digits and dashes, starting with a letter or digit',
    ),
  name: z.string().trim().min(1).max(200),
  identifiers: z.array(PartnerIdentifier).default([]),
  settings: PartnerSettings.default({}),
});
export type PartnerInput = z.infer<typeof PartnerInput>;

/**
 * Delivery config keys that hold credentials: sealed at rest, never shown back once saved. `headers` (http-post's
 * extra headers) is sealed whole: it exists to carry a partner's API key, under any header name.
 */
const SECRET_CONFIG_KEY = /secret|password|pass$|privatekey|passphrase|token|auth|^headers$/i;

/** Delivery config keys that hold a URL (http-post's `url`): see {@link urlHasCredentials}. */
const URL_CONFIG_KEY = /url$/i;

/** Whether a `settings.delivery.config` key holds a credential (`password`, `privateKey`, `secret`, `auth` …). */
export function isSecretConfigKey(key: string): boolean {
  return SECRET_CONFIG_KEY.test(key);
}

/** Whether a `settings.delivery.config` key holds a URL whose userinfo and query are credentials. */
export function isUrlConfigKey(key: string): boolean {
  return URL_CONFIG_KEY.test(key) && !isSecretConfigKey(key);
}

/**
 * Whether a URL carries credentials: userinfo (`https://user:pass@host/…`), a query (`?token=…`) or a fragment.
 * Text that is not a URL counts as one, since what it holds is unknown.
 */
export function urlHasCredentials(url: string): boolean {
  if (!URL.canParse(url)) return true;
  const u = new URL(url);
  return u.username !== '' || u.password !== '' || u.search !== '' || u.hash !== '';
}

/**
 * The URL as operators and logs may see it: scheme, host, port and path, with any userinfo, query and fragment
 * replaced by `[redacted]` (`https://[redacted]@partner.example/edi?[redacted]`); "[redacted]" when not a URL.
 */
export function redactUrl(url: string): string {
  if (!URL.canParse(url)) return '[redacted]';
  const u = new URL(url);
  const userinfo = u.username !== '' || u.password !== '' ? '[redacted]@' : '';
  const query = u.search !== '' ? '?[redacted]' : '';
  const fragment = u.hash !== '' ? '#[redacted]' : '';
  return `${u.protocol}//${userinfo}${u.host}${u.pathname}${query}${fragment}`;
}

/**
 * A delivery URL with credentials as it is stored: `sealed` holds the whole URL (sealed like any credential),
 * `shown` its {@link redactUrl} form, so operators still see where documents go.
 */
export interface StoredSecretUrl {
  shown: string;
  sealed: string;
}

/** Whether a stored delivery config value is a {@link StoredSecretUrl}. */
export function isStoredSecretUrl(value: unknown): value is StoredSecretUrl {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as StoredSecretUrl).shown === 'string' &&
    typeof (value as StoredSecretUrl).sealed === 'string'
  );
}

/**
 * Whether a `settings.delivery.config` value given in clear is a credential: any value of a secret key, and a
 * URL with userinfo, a query or a fragment under a URL key.
 */
export function isDeliveryCredential(key: string, value: unknown): boolean {
  return (
    isSecretConfigKey(key) || (isUrlConfigKey(key) && typeof value === 'string' && urlHasCredentials(value))
  );
}

/**
 * The settings with every credential of `delivery.config` given in clear (see {@link isDeliveryCredential})
 * replaced by `replace(value, key)`; everything else, and settings without a delivery config, are unchanged.
 */
export function mapDeliverySecrets<T extends Record<string, unknown>>(
  settings: T,
  replace: (value: unknown, key: string) => unknown,
): T {
  return mapDeliveryConfig(settings, (value, key) =>
    isDeliveryCredential(key, value) ? replace(value, key) : value,
  );
}

/** The settings with every value of `delivery.config` replaced by `replace(value, key)`; others unchanged. */
export function mapDeliveryConfig<T extends Record<string, unknown>>(
  settings: T,
  replace: (value: unknown, key: string) => unknown,
): T {
  const delivery = settings.delivery as { config?: Record<string, unknown> } | undefined;
  if (!delivery?.config) return settings;
  const config = Object.fromEntries(
    Object.entries(delivery.config).map(([key, value]) => [key, replace(value, key)]),
  );
  return { ...settings, delivery: { ...delivery, config } };
}

/**
 * The settings as an admin may see them again (API answers, audit events), stored or in clear alike: credentials
 * are "[redacted]", a URL with credentials shows as {@link redactUrl} makes it.
 */
export function redactSettings<T extends Record<string, unknown>>(settings: T): T {
  return mapDeliveryConfig(settings, (value, key) => {
    if (isSecretConfigKey(key)) return '[redacted]';
    if (!isUrlConfigKey(key)) return value;
    if (isStoredSecretUrl(value)) return value.shown;
    return isDeliveryCredential(key, value) ? redactUrl(value as string) : value;
  });
}
