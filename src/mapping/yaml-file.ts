import { isNode, LineCounter, parseDocument } from 'yaml';
import type { core, ZodType } from 'zod';

/** One thing wrong with a mapping directory, pointing at the file, line and schema path. */
export interface MappingProblem {
  /** Path relative to the mappings directory, e.g. `harbor-pine/850.v1.yaml`. */
  file: string;
  line?: number;
  column?: number;
  /** Dotted zod issue path inside the file, e.g. `items.vendorItem.0`; empty for the whole file. */
  path: string;
  message: string;
}

export function formatProblem(problem: MappingProblem): string {
  const where =
    problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column}`;
  return `${where}${problem.path === '' ? '' : ` ${problem.path}`}: ${problem.message}`;
}

/** An issue's message; a bad record key (`references: { Raw: … }`) says why the key is bad. */
export function describeIssue(issue: core.$ZodIssue): string {
  if (issue.code === 'invalid_key')
    return `invalid key: ${issue.issues.map((inner) => inner.message).join('; ')}`;
  return issue.message;
}

/**
 * Parses YAML text and validates it against a schema. Problems carry the line of the offending node (or
 * of its nearest existing parent when a key is missing), so an author finds the mistake without counting.
 */
export function parseYamlFile<T>(
  schema: ZodType<T>,
  text: string,
  file: string,
): { value: T; problems: [] } | { value?: undefined; problems: MappingProblem[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((error) => {
        const at = lineCounter.linePos(error.pos[0]);
        return { file, line: at.line, column: at.col, path: '', message: error.message };
      }),
    };
  }
  const result = schema.safeParse(document.toJS());
  if (result.success) return { value: result.data, problems: [] };
  return {
    problems: result.error.issues.map((issue) => {
      const path = issue.path.map(String);
      let at: { line: number; col: number } | undefined;
      for (let depth = issue.path.length; depth >= 0 && at === undefined; depth -= 1) {
        const node = document.getIn(issue.path.slice(0, depth), true);
        if (isNode(node) && node.range) at = lineCounter.linePos(node.range[0]);
      }
      return { file, line: at?.line, column: at?.col, path: path.join('.'), message: describeIssue(issue) };
    }),
  };
}
