-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN,
    "locale" TEXT,
    "collaborator" BOOLEAN,
    "emailVerified" BOOLEAN,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "Shop" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "email" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "installedAt" DATETIME,
    "uninstalledAt" DATETIME,
    "emailCoalesceSeconds" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Stage" (
    "shop" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "labels" TEXT NOT NULL,
    "descriptions" TEXT NOT NULL,
    "internalName" TEXT NOT NULL,
    "color" TEXT NOT NULL,
    "icon" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "exception" BOOLEAN NOT NULL DEFAULT false,
    "visibleToCustomer" BOOLEAN NOT NULL DEFAULT true,
    "notifyCustomer" BOOLEAN NOT NULL DEFAULT false,
    "expectedBusinessDays" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "key")
);

-- CreateTable
CREATE TABLE "Order" (
    "shop" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "name" TEXT,
    "nameKey" TEXT,
    "email" TEXT,
    "phoneDigits" TEXT,
    "locale" TEXT,
    "customerGid" TEXT,
    "customerFirstName" TEXT,
    "orderStatusUrl" TEXT,
    "lineItems" TEXT NOT NULL DEFAULT '[]',
    "placedAt" DATETIME,
    "financialStatus" TEXT,
    "fulfillmentStatus" TEXT,
    "cancelledAt" DATETIME,
    "facts" TEXT NOT NULL,
    "factsAt" DATETIME,
    "stageKey" TEXT NOT NULL,
    "stageSource" TEXT NOT NULL,
    "stageEnteredAt" DATETIME NOT NULL,
    "candidateKey" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "deletedAt" DATETIME,
    "redactedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "orderGid")
);

-- CreateTable
CREATE TABLE "TimelineEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "fromKey" TEXT,
    "toKey" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "actor" TEXT,
    "note" TEXT,
    "occurredAt" DATETIME NOT NULL,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "customerNotified" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "WebhookReceipt" (
    "shop" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "webhookId" TEXT,
    "triggeredAt" DATETIME,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "eventId")
);

-- CreateTable
CREATE TABLE "FulfillmentOrderLink" (
    "shop" TEXT NOT NULL,
    "fulfillmentOrderGid" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,

    PRIMARY KEY ("shop", "fulfillmentOrderGid")
);

-- CreateTable
CREATE TABLE "BulkOperation" (
    "shop" TEXT NOT NULL,
    "operationGid" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "errorCode" TEXT,
    "type" TEXT,
    "completedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "operationGid")
);

-- CreateTable
CREATE TABLE "ComplianceRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "customerGid" TEXT,
    "result" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "Stage_shop_position_idx" ON "Stage"("shop", "position");

-- CreateIndex
CREATE INDEX "Order_shop_nameKey_idx" ON "Order"("shop", "nameKey");

-- CreateIndex
CREATE INDEX "Order_shop_stageKey_stageEnteredAt_idx" ON "Order"("shop", "stageKey", "stageEnteredAt");

-- CreateIndex
CREATE INDEX "Order_shop_customerGid_idx" ON "Order"("shop", "customerGid");

-- CreateIndex
CREATE INDEX "Order_shop_email_idx" ON "Order"("shop", "email");

-- CreateIndex
CREATE INDEX "Order_shop_placedAt_idx" ON "Order"("shop", "placedAt");

-- CreateIndex
CREATE INDEX "TimelineEvent_shop_orderGid_id_idx" ON "TimelineEvent"("shop", "orderGid", "id");

-- CreateIndex
CREATE INDEX "WebhookReceipt_receivedAt_idx" ON "WebhookReceipt"("receivedAt");

-- CreateIndex
CREATE INDEX "FulfillmentOrderLink_shop_orderGid_idx" ON "FulfillmentOrderLink"("shop", "orderGid");

-- CreateIndex
CREATE INDEX "ComplianceRequest_shop_receivedAt_idx" ON "ComplianceRequest"("shop", "receivedAt");

