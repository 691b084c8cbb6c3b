CREATE TABLE "deployment" (
	"slot" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	CONSTRAINT "deployment_single_row" CHECK ("deployment"."slot" = 1)
);
--> statement-breakpoint
-- Seeded by hand: the identity is drawn once, here, and never changes.
INSERT INTO "deployment" DEFAULT VALUES;
