import { Transform } from 'class-transformer';

/** Trims strings before validation, so "  " is empty and the limits count what is stored. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
