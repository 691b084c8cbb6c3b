import { ApiError } from './api-error.js';
import { fieldErrors } from './field-errors.js';

const FIELDS = ['email', 'name'];

describe('fieldErrors', () => {
  it("puts each of a 400's reasons on the field it starts with, and the rest on the form", () => {
    const refusal = new ApiError(400, ['email must be a valid email address', 'name must be longer than or equal to 1 characters', 'property age should not exist']);

    const { fields, form } = fieldErrors(refusal, FIELDS);

    expect(Object.fromEntries(fields)).toEqual({
      email: ['email must be a valid email address'],
      name: ['name must be longer than or equal to 1 characters'],
    });
    expect(form).toEqual(['property age should not exist']);
  });

  it('puts a 409 on the email', () => {
    expect(Object.fromEntries(fieldErrors(new ApiError(409, ['email is already taken']), FIELDS).fields)).toEqual({ email: ['email is already taken'] });
  });

  it('keeps any other refusal for the form, even one that starts with a field name', () => {
    const { fields, form } = fieldErrors(new ApiError(403, ['name of the scope users:write is missing']), FIELDS);
    expect(fields.size).toBe(0);
    expect(form).toEqual(['name of the scope users:write is missing']);
  });
});
