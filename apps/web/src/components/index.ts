export { breakingLabels, ChangeBadges } from './change-badges';
export { ChoiceFilter, TextField } from './form-fields';
export { formatSchemaText, type JsonToken, tokenizeJson } from './json-tokens';
export { HighlightedLine, SchemaText } from './schema-text';
export { type DiffRow, sideBySide } from './side-by-side';
