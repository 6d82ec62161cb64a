-- CreateTable
CREATE TABLE "EmailTemplate" (
    "shop" TEXT NOT NULL,
    "stageKey" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailTemplate_pkey" PRIMARY KEY ("shop","stageKey","locale")
);

-- CreateTable
CREATE TABLE "EmailOutbox" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "stageKey" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "timelineEventId" INTEGER,
    "recipient" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "providerMessageId" TEXT,
    "subject" TEXT,
    "html" TEXT,
    "text" TEXT,
    "isTest" BOOLEAN NOT NULL DEFAULT false,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EmailOutbox_status_dueAt_idx" ON "EmailOutbox"("status", "dueAt");

-- CreateIndex
CREATE INDEX "EmailOutbox_shop_orderGid_idx" ON "EmailOutbox"("shop", "orderGid");

-- CreateIndex
CREATE INDEX "EmailOutbox_shop_createdAt_idx" ON "EmailOutbox"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmailOutbox_shop_dedupeKey_key" ON "EmailOutbox"("shop", "dedupeKey");

