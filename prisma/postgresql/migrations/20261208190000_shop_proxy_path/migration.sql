-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "proxyPathPrefix" TEXT;

