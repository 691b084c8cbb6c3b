import { ApiProperty } from '@nestjs/swagger';
import type { User } from '../../domain/user.js';
import type { UserPage } from '../../application/queries/user-page.js';

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty() readonly email: string;
  @ApiProperty() readonly name: string;
  @ApiProperty({ format: 'date-time' }) readonly createdAt: string;
  @ApiProperty({ format: 'date-time' }) readonly updatedAt: string;

  constructor(user: User) {
    this.id = user.id;
    this.email = user.email.value;
    this.name = user.name.value;
    this.createdAt = user.createdAt.toISOString();
    this.updatedAt = user.updatedAt.toISOString();
  }
}

export class UserPageResponse {
  @ApiProperty({ type: [UserResponse] }) readonly items: UserResponse[];
  @ApiProperty({ type: String, nullable: true }) readonly nextCursor: string | null;

  constructor(page: UserPage) {
    this.items = page.items.map((user) => new UserResponse(user));
    this.nextCursor = page.nextCursor;
  }
}
