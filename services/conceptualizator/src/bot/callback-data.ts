/**
 * The Концептуализатор's buttons, built and matched in one place. Telegram allows 64
 * bytes: the longest ("con:sec:" + a uuid + ":" + a section's index) is 47. Whatever a
 * button names is re-checked when it is pressed (the step on screen, the result's owner
 * and case), because callback_data can be forged and old buttons stay in the chat.
 */
export const CALLBACK = {
  resume: 'con:resume',
  restart: 'con:restart',
  skip: (step: number) => `con:skip:${step}`,
  useContext: 'con:ctx:yes',
  skipContext: 'con:ctx:no',
  framework: (id: string) => `con:fw:${id}`,
  skipFrameworkQuestion: (id: string, index: number) => `con:fq:${id}:${index}`,
  otherFramework: 'con:fw',
  newIntake: 'con:new',
  editSection: (resultId: string) => `con:edit:${resultId}`,
  section: (resultId: string, index: number) => `con:sec:${resultId}:${index}`,
} as const;

const UUID = '([0-9a-f-]{36})';
export const skipPattern = /^con:skip:(\d{1,2})$/;
export const contextPattern = /^con:ctx:(yes|no)$/;
export const frameworkPattern = /^con:fw:([a-z][a-z0-9_]{0,23})$/;
export const frameworkQuestionPattern = /^con:fq:([a-z][a-z0-9_]{0,23}):(\d{1,2})$/;
export const editSectionPattern = new RegExp(`^con:edit:${UUID}$`);
export const sectionPattern = new RegExp(`^con:sec:${UUID}:(\\d{1,2})$`);
