import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { type MappingDocument, type MappingFile, mappingFileSchema } from '../../mapping/mapping-file.ts';
import { parseYamlFile } from '../../mapping/yaml-file.ts';

/** One thing wrong with a draft's YAML: where (line and column when the text has them, the schema path) and why. */
export interface YamlProblem {
  line?: number;
  column?: number;
  /** Dotted path inside the file (`locale.decimal`); empty for the whole file. */
  path: string;
  message: string;
}

/** A draft's YAML checked: the file when it is valid, else every problem found. */
export type YamlCheck = { file: MappingFile; problems: [] } | { file?: undefined; problems: YamlProblem[] };

/**
 * Checks mapping YAML as the loader checks a file on disk (the same schema per document type, the same
 * positions from the `yaml` package), so what the console accepts is what `mappings/` would accept. When
 * `version` is given, the file must say that document and version, as a file's name makes it say.
 */
export function validateMappingYaml(text: string, document: MappingDocument, version?: number): YamlCheck {
  let parsed: ReturnType<typeof parseYamlFile<MappingFile>>;
  try {
    parsed = parseYamlFile(mappingFileSchema(document), text, `${document}.yaml`);
  } catch (error) {
    // the yaml package throws rather than reports when aliases expand without bound (a "billion laughs")
    return { problems: [{ path: '', message: (error as Error).message }] };
  }
  if (parsed.value === undefined) {
    return { problems: parsed.problems.map(({ file: _file, ...problem }) => problem) };
  }
  const problems: YamlProblem[] = [];
  if (parsed.value.document !== document) problems.push({ path: 'document', message: `must be ${document}` });
  if (version !== undefined && parsed.value.version !== version)
    problems.push({ path: 'version', message: `must be ${version}, the number of this version` });
  return problems.length > 0 ? { problems } : { file: parsed.value, problems: [] };
}

/** A stored mapping file as YAML text, for the editor (comments of a file on disk are not kept in the row). */
export function mappingYaml(file: MappingFile): string {
  return stringify(file, { lineWidth: 0 });
}

/** The SHA-256 (hex) of a version's YAML, as the loader takes it of a file's bytes. */
export function yamlSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
