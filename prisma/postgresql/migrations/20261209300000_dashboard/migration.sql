-- CreateTable
CREATE TABLE "LookupDailyCount" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "found" INTEGER NOT NULL DEFAULT 0,
    "notFound" INTEGER NOT NULL DEFAULT 0,
    "limited" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "LookupDailyCount_pkey" PRIMARY KEY ("shop","day")
);

-- CreateIndex
CREATE INDEX "TimelineEvent_shop_occurredAt_idx" ON "TimelineEvent"("shop", "occurredAt");

