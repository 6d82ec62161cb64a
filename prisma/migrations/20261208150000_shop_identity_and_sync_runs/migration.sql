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

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Shop" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "email" TEXT,
    "accountEmail" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "primaryDomain" TEXT,
    "currencyCode" TEXT,
    "identityUpdatedAt" DATETIME,
    "writeBackMetafield" BOOLEAN NOT NULL DEFAULT false,
    "writeBackTag" BOOLEAN NOT NULL DEFAULT false,
    "writeBackCursor" INTEGER NOT NULL DEFAULT 0,
    "writeBackAttempts" INTEGER NOT NULL DEFAULT 0,
    "writeBackRetryAt" DATETIME,
    "writeBackError" TEXT,
    "writeBackDefinedAt" DATETIME,
    "installedAt" DATETIME,
    "uninstalledAt" DATETIME,
    "emailCoalesceSeconds" INTEGER,
    "ianaTimezone" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("createdAt", "email", "emailCoalesceSeconds", "ianaTimezone", "installedAt", "locale", "name", "shop", "uninstalledAt", "updatedAt") SELECT "createdAt", "email", "emailCoalesceSeconds", "ianaTimezone", "installedAt", "locale", "name", "shop", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "SyncRun_shop_kind_startedAt_idx" ON "SyncRun"("shop", "kind", "startedAt");

-- CreateIndex
CREATE INDEX "SyncRun_status_idx" ON "SyncRun"("status");

