/** Checks a message body (as rendered or as recorded by the fake Discord) against Discord's limits. */
import { expect } from 'vitest';

interface Field { name: string; value: string }
interface Embed { title?: string; description?: string; fields?: Field[]; footer?: { text: string }; author?: { name: string } }
interface Component { custom_id?: string; label?: string; components?: Component[] }
export interface MessageBody { content?: string | null; embeds?: Embed[]; components?: readonly object[] }

export function expectWithinDiscordLimits(body: MessageBody): void {
  expect(body.content?.length ?? 0).toBeLessThanOrEqual(2000);
  const embeds = body.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(10);
  let total = 0;
  for (const embed of embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(256);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(25);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeLessThanOrEqual(256);
      expect(field.value.length).toBeLessThanOrEqual(1024);
      total += field.name.length + field.value.length;
    }
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(2048);
    total += (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
    total += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  }
  expect(total).toBeLessThanOrEqual(6000);
  const rows = (body.components ?? []) as Component[];
  expect(rows.length).toBeLessThanOrEqual(5);
  for (const row of rows) {
    expect(row.components?.length ?? 0).toBeLessThanOrEqual(5);
    for (const button of row.components ?? []) {
      expect(button.custom_id?.length ?? 0).toBeLessThanOrEqual(100);
      expect(button.label?.length ?? 0).toBeLessThanOrEqual(80);
    }
  }
}

/** The embed's visible text in one string, for `toContain` checks. */
export function embedText(body: MessageBody): string {
  return (body.embeds ?? [])
    .flatMap((embed) => [
      embed.title ?? '',
      embed.description ?? '',
      ...(embed.fields ?? []).flatMap((field) => [field.name, field.value]),
      embed.footer?.text ?? '',
    ])
    .join('\n');
}
