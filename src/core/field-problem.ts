import type { ZodError } from 'zod';

/** One problem with a request, by field: the shape of every `details` list the console shows beside its fields. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** Each zod issue as one field problem. */
export function zodProblems(error: ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
}
