import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';

/**
 * Nest's ValidationPipe, with every field or query parameter the DTO does not declare rejected.
 * The names are checked on the input as it came: class-transformer silently skips __proto__ and
 * every name a plain object inherits (toString, constructor...), so the whitelist never sees them.
 */
// class-transformer walks values recursively: a few thousand nested arrays overflow its stack (a 500).
const MAX_NESTING = 32;

/** Whether the value nests objects or arrays deeper than the limit; walked with a stack, never by recursion. */
function nestsDeeperThan(value: object, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: true });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    if (!metatype || !this.toValidate(metadata) || value === undefined) return super.transform(value, metadata);
    // A DTO describes an object: null, an array, a number or a string is no body of one (the JSON parser is not strict).
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadRequestException([`${metadata.type} must be a JSON object`]);
    if (nestsDeeperThan(value, MAX_NESTING)) throw new BadRequestException([`${metadata.type} nests deeper than ${MAX_NESTING} levels`]);
    const declared = new Set(getMetadataStorage().getTargetValidationMetadatas(metatype, '', false, false).map((rule) => rule.propertyName));
    const unknown = Object.keys(value).filter((name) => !declared.has(name));
    if (unknown.length > 0) throw new BadRequestException(unknown.map((name) => `property ${name} should not exist`));
    return super.transform(value, metadata);
  }
}
