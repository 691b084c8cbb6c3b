import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { User } from '../../domain/user.js';
import type { UserPage } from '../../application/queries/user-page.js';

export interface Shown {
  /** Only a caller with users:read sees addresses. */
  readonly withEmail: boolean;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiPropertyOptional({ description: 'only for a token with users:read' }) readonly email?: string;
  @ApiProperty() readonly name: string;
  @ApiProperty({ format: 'date-time' }) readonly createdAt: string;
  @ApiProperty({ format: 'date-time' }) readonly updatedAt: string;

  constructor(user: User, { withEmail }: Shown) {
    this.id = user.id;
    if (withEmail) this.email = user.email.value;
    this.name = user.name.value;
    this.createdAt = user.createdAt.toISOString();
    this.updatedAt = user.updatedAt.toISOString();
  }
}

export class UserPageResponse {
  @ApiProperty({ type: [UserResponse] }) readonly items: UserResponse[];
  @ApiProperty({ type: String, nullable: true }) readonly nextCursor: string | null;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description:
      'the event-log position the page reflects: every event up to it is applied in the page, none after it. Open GET /events with Last-Event-ID set to it to miss nothing and apply nothing twice',
  })
  readonly position: number;

  constructor(page: UserPage, shown: Shown) {
    this.items = page.items.map((user) => new UserResponse(user, shown));
    this.nextCursor = page.nextCursor;
    this.position = page.position;
  }
}
