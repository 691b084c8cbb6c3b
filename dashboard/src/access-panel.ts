import { signIn } from './api.js';
import { ApiError, explain } from './api-error.js';
import { byId } from './dom.js';

/** The sign-in card, shown when the service asks for a token (AUTH_MODE=jwt). */
export class AccessPanel {
  private readonly panel = byId('access');
  private readonly form = byId<HTMLFormElement>('sign-in');
  private readonly input = byId<HTMLInputElement>('token');
  private readonly result = byId('access-result');

  constructor(private readonly onSignedIn: () => void) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
  }

  ask(): void {
    if (!this.panel.hidden) return;
    this.panel.hidden = false;
    this.input.focus();
  }

  private async submit(): Promise<void> {
    try {
      await signIn(this.input.value.trim());
    } catch (error) {
      this.result.className = 'form-message error';
      this.result.textContent = explain(error instanceof ApiError ? error : new ApiError(0, [String(error)]));
      this.input.setAttribute('aria-invalid', 'true');
      return;
    }
    this.form.reset();
    this.input.removeAttribute('aria-invalid');
    this.result.textContent = '';
    this.panel.hidden = true;
    this.onSignedIn();
  }
}
