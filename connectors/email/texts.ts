/**
 * The words of the mails we write, per language: replies to order mails and the notices carrying an 855, 856
 * or 810 as CSV. A partner's mapping names its language; one this table does not know gets English. The
 * findings themselves (a row's reason) are written by the readers, in English, and quoted as they are.
 */
export interface MailTexts {
  replySubjectFallback: string;
  greeting: string;
  confirmationIntro: string;
  order: (po: string, lines: number, quantity: string, amount: string | undefined) => string;
  badRowsIntro: string;
  rejectionIntro: (subject: string) => string;
  rejectionOutro: string;
  heldIntro: (subject: string) => string;
  more: (count: number) => string;
  where: { file: string; sheet: string; row: string; column: string };
  /** What the sender can do about a finding, by its code; `row` is the row it names. */
  hints: Partial<Record<string, (row: number | undefined) => string>>;
  automatic: string;
  ackSummary: (po: string, status: string, lines: number, changed: number, rejected: number) => string;
  ackStatus: Record<'accepted' | 'accepted_with_changes' | 'rejected', string>;
  shipmentSummary: (pos: string, date: string, packs: number, quantity: string) => string;
  carrier: (carrier: string, tracking: string | undefined) => string;
  invoiceSummary: (invoice: string, date: string, po: string, lines: number, total: string) => string;
  noticeSubject: Record<'855' | '856' | '810', (reference: string) => string>;
  csvAttached: string;
  /** The notice's files when a PDF goes with the CSV. */
  pdfAndCsvAttached: string;
}

const rowSuffix = (row: number | undefined, word: string) => (row === undefined ? '' : ` ${word} ${row}`);

const en: MailTexts = {
  replySubjectFallback: 'your order mail',
  greeting: 'Hello,',
  confirmationIntro: 'thank you for your order. We have read:',
  order: (po, lines, quantity, amount) =>
    `PO ${po}: ${lines} line${lines === 1 ? '' : 's'}, total quantity ${quantity}${amount ? `, total amount ${amount}` : ''}`,
  badRowsIntro: 'These rows could not be read and were left out:',
  rejectionIntro: (subject) => `we could not take an order from your mail "${subject}". Nothing was entered.`,
  rejectionOutro: 'Please correct this and send the order again.',
  heldIntro: (subject) =>
    `we have received your mail "${subject}". A person will look at it and come back to you if needed.`,
  more: (count) => `… and ${count} more`,
  where: { file: 'file', sheet: 'sheet', row: 'row', column: 'column' },
  hints: {
    'file.unreadable': () => 'save the file as .xlsx or .csv',
    'file.no_header': () => 'add a header row naming the columns (item number, quantity)',
    'row.quantity_invalid': (row) => `add a quantity greater than zero${rowSuffix(row, 'in row')}`,
    'row.item_missing': (row) => `add an item number (SKU or GTIN)${rowSuffix(row, 'in row')}`,
    'row.price_invalid': (row) => `correct the unit price${rowSuffix(row, 'in row')}`,
    'email.attachment_unsupported': () => 'save it as .xlsx or .csv',
    'email.no_order_attachment': () => 'attach the order as an .xlsx, .csv or X12 file',
    'email.attachment_too_large': () => 'send a smaller file, or split the order over several mails',
    'email.too_many_attachments': () => 'send fewer files in one mail',
  },
  automatic: 'This message was written automatically.',
  ackSummary: (po, status, lines, changed, rejected) =>
    `Order acknowledgment for PO ${po}: ${status}. ${lines} lines, ${changed} changed, ${rejected} rejected.`,
  ackStatus: { accepted: 'accepted', accepted_with_changes: 'accepted with changes', rejected: 'rejected' },
  shipmentSummary: (pos, date, packs, quantity) =>
    `Ship notice for PO ${pos}: shipped ${date}, ${packs} package${packs === 1 ? '' : 's'}, total quantity ${quantity}.`,
  carrier: (carrier, tracking) => `Carrier ${carrier}${tracking ? `, tracking number ${tracking}` : ''}.`,
  invoiceSummary: (invoice, date, po, lines, total) =>
    `Invoice ${invoice} of ${date} for PO ${po}: ${lines} line${lines === 1 ? '' : 's'}, total ${total}.`,
  noticeSubject: {
    '855': (ref) => `Order acknowledgment ${ref}`,
    '856': (ref) => `Ship notice ${ref}`,
    '810': (ref) => `Invoice ${ref}`,
  },
  csvAttached: 'The details are attached as a CSV file.',
  pdfAndCsvAttached: 'The document is attached as a PDF, its details as a CSV file.',
};

