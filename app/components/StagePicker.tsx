import { Select } from "@shopify/polaris";
import { useLocalized } from "./i18n";

/** Choose one of the shop's stages (labels in the admin's language). */
export function StagePicker({
  stages,
  value,
  onChange,
  label,
  name,
  exclude,
  placeholder,
  error,
}: {
  stages: readonly { key: string; labels: Record<string, string> }[];
  value: string;
  onChange: (key: string) => void;
  label: string;
  name?: string;
  exclude?: string;
  placeholder?: string;
  error?: string;
}) {
  const localized = useLocalized();
  return (
    <Select
      label={label}
      name={name}
      value={value}
      onChange={onChange}
      placeholder={placeholder}
      error={error}
      options={stages
        .filter((s) => s.key !== exclude)
        .map((s) => ({ label: localized(s.labels, s.key), value: s.key }))}
    />
  );
}
