-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "accountEmail" TEXT,
ADD COLUMN     "currencyCode" TEXT,
ADD COLUMN     "identityUpdatedAt" TIMESTAMP(3),
ADD COLUMN     "primaryDomain" TEXT,
ADD COLUMN     "writeBackAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "writeBackCursor" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "writeBackDefinedAt" TIMESTAMP(3),
ADD COLUMN     "writeBackError" TEXT,
ADD COLUMN     "writeBackMetafield" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "writeBackRetryAt" TIMESTAMP(3),
ADD COLUMN     "writeBackTag" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "operationGid" TEXT,
    "resultUrl" TEXT,
    "checkedAt" TIMESTAMP(3),
    "since" TIMESTAMP(3),
    "linesDone" INTEGER NOT NULL DEFAULT 0,
    "ordersRead" INTEGER NOT NULL DEFAULT 0,
    "ordersApplied" INTEGER NOT NULL DEFAULT 0,
    "ordersHealed" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SyncRun_shop_kind_startedAt_idx" ON "SyncRun"("shop", "kind", "startedAt");

-- CreateIndex
CREATE INDEX "SyncRun_status_idx" ON "SyncRun"("status");

