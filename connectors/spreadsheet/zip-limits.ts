import { zipBomb } from './read-errors.ts';
import type { SpreadsheetLimits } from './sheet.ts';
import type { ZipEntry } from './zip-directory.ts';

/**
 * Below this size a part's compression ratio is not judged: a short, repetitive XML part (an empty sheet, a
 * style list) compresses far beyond any sensible ratio and can do no harm.
 */
const RATIO_FLOOR_BYTES = 1024 * 1024;

/**
 * Refuses an archive whose parts would unpack to more than `maxUncompressedBytes` together, or one of whose
 * larger parts unpacks more than `maxCompressionRatio` times its compressed size, from the sizes its directory
 * declares and before anything is inflated. That the declared sizes are true is checked while inflating
 * ({@link inflateEntry}).
 *
 * @throws GatewayError `file.zip_bomb`
 */
export function checkZipLimits(entries: readonly ZipEntry[], limits: SpreadsheetLimits): void {
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > RATIO_FLOOR_BYTES && ratio > limits.maxCompressionRatio)
      throw zipBomb(`the part ${entry.name} unpacks ${Math.round(ratio)} times its size`);
  }
  if (total > limits.maxUncompressedBytes) throw zipBomb(`${Math.round(total / (1024 * 1024))} MB unpacked`);
}
