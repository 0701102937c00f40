// Text as people search it: accents and case never matter ("gestion" finds "Gestión", "JOAO"
// finds "João"), in every language the campus speaks.

export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The folded words of a text (letters and digits), each once, for a prefix index. */
export function searchWords(text: string): string[] {
  return [
    ...new Set(
      foldForSearch(text)
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean),
    ),
  ];
}
