/**
 * The lexer of typed text statements, at the type level: a statement's literal text → its
 * tokens, as one string in which each token is followed by one space (`'FROM bins '`). The
 * parser takes a word at a time off its front, a template match: cheaper for the compiler than
 * taking a tuple apart (measured: several times cheaper per token). It works a string at a time, not a character at a time, to
 * stay cheap for the compiler: one step per string literal, back-quoted name or comment (each
 * found by one template match), one pass per kind of white space and punctuation, one step per
 * token. Each recursion is a tail call, which TypeScript runs as a loop.
 *
 * What it gives: `''` for each string literal (its content never matters to a type), a
 * back-quoted name as `` `name` ``, and every other token as written. Text it cannot read the
 * way the real lexer does — a quote or back-quote never closed, a back-quoted name holding a
 * back-quote, white space or punctuation — gives `never`, and the statement is untyped.
 */

/** What a back-quoted name of a typed statement may not hold: it is typed as one token. */
type NotInName = OtherSpaces[number] | Punctuations[number] | ' ' | '.' | '[' | ']' | "'" | '`'

/** The tokens of `Text`, each followed by one space, or `never` when this lexer cannot read it. */
export type Tokens<Text extends string> = Squeeze<Spaced<Strip<Text>>>

/**
 * Replaces string literals with `''`, keeps back-quoted names as one token each, and drops
 * comments: whichever of `'`, `` ` `` and `--` comes first decides what the text is there.
 */
type Strip<
  Text extends string,
  Done extends string = '',
> = Text extends `${infer Plain}'${infer Rest}`
  ? BeforeQuote<Plain, `'${Rest}`, Done>
  : BeforeQuote<Text, '', Done>

/** `Plain` holds no quote; a back-quote in it comes before `Tail`'s quote. */
type BeforeQuote<
  Plain extends string,
  Tail extends string,
  Done extends string,
> = Plain extends `${infer Before}\`${infer Rest}`
  ? BeforeSpecial<Before, `\`${Rest}${Tail}`, Done>
  : BeforeSpecial<Plain, Tail, Done>

/** `Plain` holds neither quote nor back-quote; a comment in it comes before `Tail`. */
type BeforeSpecial<
  Plain extends string,
  Tail extends string,
  Done extends string,
> = Plain extends `${infer Before}--${infer Comment}`
  ? AfterComment<`${Comment}${Tail}`, `${Done}${Before} `>
  : Tail extends `'${infer Rest}`
    ? InString<Rest, `${Done}${Plain}`>
    : Tail extends `\`${infer Rest}`
      ? InName<Rest, `${Done}${Plain}`>
      : `${Done}${Plain}`

/** A comment runs to the end of its line. */
type AfterComment<
  Text extends string,
  Done extends string,
> = Text extends `${string}\n${infer Rest}` ? Strip<Rest, `${Done} `> : Done

/** Inside a string literal, where `''` is a quote. */
type InString<Text extends string, Done extends string> = Text extends `${string}'${infer Rest}`
  ? Rest extends `'${infer More}`
    ? InString<More, Done>
    : Strip<Rest, `${Done} '' `>
  : never

/** Inside a back-quoted name: typed only when it is one plain token. */
type InName<Text extends string, Done extends string> = Text extends `${infer Name}\`${infer Rest}`
  ? Name extends '' | `${string}${NotInName}${string}`
    ? never
    : Rest extends `\`${string}`
      ? never
      : Strip<Rest, `${Done}\`${Name}\``>
  : never

/** Every white space a space, punctuation spaced out, and a space before each `:param`. */
type Spaced<Text extends string> = Each<Each<Text, OtherSpaces, ' '>, Punctuations, 'pad'>

/** Characters the lexer skips besides the space (the WhiteSpace of docs/grammar.ebnf). */
type OtherSpaces = ['\n', '\t', '\r', '\v', '\f', '\u00a0', '\ufeff']
/** Characters that end a token; `:` only starts one (`a=:b` is `a`, `=`, `:b`). */
type Punctuations = [',', '(', ')', '=', '<', '>', '!', '*', ';', ':']

/** `Text` with each of `Chars` replaced, in turn: by a space, or spaced out. */
type Each<Text extends string, Chars extends string[], How extends ' ' | 'pad'> = Chars extends [
  infer Char extends string,
  ...infer Rest extends string[],
]
  ? Each<
      Replace<Text, Char, How extends ' ' ? ' ' : Char extends ':' ? ' :' : ` ${Char} `>,
      Rest,
      How
    >
  : Text

/** `Text` with each `Char` replaced by `By`. */
type Replace<
  Text extends string,
  Char extends string,
  By extends string,
  Done extends string = '',
> = Text extends `${infer Before}${Char}${infer Rest}`
  ? Replace<Rest, Char, By, `${Done}${Before}${By}`>
  : `${Done}${Text}`

/** The words of `Text`, each followed by exactly one space. */
type Squeeze<
  Text extends string,
  Done extends string = '',
> = Text extends `${infer Word} ${infer Rest}`
  ? Squeeze<Rest, Word extends '' ? Done : `${Done}${Word} `>
  : Text extends ''
    ? Done
    : `${Done}${Text} `
