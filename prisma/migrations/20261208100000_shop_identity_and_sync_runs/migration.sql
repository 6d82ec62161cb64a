-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "accountEmail" TEXT;
ALTER TABLE "Shop" ADD COLUMN "currencyCode" TEXT;
ALTER TABLE "Shop" ADD COLUMN "identityUpdatedAt" DATETIME;
ALTER TABLE "Shop" ADD COLUMN "primaryDomain" TEXT;
ALTER TABLE "Shop" ADD COLUMN "timeZone" TEXT;

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "operationGid" TEXT,
    "resultUrl" TEXT,
    "checkedAt" DATETIME,
    "since" DATETIME,
    "linesDone" INTEGER NOT NULL DEFAULT 0,
    "ordersRead" INTEGER NOT NULL DEFAULT 0,
    "ordersApplied" INTEGER NOT NULL DEFAULT 0,
    "ordersHealed" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "SyncRun_shop_kind_startedAt_idx" ON "SyncRun"("shop", "kind", "startedAt");

-- CreateIndex
CREATE INDEX "SyncRun_status_idx" ON "SyncRun"("status");