const de: MailTexts = {
  replySubjectFallback: 'Ihre Bestellung',
  greeting: 'Guten Tag,',
  confirmationIntro: 'vielen Dank für Ihre Bestellung. Wir haben gelesen:',
  order: (po, lines, quantity, amount) =>
    `Bestellung ${po}: ${lines} Position${lines === 1 ? '' : 'en'}, Gesamtmenge ${quantity}${amount ? `, Gesamtbetrag ${amount}` : ''}`,
  badRowsIntro: 'Diese Zeilen konnten wir nicht lesen; sie wurden nicht übernommen:',
  rejectionIntro: (subject) =>
    `aus Ihrer Mail „${subject}“ konnten wir keine Bestellung übernehmen. Es wurde nichts erfasst.`,
  rejectionOutro: 'Bitte korrigieren Sie das und senden Sie die Bestellung erneut.',
  heldIntro: (subject) =>
    `wir haben Ihre Mail „${subject}“ erhalten. Ein Mitarbeiter sieht sie sich an und meldet sich bei Bedarf.`,
  more: (count) => `… und ${count} weitere`,
  where: { file: 'Datei', sheet: 'Blatt', row: 'Zeile', column: 'Spalte' },
  hints: {
    'file.unreadable': () => 'speichern Sie die Datei als .xlsx oder .csv',
    'file.no_header': () => 'fügen Sie eine Kopfzeile mit den Spaltennamen hinzu (Artikelnummer, Menge)',
    'row.quantity_invalid': (row) => `tragen Sie eine Menge größer null ein${rowSuffix(row, 'in Zeile')}`,
    'row.item_missing': (row) =>
      `tragen Sie eine Artikelnummer (SKU oder GTIN) ein${rowSuffix(row, 'in Zeile')}`,
    'row.price_invalid': (row) => `korrigieren Sie den Stückpreis${rowSuffix(row, 'in Zeile')}`,
    'email.attachment_unsupported': () => 'speichern Sie sie als .xlsx oder .csv',
    'email.no_order_attachment': () => 'hängen Sie die Bestellung als .xlsx-, .csv- oder X12-Datei an',
    'email.attachment_too_large': () => 'senden Sie eine kleinere Datei oder teilen Sie die Bestellung auf',
    'email.too_many_attachments': () => 'senden Sie weniger Dateien in einer Mail',
  },
  automatic: 'Diese Nachricht wurde automatisch erstellt.',
  ackSummary: (po, status, lines, changed, rejected) =>
    `Auftragsbestätigung zu Bestellung ${po}: ${status}. ${lines} Positionen, ${changed} geändert, ${rejected} abgelehnt.`,
  ackStatus: {
    accepted: 'angenommen',
    accepted_with_changes: 'mit Änderungen angenommen',
    rejected: 'abgelehnt',
  },
  shipmentSummary: (pos, date, packs, quantity) =>
    `Lieferavis zu Bestellung ${pos}: versandt am ${date}, ${packs} Packstück${packs === 1 ? '' : 'e'}, Gesamtmenge ${quantity}.`,
  carrier: (carrier, tracking) => `Spediteur ${carrier}${tracking ? `, Sendungsnummer ${tracking}` : ''}.`,
  invoiceSummary: (invoice, date, po, lines, total) =>
    `Rechnung ${invoice} vom ${date} zu Bestellung ${po}: ${lines} Position${lines === 1 ? '' : 'en'}, Summe ${total}.`,
  noticeSubject: {
    '855': (ref) => `Auftragsbestätigung ${ref}`,
    '856': (ref) => `Lieferavis ${ref}`,
    '810': (ref) => `Rechnung ${ref}`,
  },
  csvAttached: 'Die Einzelheiten finden Sie in der angehängten CSV-Datei.',
  pdfAndCsvAttached: 'Das Dokument ist als PDF angehängt, die Einzelheiten als CSV-Datei.',
};

const TEXTS: Readonly<Record<string, MailTexts>> = { en, de };

/** The texts of a language (`de`, `de-AT` → German); English for one not in the table. */
export function mailTexts(language: string | undefined): MailTexts {
  const primary = (language ?? 'en').toLowerCase().split(/[-_]/)[0]!;
  return TEXTS[primary] ?? en;
}
