import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { permanent } from '../core/errors.ts';
import {
  type ByDocument,
  MappingDocument,
  type MappingFile,
  mappingFileSchema,
  type ResolvedMappingOf,
  resolveMapping,
} from './mapping-file.ts';
import { PartnerFile } from './partner-file.schema.ts';
import { formatProblem, type MappingProblem, parseYamlFile } from './yaml-file.ts';

/** One mapping file, validated and merged onto the default. */
export interface MappingVersionOf<D extends MappingDocument> {
  document: D;
  version: number;
  /** Path relative to the mappings directory. */
  file: string;
  /** SHA-256 (hex) of the file's bytes: an active version must never change, the store compares this. */
  sha256: string;
  /** The file as validated, before merging: what the mapping store keeps to rebuild `mapping` without the disk. */
  source: MappingFile;
  mapping: ResolvedMappingOf<D>;
}

/** A mapping version of any document type, narrowed by `document`. */
export type MappingVersion = { [D in MappingDocument]: MappingVersionOf<D> }[MappingDocument];

export interface LoadedPartner {
  partner: PartnerFile;
  /** The active version per document type. */
  mappings: ByDocument<{ [D in MappingDocument]: MappingVersionOf<D> }>;
  /** Every version on disk, active or not, by document type then version. */
  versions: MappingVersion[];
}

export interface LoadedMappings {
  partners: LoadedPartner[];
}

const MAPPING_FILE = new RegExp(`^(${MappingDocument.options.join('|')})\\.v([1-9]\\d*)\\.ya?ml$`);

async function loadMappingFile(
  root: string,
  file: string,
  partner: PartnerFile,
  problems: MappingProblem[],
): Promise<MappingVersion | undefined> {
  const match = MAPPING_FILE.exec(path.basename(file));
  if (!match) {
    problems.push({
      file,
      path: '',
      message: `not a mapping file name: expected <document>.v<N>.yaml, document one of ${MappingDocument.options.join(', ')}`,
    });
    return undefined;
  }
  const bytes = await readFile(path.join(root, file));
  const named = MappingDocument.parse(match[1]);
  const parsed = parseYamlFile(mappingFileSchema(named), bytes.toString('utf8'), file);
  if (parsed.value === undefined) {
    problems.push(...parsed.problems);
    return undefined;
  }
  const [, document, version] = match;
  if (parsed.value.document !== document || parsed.value.version !== Number(version)) {
    problems.push({
      file,
      path: '',
      message: `file says document ${parsed.value.document} version ${parsed.value.version}, its name says ${document} version ${version}`,
    });
    return undefined;
  }
  // resolveMapping returns the mapping of the file's own document type
  return {
    document: parsed.value.document,
    version: parsed.value.version,
    file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    source: parsed.value,
    mapping: resolveMapping(parsed.value, { defaultCurrency: partner.settings.defaultCurrency }),
  } as MappingVersion;
}

function activeMappings(
  partner: PartnerFile,
  versions: MappingVersion[],
  problems: MappingProblem[],
  file: string,
): LoadedPartner['mappings'] {
  // a version is filed under its own document type, which is what the per-type record promises
  const active: Partial<Record<MappingDocument, MappingVersion>> = {};
  for (const candidate of versions) {
    const current = active[candidate.document];
    if (!current || candidate.version > current.version) active[candidate.document] = candidate;
  }
  for (const [document, version] of Object.entries(partner.activeVersions ?? {}) as [
    MappingDocument,
    number,
  ][]) {
    const chosen = versions.find((v) => v.document === document && v.version === version);
    if (chosen) active[document] = chosen;
    else
      problems.push({
        file,
        path: `activeVersions.${document}`,
        message: `no file ${document}.v${version}.yaml`,
      });
  }
  return active as LoadedPartner['mappings'];
}

async function loadPartner(
  root: string,
  directory: string,
  problems: MappingProblem[],
): Promise<LoadedPartner | undefined> {
  const partnerFile = path.join(directory, 'partner.yaml');
  const text = await readFile(path.join(root, partnerFile), 'utf8').catch(() => undefined);
  if (text === undefined) {
    problems.push({
      file: partnerFile,
      path: '',
      message: 'missing: every partner directory needs a partner.yaml',
    });
    return undefined;
  }
  const parsed = parseYamlFile(PartnerFile, text, partnerFile);
  if (parsed.value === undefined) {
    problems.push(...parsed.problems);
    return undefined;
  }
  const partner = parsed.value;
  if (partner.id !== directory) {
    problems.push({
      file: partnerFile,
      path: 'id',
      message: `id "${partner.id}" differs from its directory name`,
    });
  }
  const names = (await readdir(path.join(root, directory), { withFileTypes: true }))
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name) && !/^partner\.ya?ml$/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  const versions: MappingVersion[] = [];
  for (const name of names) {
    const loaded = await loadMappingFile(root, path.join(directory, name), partner, problems);
    if (loaded) versions.push(loaded);
  }
  versions.sort((a, b) => a.document.localeCompare(b.document) || a.version - b.version);
  return { partner, mappings: activeMappings(partner, versions, problems, partnerFile), versions };
}

/**
 * Reads every `<partner>/partner.yaml` and `<partner>/<doc>.v<N>.yaml` under `root`, validates them and
 * merges each mapping onto the default. Throws one permanent GatewayError (`mapping.invalid`) listing every
 * problem found, each with file, line and schema path, rather than stopping at the first.
 */
export async function loadMappings(root: string): Promise<LoadedMappings> {
  const problems: MappingProblem[] = [];
  const directories = (await readdir(root, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const partners: LoadedPartner[] = [];
  for (const directory of directories) {
    const loaded = await loadPartner(root, directory, problems);
    if (loaded) partners.push(loaded);
  }
  if (problems.length > 0) {
    throw permanent(
      'mapping.invalid',
      `invalid mappings in ${root}:\n${problems.map(formatProblem).join('\n')}`,
      {
        details: problems,
      },
    );
  }
  return { partners };
}
