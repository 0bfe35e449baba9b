/**
 * "Did you mean": the known words closest to a misspelt one, for error messages about
 * keywords, functions, tables, indexes and attribute names.
 */

/** Candidates within a small edit distance of `word`, closest first (case-insensitive). */
export function didYouMean(word: string, candidates: Iterable<string>): string[] {
  const lower = word.toLowerCase()
  const limit = Math.max(1, Math.min(3, Math.floor(lower.length / 3)))
  const scored: { candidate: string; distance: number }[] = []
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase(), limit)
    if (distance <= limit) scored.push({ candidate, distance })
  }
  // Ties go to the candidate that starts like the word: people rarely slip on the first letter.
  const first = (candidate: string) => (candidate[0]?.toLowerCase() === lower[0] ? 0 : 1)
  scored.sort(
    (a, b) =>
      a.distance - b.distance ||
      first(a.candidate) - first(b.candidate) ||
      a.candidate.localeCompare(b.candidate),
  )
  return [...new Set(scored.map((s) => s.candidate))]
}

/** Damerau-Levenshtein (optimal string alignment); stops early past `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let prevPrev: number[] = []
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      // Every cell read is filled (rows are b.length + 1 long): Infinity only satisfies the types.
      let d = Math.min(
        (prev[j] ?? Infinity) + 1,
        (row[j - 1] ?? Infinity) + 1,
        (prev[j - 1] ?? Infinity) + cost,
      )
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (prevPrev[j - 2] ?? Infinity) + 1)
      }
      row.push(d)
      best = Math.min(best, d)
    }
    if (best > limit) return limit + 1
    prevPrev = prev
    prev = row
  }
  return prev[b.length] ?? limit + 1
}
