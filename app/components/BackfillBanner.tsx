// The Dashboard's notice while the shop's orders are being imported (SPEC §7), linking to the
// progress on the Settings page.
import { Banner, Layout, Text } from "@shopify/polaris";
import { useI18n } from "~/components/i18n";

export function BackfillBanner({ run }: { run: { ordersRead: number } | null }) {
  const { t, formatNumber } = useI18n();
  if (!run) return null;
  return (
    <Layout.Section>
      <Banner
        tone="info"
        title={t("settings.banner.title")}
        action={{ content: t("settings.banner.link"), url: "/app/settings" }}
      >
        <Text as="p">{t("settings.banner.body", { read: formatNumber(run.ordersRead) })}</Text>
      </Banner>
    </Layout.Section>
  );
}
