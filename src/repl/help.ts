/**
 * The shell's .help text, and the words of the language from its vocabulary.
 */
import {
  CONTEXTUAL_KEYWORD,
  FUNCTIONS,
  KEYWORDS,
  PROJECTION_FUNCTION,
  UPDATE_FUNCTIONS,
  WRITE_KEYWORDS,
} from '../language/vocabulary.js'

export const HELP = `Statements end with ; and may span lines. Examples:
  FROM bins WHERE card_bin = '411111' AND card_bin_extended = ';';
  EXPLAIN FROM orders WHERE status = 'shipped' LIMIT 5;
  SELECT COUNT(*) FROM orders WHERE customerId = :c;
  UPDATE bins SET issuer = 'Acme Bank' WHERE cardBin = '411111' AND cardBinExtended = ';';

Commands:
  .tables                 the tables statements can name
  .describe <table>       keys, fields and indexes of a table
  .set <name> <value>     set the :name parameter ('text', 42, true, null, or JSON such as ["a","b"])
  .unset <name>           forget a parameter
  .params                 the parameters set
  .format table|json      how results print (now: %FORMAT%)
  .numbers number|bigint|string  how numbers come back (now: %NUMBERS%)
  .help                   this help
  .exit                   leave (or Ctrl-D)

%WORDS%.
Reference: docs/language.md`

/** The words of the language, from its vocabulary, wrapped for the help text. */
export const WORDS = wrap(
  `Keywords: ${KEYWORDS.join(' ')}; ${CONTEXTUAL_KEYWORD} (SCAN … ${CONTEXTUAL_KEYWORD} n); in writes: ${WRITE_KEYWORDS.join(' ')}; functions: ` +
    `${FUNCTIONS.join(' ')} ${UPDATE_FUNCTIONS.join(' ')}; ${PROJECTION_FUNCTION}(*)`,
  78,
)

function wrap(text: string, width: number): string {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line === '' ? word : `${line} ${word}`
  }
  return [...lines, line].join('\n')
}
