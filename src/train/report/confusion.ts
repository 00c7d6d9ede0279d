/** Confusion matrix as a heat map: rows are true classes, columns predictions. */
import { svgDocument, text } from './svg.js';

export function confusionSvg(confusion: number[][], classNames: string[], title: string): string {
  const n = classNames.length;
  const cell = 40, left = 100, top = 60;
  const width = left + n * cell + 20, height = top + n * cell + 80;
  const body: string[] = [text(width / 2, 24, title, 'text-anchor="middle" font-size="15"')];
  confusion.forEach((row, i) => {
    const total = Math.max(1, row.reduce((a, b) => a + b, 0));
    row.forEach((count, j) => {
      const share = count / total;
      const shade = Math.round(255 - share * 215);
      const fill = i === j ? `rgb(${shade},${Math.min(255, shade + 30)},255)` : `rgb(255,${shade},${shade})`;
      body.push(`<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${fill}" stroke="#ccc"/>`);
      body.push(text(left + j * cell + cell / 2, top + i * cell + cell / 2 + 4, String(count), `text-anchor="middle" font-size="10" fill="${share > 0.6 ? 'white' : 'black'}"`));
    });
    body.push(text(left - 6, top + i * cell + cell / 2 + 4, classNames[i]!, 'text-anchor="end"'));
  });
  classNames.forEach((name, j) => {
    const x = left + j * cell + cell / 2, y = top + n * cell + 8;
    body.push(text(x, y, name, `text-anchor="end" transform="rotate(-45 ${x} ${y})" font-size="11"`));
  });
  body.push(text(left + (n * cell) / 2, height - 6, 'predicted', 'text-anchor="middle"'));
  body.push(text(left - 90, top - 10, 'true ↓', ''));
  return svgDocument(width, height, body);
}
