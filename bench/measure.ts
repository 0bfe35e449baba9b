/**
 * How a question is measured: each row's median time per operation with mitata, in rounds
 * that interleave the rows (a slow stretch of a noisy machine hits every row alike), and its
 * heap bytes per operation. The ratio of a row is the median over rounds of its median divided
 * by the baseline's median in the same round. Questions whose budgets are a few percent use
 * `measureInterleaved` instead: rows alternate every few calls, timed by CPU time, and a
 * round's ratio is the median of the rows' paired slices.
 */
import { measure } from 'mitata'
import { getHeapStatistics } from 'node:v8'

/** One row of a question: a library (or configuration) doing the question's operation. */
export interface Row {
  readonly name: string
  readonly fn: () => unknown
}

export interface RowResult {
  readonly name: string
  /** Median time per operation, in nanoseconds (median over rounds of mitata's p50). */
  readonly medianNs: number
  /** Median over rounds of this row's p50 / the baseline's p50 in the same round. */
  readonly ratio: number
  /** The interquartile range of those per-round ratios: the spread the ratio is quoted with. */
  readonly ratioQ1: number
  readonly ratioQ3: number
  /** Heap bytes allocated per operation (no GC in between; median of batches). */
  readonly heapBytes: number
  /** mitata's p50 of each round, in nanoseconds. */
  readonly roundsNs: readonly number[]
}

export interface QuestionResult {
  readonly id: string
  readonly title: string
  /** The row every ratio is taken against. */
  readonly baseline: string
  readonly rows: readonly RowResult[]
}

export interface MeasureOptions {
  /** Rounds of every row; default 3. */
  readonly rounds?: number
  /** CPU time mitata spends on one row in one round, in ms; default 300. */
  readonly timeMs?: number
}

/** Measures every row; `rows[0]` is the baseline. Every row is run once first, to check it. */
export async function measureQuestion(
  id: string,
  title: string,
  rows: readonly Row[],
  options: MeasureOptions = {},
): Promise<QuestionResult> {
  const rounds = options.rounds ?? 3
  const timeMs = options.timeMs ?? 300
  for (const row of rows) await row.fn()
  const samples = rows.map(() => [] as number[])
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round, so no row always runs first or last.
    for (let k = 0; k < rows.length; k++) {
      const i = (k + round) % rows.length
      const stats = await measure(rows[i]!.fn, { min_cpu_time: timeMs * 1e6 })
      samples[i]!.push(stats.p50)
    }
  }
  const base = samples[0]!
  const results: RowResult[] = []
  for (let i = 0; i < rows.length; i++) {
    results.push({
      ...ratioStats(rows[i]!.name, samples[i]!, base),
      heapBytes: await heapPerOp(rows[i]!.fn),
    })
  }
  return { id, title, baseline: rows[0]!.name, rows: results }
}

/** How `measureInterleaved` times a slice. */
export type Clock = 'cpu' | 'wall'

export interface InterleavedOptions {
  /** Rounds, each giving one ratio per row; default 12. */
  readonly rounds?: number
  /** Slices per round; default 24. */
  readonly slices?: number
  /** Calls of one row in one slice; default 30. */
  readonly calls?: number
  /**
   * `cpu` (default): the process's CPU time, user + system, all threads, which time spent
   * waiting for a core does not inflate; `wall`: `performance.now()`.
   */
  readonly clock?: Clock
  /** Whether to measure each row's heap bytes per operation afterwards; default true. */
  readonly heap?: boolean
}

/**
 * Measures every row, `rows[0]` the baseline, interleaved finely enough to tell rows 2% apart
 * on a shared machine. Each round is `slices` slices; in each slice every row runs `calls`
 * calls back to back, the order rotated slice by slice, so the rows of one slice ran within
 * milliseconds of each other, under the same load. A row's ratio for a round is the median
 * over the round's slices of its slice's time divided by the baseline's in the same slice:
 * the pairs cancel what the machine does to both, and the median leaves out the few slices a
 * preemption, a garbage collection or a timer lands in, for every row alike (what each row
 * allocates is its heap column). Its time for a round is the median of its slices' time per
 * call. Every row is run once first, to check it, then warmed up.
 */
export async function measureInterleaved(
  id: string,
  title: string,
  rows: readonly Row[],
  options: InterleavedOptions = {},
): Promise<QuestionResult> {
  const rounds = options.rounds ?? 12
  const slices = options.slices ?? 24
  const calls = options.calls ?? 30
  const now =
    options.clock === 'wall'
      ? () => performance.now() * 1e6
      : () => {
          const { user, system } = process.cpuUsage()
          return (user + system) * 1000
        }
  for (const row of rows) await row.fn()
  // Every row's code compiled and its caches filled before the first round counts.
  for (const row of rows) for (let i = 0; i < calls * 4; i++) await row.fn()
  const times = rows.map(() => [] as number[])
  const ratios = rows.map(() => [] as number[])
  for (let round = 0; round < rounds; round++) {
    const spent = rows.map(() => [] as number[])
    for (let slice = 0; slice < slices; slice++) {
      for (let k = 0; k < rows.length; k++) {
        const i = (k + slice + round) % rows.length
        const fn = rows[i]!.fn
        const start = now()
        for (let c = 0; c < calls; c++) await fn()
        spent[i]!.push((now() - start) / calls)
      }
    }
    const base = spent[0]!
    spent.forEach((perCall, i) => {
      times[i]!.push(median(perCall))
      ratios[i]!.push(median(perCall.map((ns, slice) => ns / base[slice]!)))
    })
  }
  const results: RowResult[] = []
  for (let i = 0; i < rows.length; i++) {
    const [ratioQ1, ratioQ3] = quartiles(ratios[i]!)
    results.push({
      name: rows[i]!.name,
      medianNs: median(times[i]!),
      ratio: median(ratios[i]!),
      ratioQ1,
      ratioQ3,
      roundsNs: times[i]!,
      heapBytes: options.heap === false ? Number.NaN : await heapPerOp(rows[i]!.fn),
    })
  }
  return { id, title, baseline: rows[0]!.name, rows: results }
}

