import { createUser } from './api.js';
import { ApiError } from './api-error.js';
import { byId } from './dom.js';
import { clearRefusal, showRefusal } from './field-feedback.js';

/** The new-user form: its errors sit next to their fields; disabled while the stream is not live. */
export class CreateForm {
  private readonly form = byId<HTMLFormElement>('create');
  private readonly fields = byId<HTMLFieldSetElement>('create-fields');
  private readonly result = byId('result');
  private readonly inputs = new Map([
    ['email', byId<HTMLInputElement>('email')],
    ['name', byId<HTMLInputElement>('name')],
  ]);

  // The table learns of the new user from its event, as every other tab does.
  constructor(private readonly onUnauthorized: () => void) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
  }

  enable(enabled: boolean): void {
    this.fields.disabled = !enabled;
  }

  private async submit(): Promise<void> {
    clearRefusal(this.inputs, this.result);
    const email = this.inputs.get('email')!.value;
    const name = this.inputs.get('name')!.value;
    this.form.setAttribute('aria-busy', 'true');
    try {
      const user = await createUser(email, name);
      this.form.reset();
      this.result.className = 'form-message ok';
      this.result.textContent = `Created ${user.name}.`;
      this.inputs.get('email')!.focus();
    } catch (error) {
      showRefusal(error, this.inputs, this.result);
      if (error instanceof ApiError && error.status === 401) this.onUnauthorized();
    } finally {
      this.form.removeAttribute('aria-busy');
    }
  }
}
