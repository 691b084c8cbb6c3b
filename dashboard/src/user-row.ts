import { deleteUser, renameUser, type User } from './api.js';
import { ApiError, explain } from './api-error.js';
import { h } from './dom.js';
import { clearRefusal, showRefusal } from './field-feedback.js';

const when = (iso: string): HTMLTimeElement => {
  const at = new Date(iso);
  return h('time', { datetime: iso, title: at.toLocaleString() }, at.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }));
};

/**
 * One user's row: inline rename (Enter saves, Escape cancels) and a delete that asks first, in place.
 * The row changes what it shows only from update(): the table hears of every change from the stream.
 */
export class UserRow {
  readonly element: HTMLTableRowElement;
  private readonly name = h('span', { class: 'name' });
  private readonly email = h('td', { class: 'cell-email', 'data-label': 'Email' });
  private readonly updated = h('td', { class: 'cell-updated', 'data-label': 'Updated' });
  private readonly actions = h('td', { class: 'cell-actions' });
  private readonly nameCell = h('td', { class: 'cell-name', 'data-label': 'Name' }, this.name);
  private user: User;

  constructor(
    user: User,
    private readonly onUnauthorized: () => void,
  ) {
    this.user = user;
    this.element = h('tr', { 'data-id': user.id }, this.nameCell, this.email, this.updated, this.actions);
    this.update(user);
    this.showActions();
  }

  update(user: User): void {
    if (user === this.user && this.name.textContent !== '') return; // the list keeps an unchanged user's object
    this.user = user;
    this.name.textContent = user.name;
    this.email.replaceChildren(user.email ?? h('span', { class: 'muted' }, 'hidden'));
    this.updated.replaceChildren(when(user.updatedAt));
  }

  private showActions(focus: 'rename' | 'delete' | null = null): void {
    const rename = h('button', { type: 'button', class: 'button-quiet rename', 'aria-label': `Rename ${this.user.name}` }, 'Rename');
    const remove = h('button', { type: 'button', class: 'button-quiet danger delete', 'aria-label': `Delete ${this.user.name}` }, 'Delete');
    rename.addEventListener('click', () => this.startRename());
    remove.addEventListener('click', () => this.confirmDelete());
    this.actions.replaceChildren(h('div', { class: 'row-actions' }, rename, remove));
    if (focus === 'rename') rename.focus();
    if (focus === 'delete') remove.focus();
  }

  private startRename(): void {
    const id = `rename-${this.user.id}`;
    const input = h('input', { id, type: 'text', value: this.user.name, maxlength: '100', 'aria-describedby': `${id}-error`, autocomplete: 'off' });
    const message = h('span', { class: 'form-message', role: 'alert' });
    const cancel = h('button', { type: 'button', class: 'button-quiet' }, 'Cancel');
    const form = h(
      'form',
      { class: 'rename-form', novalidate: true },
      h('label', { class: 'visually-hidden', for: id }, `New name for ${this.user.name}`),
      input,
      h('button', { type: 'submit', class: 'button-small' }, 'Save'),
      cancel,
      h('span', { id: `${id}-error`, class: 'field-error' }),
      message,
    );
    const inputs = new Map([['name', input]]);
    const close = () => {
      form.remove();
      this.name.hidden = false;
      this.showActions('rename');
    };
    cancel.addEventListener('click', close);
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') close();
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearRefusal(inputs, message);
      try {
        this.update(await renameUser(this.user.id, input.value));
        close();
      } catch (error) {
        showRefusal(error, inputs, message);
        if (error instanceof ApiError && error.status === 401) this.onUnauthorized();
      }
    });
    this.name.hidden = true;
    this.actions.replaceChildren();
    this.nameCell.append(form);
    input.focus();
    input.select();
  }

  private confirmDelete(): void {
    const message = h('span', { class: 'form-message error', role: 'alert' });
    const confirm = h('button', { type: 'button', class: 'button-small danger confirm-delete' }, 'Delete');
    const keep = h('button', { type: 'button', class: 'button-quiet' }, 'Keep');
    const box = h('div', { class: 'confirm', role: 'group', 'aria-label': `Delete ${this.user.name}?` }, h('span', {}, `Delete ${this.user.name}?`), confirm, keep, message);
    keep.addEventListener('click', () => this.showActions('delete'));
    box.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.showActions('delete');
    });
    confirm.addEventListener('click', async () => {
      confirm.disabled = true;
      try {
        await deleteUser(this.user.id);
        this.element.classList.add('leaving'); // the stream's user.deleted removes the row
      } catch (error) {
        confirm.disabled = false;
        const refusal = error instanceof ApiError ? error : new ApiError(0, [String(error)]);
        message.textContent = explain(refusal);
        if (refusal.status === 401) this.onUnauthorized();
      }
    });
    this.actions.replaceChildren(box);
    keep.focus();
  }
}