/** A row's figures from its per-round samples and the baseline's samples of the same rounds. */
export function ratioStats(name: string, samples: number[], base: readonly number[]) {
  const ratios = samples.map((ns, round) => ns / base[round]!)
  const [ratioQ1, ratioQ3] = quartiles(ratios)
  return {
    name,
    medianNs: median(samples),
    ratio: median(ratios),
    ratioQ1,
    ratioQ3,
    roundsNs: samples,
  }
}

/** `0.98 × (0.95–1.01)`: a ratio with its interquartile range over rounds. */
export function formatRatio(row: Pick<RowResult, 'ratio' | 'ratioQ1' | 'ratioQ3'>): string {
  return `${row.ratio.toFixed(2)} (${row.ratioQ1.toFixed(2)}–${row.ratioQ3.toFixed(2)})`
}

/**
 * How a row compares with another of the same question: `tied` when their interquartile
 * ranges overlap (the run cannot tell them apart), else `faster` or `slower`. The baseline's
 * own range is its per-round ratio to itself, 1–1, so a row is tied with it when its range
 * holds 1.
 */
export function compare(
  row: Pick<RowResult, 'ratioQ1' | 'ratioQ3'>,
  other: Pick<RowResult, 'ratioQ1' | 'ratioQ3'>,
): 'tied' | 'faster' | 'slower' {
  if (row.ratioQ3 < other.ratioQ1) return 'faster'
  if (row.ratioQ1 > other.ratioQ3) return 'slower'
  return 'tied'
}

/**
 * The verdict on a budget (≤ 1.02 × raw SDK, ≤ +25 ms): `yes` when the whole interquartile
 * range over rounds is within it (up to its third quartile `q3`), `unresolved` when only the
 * `median` is, `no` when the median is over it.
 */
export function budgetVerdict(
  median: number,
  q3: number,
  limit: number,
): 'yes' | 'unresolved' | 'no' {
  if (median > limit) return 'no'
  return q3 <= limit ? 'yes' : 'unresolved'
}

/** `budgetVerdict` of a row's ratio to the baseline (≤ 1.02 ×, ≤ 0.5 × raw SDK). */
export function fractionVerdict(
  row: Pick<RowResult, 'ratio' | 'ratioQ3'>,
  limit: number,
): 'yes' | 'unresolved' | 'no' {
  return budgetVerdict(row.ratio, row.ratioQ3, limit)
}

/** Bytes the heap grows per operation: batches small enough that no GC runs inside one. */
export async function heapPerOp(fn: () => unknown): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) throw new Error('Run the benchmarks with node --expose-gc.')
  // The JS heap only: V8's malloced memory moves with JIT compilation, not with the call.
  const used = () => getHeapStatistics().used_heap_size
  const batch = async (ops: number) => {
    gc()
    const before = used()
    for (let i = 0; i < ops; i++) {
      const result = fn()
      if (result instanceof Promise) await result
    }
    return (used() - before) / ops
  }
  // Size a batch to allocate about 8 MB: well inside the young generation (see bench script).
  const estimate = Math.max(await batch(10), 1)
  const ops = Math.min(5000, Math.max(10, Math.floor(8e6 / estimate)))
  const batches: number[] = []
  for (let i = 0; i < 9; i++) batches.push(await batch(ops))
  return median(batches)
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** The first and third quartiles (linear interpolation between the closest ranks). */
export function quartiles(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (p: number) => {
    const x = (sorted.length - 1) * p
    const lo = Math.floor(x)
    const hi = Math.min(lo + 1, sorted.length - 1)
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (x - lo)
  }
  return [at(0.25), at(0.75)]
}

/** `312.4 µs`, `843 ns`, `1.20 ms`. */
export function formatTime(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(1)} µs`
  return `${ns.toFixed(0)} ns`
}

/** `48.2 KiB`, `912 B`. */
export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)} MiB`
  if (Math.abs(bytes) >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${bytes.toFixed(0)} B`
}

/** A question as a Markdown table: row, median, ratio to the baseline, heap per op. */
export function formatTable(question: QuestionResult): string {
  const lines = [
    `${question.title}`,
    '',
    `| row | median | × ${question.baseline} (IQR) | vs ${question.baseline} | heap / op |`,
    '| --- | ---: | ---: | :-: | ---: |',
  ]
  const [base] = question.rows
  for (const row of question.rows) {
    const versus = row === base || base === undefined ? '' : compare(row, base)
    const heap = Number.isNaN(row.heapBytes) ? '—' : formatBytes(row.heapBytes)
    lines.push(
      `| ${row.name} | ${formatTime(row.medianNs)} | ${formatRatio(row)} | ${versus} | ${heap} |`,
    )
  }
  return lines.join('\n')
}
