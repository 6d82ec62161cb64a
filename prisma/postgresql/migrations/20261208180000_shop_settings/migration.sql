-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "digestEnabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "digestRecipient" TEXT,
ADD COLUMN     "replyTo" TEXT,
ADD COLUMN     "retentionDays" INTEGER,
ADD COLUMN     "senderName" TEXT,
ADD COLUMN     "timeZone" TEXT,
ADD COLUMN     "workingDays" TEXT NOT NULL DEFAULT '1,2,3,4,5';

