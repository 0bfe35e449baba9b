/**
 * Draws docs/performance.svg from bench/results/latest.json: for each question that sends a
 * request, a panel of horizontal bars, one per row, the row's time as a ratio to the raw SDK
 * in the same run (shorter is faster; the dashed line is the raw SDK).
 *
 * `node dist-bench/bench/chart.js [results.json] [out.svg]`
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { QuestionResult } from './measure.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const input = process.argv[2] ?? join(root, 'bench', 'results', 'latest.json')
const output = process.argv[3] ?? join(root, 'docs', 'performance.svg')

const run = JSON.parse(readFileSync(input, 'utf8')) as {
  generatedAt: string
  machine: { cpu: string; cores: number; node: string }
  questions: QuestionResult[]
}

const WIDTH = 860
const LABEL = 250
const BAR = 16
const GAP = 5
const PANEL_TOP = 34
const PANEL_BOTTOM = 22
const PLOT = WIDTH - LABEL - 90

const colour = (name: string) =>
  name.startsWith('dql')
    ? name.includes('naive')
      ? '#9ecae1'
      : '#2171b5'
    : name.startsWith('raw SDK')
      ? '#636363'
      : '#e6550d'

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

const panels = run.questions.filter((q) => q.id !== 'compile')
const parts: string[] = []
let y = 56
for (const question of panels) {
  const max = Math.max(1.2, ...question.rows.map((r) => r.ratio))
  // A round upper bound for the axis: 1.5, 2, 3, 5, 8 …
  const top = [1.25, 1.5, 2, 3, 5, 8, 10, 15, 20].find((t) => t >= max) ?? Math.ceil(max)
  const scale = (ratio: number) => (ratio / top) * PLOT
  parts.push(
    `<text x="12" y="${y + 16}" font-size="14" font-weight="bold">${escape(question.title)}</text>`,
  )
  const rowsTop = y + PANEL_TOP
  question.rows.forEach((row, i) => {
    const rowY = rowsTop + i * (BAR + GAP)
    parts.push(
      `<text x="${LABEL - 8}" y="${rowY + BAR - 4}" font-size="12" text-anchor="end">${escape(row.name)}</text>`,
      `<rect x="${LABEL}" y="${rowY}" width="${scale(row.ratio).toFixed(1)}" height="${BAR}" fill="${colour(row.name)}"/>`,
      `<text x="${(LABEL + scale(row.ratio) + 6).toFixed(1)}" y="${rowY + BAR - 4}" font-size="12">${row.ratio.toFixed(2)}×</text>`,
    )
  })
  const bottom = rowsTop + question.rows.length * (BAR + GAP)
  const one = LABEL + scale(1)
  parts.push(
    `<line x1="${one.toFixed(1)}" y1="${rowsTop - 6}" x2="${one.toFixed(1)}" y2="${bottom}" stroke="#000" stroke-dasharray="4 3"/>`,
    `<text x="${one.toFixed(1)}" y="${rowsTop - 10}" font-size="11" text-anchor="middle">raw SDK = 1</text>`,
  )
  y = bottom + PANEL_BOTTOM
}
const height = y + 10
const svg = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif">`,
  `<rect width="100%" height="100%" fill="#fff"/>`,
  `<text x="12" y="24" font-size="16" font-weight="bold">Time per call as a ratio to the raw SDK in the same run (shorter is faster)</text>`,
  `<text x="12" y="42" font-size="12" fill="#555">${escape(`${run.generatedAt.slice(0, 10)} · ${run.machine.cpu}, ${run.machine.cores} cores · Node ${run.machine.node} · blue: dql, grey: raw SDK, orange: other libraries`)}</text>`,
  ...parts,
  '</svg>',
  '',
].join('\n')
writeFileSync(output, svg)
console.log(`Wrote ${output}`)
