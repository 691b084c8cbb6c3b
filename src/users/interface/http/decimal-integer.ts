import { Transform } from 'class-transformer';

const DIGITS = /^[0-9]+$/;

/**
 * Reads a query parameter of decimal digits as a number and leaves anything else for the validators
 * to refuse: Number() would also take "0x10", "1e1", " 5" and "" (as 0), and a repeated parameter is an array.
 */
export const DecimalInteger = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && DIGITS.test(value) ? Number(value) : value));
