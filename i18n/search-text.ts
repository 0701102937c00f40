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

// Words people use for the same thing, within a language as across them: a Portuguese reader
// types "gestão" for a course that says "gerenciamento", a Spanish one "gestión" for
// "administración". Folded (no accents, lower case); each group is searched as one word.
const synonymGroups: readonly (readonly string[])[] = [
  [
    'management',
    'administration',
    'gestion',
    'administracion',
    'gestao',
    'gerenciamento',
    'gerencia',
    'administracao',
  ],
  ['routing', 'enrutamiento', 'ruteo', 'encaminamiento', 'roteamento', 'encaminhamento'],
  ['monitoring', 'monitoreo', 'monitorizacion', 'monitoramento', 'monitorizacao'],
];
const synonymsOf = new Map(synonymGroups.flatMap((group) => group.map((word) => [word, group])));

/** A folded word with the words that mean the same (itself first), for indexing. */
export function withSynonyms(folded: string): readonly string[] {
  return synonymsOf.get(folded) ?? [folded];
}
