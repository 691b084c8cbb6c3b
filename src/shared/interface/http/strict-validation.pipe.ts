import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';

// class-transformer drops these keys to guard against prototype pollution, so the whitelist never sees them.
const RESERVED_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Nest's ValidationPipe, with unknown fields rejected, including the ones class-transformer would drop unseen. */
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: true });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && typeof value === 'object' && value !== null) {
      const reserved = RESERVED_KEYS.filter((key) => Object.hasOwn(value, key));
      if (reserved.length > 0) throw new BadRequestException(reserved.map((key) => `property ${key} should not exist`));
    }
    return super.transform(value, metadata);
  }
}
