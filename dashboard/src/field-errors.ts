import type { ApiError } from './api-error.js';

/** A refusal split into what belongs next to a field and what belongs to the form as a whole. */
export interface FieldErrors {
  readonly fields: ReadonlyMap<string, readonly string[]>;
  readonly form: readonly string[];
}

// A 409 names no field in its words; the only conflict the API has is the email's.
const CONFLICT_FIELD = 'email';

/** Nest's validation reasons start with the property they are about: "email must be a valid email address". */
export function fieldErrors(error: ApiError, fieldNames: readonly string[]): FieldErrors {
  const fields = new Map<string, string[]>();
  const form: string[] = [];
  const add = (field: string, reason: string) => fields.set(field, [...(fields.get(field) ?? []), reason]);
  for (const reason of error.reasons) {
    const field = fieldNames.find((name) => reason === name || reason.startsWith(`${name} `));
    if (error.status === 400 && field !== undefined) add(field, reason);
    else if (error.status === 409 && fieldNames.includes(CONFLICT_FIELD)) add(CONFLICT_FIELD, reason);
    else form.push(reason);
  }
  return { fields, form };
}
