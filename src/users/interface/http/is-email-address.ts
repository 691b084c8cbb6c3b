import { isEmail, ValidateBy, type ValidationOptions } from 'class-validator';

// validator.js's isEmail throws (encodeURI) on an unpaired surrogate, which would be a 500; no address has one.
const NOT_TEXT = /[\0\p{Cs}]/u;

/** class-validator's IsEmail, answering "not an address" for strings that are not well-formed text. */
export const IsEmailAddress = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isEmailAddress',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !NOT_TEXT.test(value) && isEmail(value),
        defaultMessage: () => 'email must be a valid email address',
      },
    },
    options,
  );
