CREATE TABLE "event_log_head" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"position" bigint NOT NULL,
	CONSTRAINT "event_log_head_single_row" CHECK ("event_log_head"."id" = 1)
);
--> statement-breakpoint
-- Seeded by hand: the counter starts where the log already is.
INSERT INTO "event_log_head" ("id", "position") SELECT 1, coalesce(max("position"), 0) FROM "event_log";
