/** What a reader may report besides rows (invalid UTF-8 replaced with U+FFFD). */
export interface ReadOptions {
  warn?: (message: string) => void;
}
