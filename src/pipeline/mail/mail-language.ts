import type { ResolvedPartner } from '../../core/connector.ts';

/**
 * The language of what we mail a partner (replies, notices): its spreadsheet mapping's `language`, else
 * English. One place, so a partner's confirmation and its invoice never speak two languages.
 */
export function mailLanguage(partner: ResolvedPartner | undefined): string {
  const mapping = partner?.mappings.spreadsheet as { language?: string } | undefined;
  return mapping?.language ?? 'en';
}
