import { createHash } from 'node:crypto';
import { z } from 'zod';
import type {
  ConnectorContext,
  DecodeInput,
  DecodeResult,
  InboundConnector,
  ResolvedPartner,
} from '../../src/core/connector.ts';
import { toGatewayErrorShape } from '../../src/core/errors.ts';
import { PartnerSettings } from '../../src/core/partner.ts';
import { wholeBytes } from '../../src/core/whole-bytes.ts';
import { ResolvedSpreadsheetMapping } from '../../src/mapping/spreadsheet-mapping.schema.ts';
import { type DecodeSpreadsheetOptions, decodeSpreadsheet } from './decode.ts';
import { readSpreadsheet } from './read.ts';

/** The spreadsheet format has nothing to configure per door: how to read a partner's sheets is its mapping. */
export const SpreadsheetConfig = z.strictObject({});
export type SpreadsheetConfig = z.infer<typeof SpreadsheetConfig>;

/**
 * The spreadsheet format connector: a CSV or XLSX order form to canonical orders, read with the partner's
 * active `spreadsheet` mapping (`ctx.partner.mappings.spreadsheet`) or the built-in default, and its settings
 * `defaultCurrency` and `badRows`. A file the readers refuse (`file.*`) or with no order table is `unusable`
 * with one error; row problems are diagnostics. Pure but for hashing: the same bytes and context give the
 * same result.
 */
export const spreadsheetConnector: InboundConnector<SpreadsheetConfig> = {
  id: 'spreadsheet',
  channel: 'csv',
  configSchema: SpreadsheetConfig,
  decode: decodeSpreadsheetMessage,
};

async function decodeSpreadsheetMessage(raw: DecodeInput, ctx: ConnectorContext): Promise<DecodeResult> {
  const bytes = await wholeBytes(raw.bytes);
  const file = raw.filename;
  const partner =
    ctx.partner ??
    (raw.partnerId === undefined && raw.sender?.includes('@')
      ? await ctx.resolvePartner({ type: 'email', value: raw.sender })
      : undefined);
  if (!partner)
    return {
      orders: [],
      diagnostics: [
        {
          severity: 'error',
          code: 'email.sender_unknown',
          message: 'the spreadsheet comes from no known partner, so it cannot become an order',
          ...(file ? { file } : {}),
        },
      ],
      unusable: true,
    };
  const mapping = activeMapping(partner);
  const settings = SpreadsheetSettings.safeParse(partner.settings);
  const options: DecodeSpreadsheetOptions = {
    ...(file ? { fileName: file } : {}),
    partnerId: partner.id,
    channel: raw.channel === 'email' ? 'email' : 'csv',
    ...(mapping ? { mapping } : {}),
    settings: {
      defaultCurrency: (settings.success && settings.data.defaultCurrency) || 'USD',
      badRows: (settings.success && settings.data.badRows) || 'reject-file',
    },
    messageId: ctx.messageId,
    newId: () => ctx.newId(),
    now: () => ctx.now(),
    fileSha256: createHash('sha256').update(bytes).digest('hex'),
  };
  try {
    const sheets = await readSpreadsheet(
      {
        bytes,
        ...(file ? { filename: file } : {}),
        ...(raw.contentType ? { contentType: raw.contentType } : {}),
      },
      mapping?.mapping.sheet !== undefined ? { sheet: mapping.mapping.sheet } : {},
    );
    const result = await decodeSpreadsheet(sheets, options);
    return {
      orders: result.orders,
      diagnostics: result.problems,
      ...(result.unusable ? { unusable: true as const } : {}),
      counts: {
        orders: result.orders.length,
        mappingVersion: result.mapping === 'default' ? 0 : result.mapping.version,
      },
    };
  } catch (error) {
    // what the readers refuse is told to the sender (file.*); anything else is the gateway's failure
    const shape = toGatewayErrorShape(error);
    if (!shape.code.startsWith('file.')) throw error;
    return {
      orders: [],
      diagnostics: [
        { severity: 'error', code: shape.code, message: shape.message, ...(file ? { file } : {}) },
      ],
      unusable: true,
    };
  }
}

const SpreadsheetSettings = PartnerSettings.pick({ defaultCurrency: true, badRows: true });

/**
 * The partner's active spreadsheet mapping: `ResolvedPartner.mappings` holds the resolved mapping or the
 * loader's version record around it. Validated here (house rule 4); one that is not valid is not trusted and
 * the default reads the file.
 */
function activeMapping(partner: ResolvedPartner): DecodeSpreadsheetOptions['mapping'] {
  const value = partner.mappings.spreadsheet;
  if (value === null || typeof value !== 'object') return undefined;
  const inner = 'mapping' in value ? value.mapping : value;
  const parsed = ResolvedSpreadsheetMapping.safeParse(inner);
  return parsed.success ? { version: parsed.data.version, mapping: parsed.data } : undefined;
}
