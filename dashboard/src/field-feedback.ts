import { ApiError, explain } from './api-error.js';
import { fieldErrors } from './field-errors.js';

/**
 * Shows a refusal where it belongs: each reason next to its field (aria-invalid, aria-describedby),
 * the rest in the form's alert. Never silent: a refusal with no field reason still says something.
 */
export function showRefusal(
  error: unknown,
  inputs: ReadonlyMap<string, HTMLInputElement>,
  formMessage: HTMLElement,
): void {
  const refusal = error instanceof ApiError ? error : new ApiError(0, [String(error)]);
  const { fields, form } = fieldErrors(refusal, [...inputs.keys()]);
  let first: HTMLInputElement | null = null;
  for (const [field, input] of inputs) {
    const reasons = fields.get(field);
    const hint = document.getElementById(`${input.id}-error`);
    if (hint !== null) hint.textContent = reasons?.join('; ') ?? '';
    if (reasons === undefined) {
      input.removeAttribute('aria-invalid');
      continue;
    }
    input.setAttribute('aria-invalid', 'true');
    first ??= input;
  }
  const formText = fields.size === 0 ? explain(refusal) : form.join('; ');
  formMessage.textContent = formText;
  formMessage.className = formText === '' ? 'form-message' : 'form-message error';
  first?.focus();
}

/** Clears what showRefusal showed. */
export function clearRefusal(inputs: ReadonlyMap<string, HTMLInputElement>, formMessage: HTMLElement): void {
  for (const input of inputs.values()) {
    input.removeAttribute('aria-invalid');
    const hint = document.getElementById(`${input.id}-error`);
    if (hint !== null) hint.textContent = '';
  }
  formMessage.textContent = '';
  formMessage.className = 'form-message';
}
