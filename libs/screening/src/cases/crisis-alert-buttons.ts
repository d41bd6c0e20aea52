/**
 * The buttons under a crisis alert. The screen bot writes the alert into pro's reply outbox
 * and pro answers the presses, so both build them from here: «📂 Открыть кейс» sends the
 * case card as a new message (the alert stays in the chat), «✅ Принято» records who saw the
 * alert and when.
 */
export const crisisAlertCallback = {
  openCase: (contextId: string) => `crisis:case:${contextId}`,
  acknowledge: (alertId: number) => `crisis:ack:${alertId}`,
  /** The same, pressed on pro's case card, which then shows itself again. */
  acknowledgeOnCard: (alertId: number) => `crisis:cardack:${alertId}`,
} as const;

export const crisisAlertPattern = /^crisis:(case|ack|cardack):([0-9a-f-]{36}|\d{1,15})$/;
