-- AlterTable
ALTER TABLE "WebhookReceipt" ADD COLUMN "rawBody" TEXT;
ALTER TABLE "WebhookReceipt" ADD COLUMN "rejectedError" TEXT;

