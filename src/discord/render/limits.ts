/** Discord's hard limits on what one message may carry (API v10). */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footerText: 2048,
  /** Title, description, field names and values, footer text and author name of all embeds together. */
  embedTotal: 6000,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  threadName: 100,
} as const;
