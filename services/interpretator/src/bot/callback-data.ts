/** The Интерпретатор's buttons. */
export const CALLBACK = {
  interpret: 'int:go',
  newTopic: 'int:new',
} as const;
