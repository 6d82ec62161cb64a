-- AlterTable
ALTER TABLE "WebhookReceipt" ADD COLUMN     "rawBody" TEXT,
ADD COLUMN     "rejectedError" TEXT;

