/**
 * A small PDF written by hand for tests: one page per entry, each paragraph's lines in Helvetica
 * 11 pt, a blank line between paragraphs. Plain ASCII text only (PDF string escapes for `(`, `)`, `\`).
 */
const LINE_HEIGHT = 14;
const PARAGRAPH_GAP = 14;
const WRAP = 80;

const escape = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`);

function wrap(paragraph: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(/\s+/)) {
    if (line && line.length + 1 + word.length > WRAP) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function pageContent(paragraphs: string[]): string {
  const ops: string[] = [];
  let y = 760;
  for (const paragraph of paragraphs) {
    for (const line of wrap(paragraph)) {
      ops.push(`BT /F1 11 Tf 72 ${y} Td (${escape(line)}) Tj ET`);
      y -= LINE_HEIGHT;
    }
    y -= PARAGRAPH_GAP;
  }
  return ops.join('\n');
}

/** A PDF whose page n holds `pages[n - 1]`'s paragraphs; `title` goes in its document information. */
export function makePdf(pages: string[][], title?: string): Uint8Array {
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  pages.forEach((paragraphs, i) => {
    const content = pageContent(paragraphs);
    objects[pageIds[i]!] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`;
    objects[pageIds[i]! + 1] = `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
  });
  const infoId = objects.length;
  objects[infoId] = `<< /Title (${escape(title ?? '')}) /CreationDate (D:20251025093000Z) >>`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(out, 'latin1');
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R /Info ${infoId} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}
