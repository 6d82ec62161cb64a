import { Badge } from "@shopify/polaris";
import { useLocalized } from "./i18n";

export interface BadgeStage {
  key: string;
  labels: Record<string, string>;
  color: string;
}

type Tone = React.ComponentProps<typeof Badge>["tone"];

/** A stage as a Polaris badge in its colour, labelled in the admin's language. */
export function StageBadge({
  stage,
  stageKey,
}: {
  stage: BadgeStage | undefined;
  stageKey: string;
}) {
  const localized = useLocalized();
  return (
    <Badge tone={(stage?.color as Tone) ?? undefined}>{localized(stage?.labels, stageKey)}</Badge>
  );
}
