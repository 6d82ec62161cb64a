-- Order names are keyed for the storefront lookup by app/domain/order-name.ts (letters and
-- digits of any script, NFKC, lower-cased, ASCII digits) instead of "lower-cased, without #".
-- SQL has no NFKC or Unicode digit mapping, so the migration runner (scripts/lib/migrations.mjs)
-- recomputes "nameKey" of every existing order right after this file, in the same transaction.
SELECT 1;
