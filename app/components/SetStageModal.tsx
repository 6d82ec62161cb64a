// "Set stage…" for one or many orders (SPEC §7): target stage, notify or not, internal note.
import { Modal, TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Box, Checkbox, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useI18n } from "./i18n";
import { StagePicker } from "./StagePicker";

export interface SetStageChoice {
  stageKey: string;
  notify: boolean;
  note: string;
}

export function SetStageModal({
  id,
  open,
  count,
  stages,
  initialStage,
  busy,
  onSubmit,
  onClose,
}: {
  id: string;
  open: boolean;
  count: number;
  stages: readonly { key: string; labels: Record<string, string> }[];
  initialStage?: string;
  busy: boolean;
  onSubmit: (choice: SetStageChoice) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [stageKey, setStageKey] = useState(initialStage ?? "");
  const [notify, setNotify] = useState(false);
  const [note, setNote] = useState("");
  return (
    <Modal id={id} open={open} onHide={onClose}>
      <Box padding="400">
        <BlockStack gap="300">
          <Text as="p">{t("setStage.intro", { count })}</Text>
          <StagePicker
            label={t("setStage.target")}
            stages={stages}
            value={stageKey}
            onChange={setStageKey}
            placeholder={t("setStage.choose")}
          />
          <Checkbox
            label={t("setStage.notify")}
            helpText={t("setStage.notifyHelp")}
            checked={notify}
            onChange={setNotify}
          />
          <TextField
            label={t("setStage.note")}
            helpText={t("setStage.noteHelp")}
            value={note}
            onChange={setNote}
            multiline={2}
            maxLength={1000}
            autoComplete="off"
          />
        </BlockStack>
      </Box>
      <TitleBar title={t("setStage.title")}>
        <button
          variant="primary"
          disabled={!stageKey || busy}
          onClick={() => onSubmit({ stageKey, notify, note })}
        >
          {t("setStage.submit")}
        </button>
        <button onClick={onClose}>{t("common.cancel")}</button>
      </TitleBar>
    </Modal>
  );
}
