/*
 * The WebAssembly kernel of `sources.json(input, { fields })`: it checks NDJSON lines (or one
 * record) exactly as JSON.parse would accept them and finds the wanted top-level fields, so
 * that JavaScript builds only those values. Built by `npm run build:wasm` (clang, wasm32,
 * SIMD128); `lib/records/json-kernel.ts` drives it.
 *
 * Two stages, as simdjson does it (Langdale and Lemire, "Parsing gigabytes of JSON per
 * second", 2019):
 *
 * 1. Structural indexing, 64 bytes at a time with SIMD compares turned into bit masks:
 *    backslash runs give the escaped bytes, unescaped quotes give the string mask by a prefix
 *    XOR, and the positions of the brackets, colons and commas outside strings, of the
 *    opening quotes, of the first byte of every other run of non-blank bytes (numbers,
 *    literals, garbage) and of the line breaks are written out. Unlike simdjson's, this stage
 *    also checks what a parser that skips values would not: a control byte inside a string,
 *    and every escape (`\u` with four hex digits), so that a skipped string is checked too.
 *    Nothing checks UTF-8: JavaScript decodes bytes with replacement characters, which never
 *    change where a string or a token starts, and JSON.parse accepts any character in one.
 *
 * 2. A walk of those positions line by line, with a stack of open brackets: the grammar of
 *    objects and arrays, numbers and literals checked to their last byte (a scalar must end at
 *    a blank or a bracket, colon or comma), and each top-level key compared with the wanted
 *    names (decoding its escapes when it has any). For each line it writes where it ends and
 *    either the wanted values (kind, position, and the number itself when Clinger's fast path
 *    reads it exactly), or BLANK, or SLOW: "let JavaScript decide" (a record that is not an
 *    object, one nested deeper than the stack, or one that is not valid JSON, whose error
 *    JSON.parse must word).
 *
 * A line's string state cannot leak into the next one: a line with an unclosed string has a
 * line break inside a string, which is an error at that byte; stage 1 then starts again
 * after that line.
 */
#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

typedef uint8_t u8;
typedef uint32_t u32;
typedef int32_t i32;
typedef uint64_t u64;
typedef int64_t i64;

/* Kinds of a wanted value, in the entry tape. */
enum { K_ASCII = 1, K_UTF8, K_ESCAPED, K_NUMBER, K_NUMBER_TEXT, K_TRUE, K_FALSE, K_NULL, K_OBJECT, K_ARRAY, K_INT };
/* A line's code, in the line tape: >= 0 is its number of entries. */
enum { L_BLANK = -1, L_SLOW = -2 };

#define PAD 64
#define MAX_KEYS 64
#define KEY_BYTES 4096
#define MAX_DEPTH 1024
#define LINES_CAP 4096
#define ENTS_CAP 8192
#define NONE 0xffffffffu

extern u8 __heap_base;

static i32 line_tape[2 * LINES_CAP]; /* per line: its end (the line break, or the region's end), its code */
static i32 ent_tape[3 * ENTS_CAP];   /* per entry: key | kind << 8, start, end */
static double num_tape[ENTS_CAP];    /* per entry: the number, for K_NUMBER */
static u8 key_table[KEY_BYTES];      /* the wanted names' UTF-8 bytes, back to back */
static u32 key_len[MAX_KEYS];
static u32 key_off[MAX_KEYS];
static u32 nkeys, max_key_len;
static u8 key_raw[MAX_KEYS]; /* 1: the name may be written as it is (no quote, backslash or control byte) */
static u8 key_first[256];    /* 1 for the first bytes of those names (a quote for the empty name) */
static u8 key_scratch[KEY_BYTES + 8]; /* a key with escapes, decoded */

static u8 *in;       /* the region, then PAD spare bytes */
static u32 *idx;     /* positions found by stage 1, then one sentinel */
static u8 *bs_block; /* per 64-byte block of the current run: it holds a backslash */
static u32 cap;

static u32 len, lines_mode, done;
static u32 run_start; /* where the current stage-1 run began */
static u32 ntok, tok; /* positions in idx, and the next to read */
static u32 err_pos;   /* the first stage-1 error of the run, or NONE */
static u32 run_escapes; /* the run holds a backslash */
static u32 line_end, restart;
static u8 stack[MAX_DEPTH];
static u32 slot_gen[MAX_KEYS], slot_of[MAX_KEYS], gen;

static const double POW10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* 1 for the bytes a scalar may end before: blank space, brackets, colon, comma. */
static const u8 TERM[256] = {[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, [','] = 1, [':'] = 1, ['['] = 1, [']'] = 1, ['{'] = 1, ['}'] = 1};
/* 1 for the bytes after a backslash that make an escape (`u` is checked further). */
static const u8 ESCAPE[256] = {['"'] = 1, ['\\'] = 1, ['/'] = 1, ['b'] = 1, ['f'] = 1, ['n'] = 1, ['r'] = 1, ['t'] = 1, ['u'] = 1};
/* The value of a hex digit, 0xff for other bytes. */
static u8 HEX[256];

static u8 POSITIONS[256][8]; /* the positions of the set bits of each byte, then zeros */
static u8 POPCOUNT[256];

static void tables(void) {
  for (u32 c = 0; c < 256; c++) HEX[c] = 0xff;
  for (u32 c = 0; c < 10; c++) HEX['0' + c] = (u8)c;
  for (u32 c = 0; c < 6; c++) HEX['a' + c] = HEX['A' + c] = (u8)(10 + c);
  for (u32 v = 0; v < 256; v++) {
    u32 n = 0;
    for (u32 j = 0; j < 8; j++)
      if (v >> j & 1) POSITIONS[v][n++] = (u8)j;
    POPCOUNT[v] = (u8)n;
  }
}

static inline int is_ws(u8 c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
static inline int is_digit(u8 c) { return (u8)(c - '0') < 10; }

EXPORT(line_tape) i32 *line_tape_ptr(void) { return line_tape; }
EXPORT(ent_tape) i32 *ent_tape_ptr(void) { return ent_tape; }
EXPORT(num_tape) double *num_tape_ptr(void) { return num_tape; }
EXPORT(key_table) u8 *key_table_ptr(void) { return key_table; }
EXPORT(key_lengths) u32 *key_len_ptr(void) { return key_len; }
EXPORT(max_keys) u32 max_keys(void) { return MAX_KEYS; }
EXPORT(key_bytes) u32 key_bytes(void) { return KEY_BYTES; }

/* The wanted names are set: `n` lengths in key_len, their bytes in key_table. */
EXPORT(set_keys) void set_keys(u32 n) {
  u32 off = 0;
  nkeys = n;
  max_key_len = 0;
  for (u32 c = 0; c < 256; c++) key_first[c] = 0;
  for (u32 k = 0; k < n; k++) {
    key_off[k] = off;
    off += key_len[k];
    if (key_len[k] > max_key_len) max_key_len = key_len[k];
    key_raw[k] = 1;
    for (u32 j = 0; j < key_len[k]; j++) {
      u8 c = key_table[key_off[k] + j];
      if (c == '"' || c == '\\' || c < 0x20) key_raw[k] = 0;
    }
    if (key_raw[k]) key_first[key_len[k] ? key_table[key_off[k]] : '"'] = 1;
    slot_gen[k] = 0;
  }
  gen = 0;
  tables();
}

/* Room for regions of `capacity` bytes; returns where to write them, or 0 when memory cannot grow. */
EXPORT(reserve) u8 *reserve(u32 capacity) {
  u32 base = ((u32)&__heap_base + 63) & ~63u;
  u32 in_size = (capacity + PAD + 64 + 63) & ~63u;
  u32 idx_size = 4 * (capacity + 64); /* flatten writes up to 8 positions past the count */
  u32 bs_size = capacity / 64 + 4;
  u64 end = (u64)base + in_size + idx_size + bs_size;
  u64 have = (u64)__builtin_wasm_memory_size(0) << 16;
  if (end > have) {
    u64 pages = (end - have + 65535) >> 16;
    if (__builtin_wasm_memory_grow(0, (u32)pages) == (u32)-1) return 0;
  }
  in = (u8 *)base;
  idx = (u32 *)(base + in_size);
  bs_block = (u8 *)(base + in_size + idx_size);
  cap = capacity;
  return in;
}

static inline u64 prefix_xor(u64 x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

static inline u64 bits(v128_t a, v128_t b, v128_t c, v128_t d) {
  return (u64)(uint16_t)wasm_i8x16_bitmask(a) | (u64)(uint16_t)wasm_i8x16_bitmask(b) << 16 | (u64)(uint16_t)wasm_i8x16_bitmask(c) << 32 |
         (u64)(uint16_t)wasm_i8x16_bitmask(d) << 48;
}

/*
 * Bytes of one 16-byte vector, classified by table lookups on their low nibble, as simdjson
 * does: a byte is blank space when it equals WS_TABLE[its low nibble], and an operator when,
 * with bit 5 set ('[' and ']' become '{' and '}'), it equals OP_TABLE[its low nibble]. The
 * control bytes 0x0c and 0x1a pass as operators too: inside a string they are errors anyway,
 * outside it no rule takes them.
 */
typedef struct {
  v128_t quote, op, ws, newline, rare;
} classes;

static inline classes classify(v128_t v) {
  const v128_t WS_TABLE = wasm_i8x16_make(' ', 0, 0, 0, 0, 0, 0, 0, 0, '\t', '\n', 0, 0, '\r', 0, 0);
  const v128_t OP_TABLE = wasm_i8x16_make(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ':', '{', ',', '}', 0, 0);
  classes c;
  v128_t low = wasm_v128_and(v, wasm_i8x16_splat(0x0f));
  c.ws = wasm_i8x16_eq(wasm_i8x16_swizzle(WS_TABLE, low), v);
  c.op = wasm_i8x16_eq(wasm_i8x16_swizzle(OP_TABLE, low), wasm_v128_or(v, wasm_i8x16_splat(0x20)));
  c.quote = wasm_i8x16_eq(v, wasm_i8x16_splat('"'));
  c.newline = wasm_i8x16_eq(v, wasm_i8x16_splat('\n'));
  /* What is rare in a block: a backslash, or a control byte other than a line break. */
  c.rare = wasm_v128_or(wasm_i8x16_eq(v, wasm_i8x16_splat('\\')), wasm_v128_andnot(wasm_u8x16_lt(v, wasm_i8x16_splat(0x20)), c.newline));
  return c;
}

/* The escaped bytes of `mask` (inside strings) that do not make a valid escape. */
static u64 bad_escapes(const u8 *p, u64 mask) {
  u64 bad = 0;
  while (mask) {
    u32 j = (u32)__builtin_ctzll(mask);
    mask &= mask - 1;
    u8 c = p[j];
    if (!ESCAPE[c]) bad |= 1ull << j;
    else if (c == 'u' && (HEX[p[j + 1]] | HEX[p[j + 2]] | HEX[p[j + 3]] | HEX[p[j + 4]]) == 0xff) bad |= 1ull << j;
  }
  return bad;
}

/*
 * Writes the positions of the bits of `s` (block at `b`) from idx[n]; returns the new count.
 * A byte of the mask at a time, its positions from a table, eight written whatever its
 * count (the extra ones are overwritten next): no branch on the count, and none of the
 * serial dependence of clearing the lowest bit once per position, which took a third of
 * this stage.
 */

static inline u32 flatten(u32 n, u32 b, u64 s) {
  if (!s) return n;
  u32 *out = idx + n;
  v128_t base = wasm_i32x4_splat((i32)b);
  const v128_t eight = wasm_i32x4_splat(8);
  for (u32 j = 0; j < 8; j++) {
    u32 byte = (u32)(s >> (8 * j)) & 0xff;
    v128_t p8 = wasm_v128_load64_zero(POSITIONS[byte]);
    v128_t p16 = wasm_u16x8_extend_low_u8x16(p8);
    wasm_v128_store(out, wasm_i32x4_add(wasm_u32x4_extend_low_u16x8(p16), base));
    wasm_v128_store(out + 4, wasm_i32x4_add(wasm_u32x4_extend_high_u16x8(p16), base));
    out += POPCOUNT[byte];
    base = wasm_i32x4_add(base, eight);
  }
  return (u32)(out - idx);
}

/* Stage 1 over [from, len): fills idx and err_pos, then sets the sentinels. */
static void stage1(u32 from) {
  const u64 ODD = 0xAAAAAAAAAAAAAAAAull;
  u64 prev_escaped = 0, prev_in_string = 0, prev_scalar = 0, in_string = 0;
  u32 n = 0, b = from, last = from;
  in[len] = ' ';
  in[len + 1] = ' ';
  run_start = from;
  run_escapes = 0;
  err_pos = NONE;
  for (; b < len; b += 64) {
    const u8 *p = in + b;
    v128_t v0 = wasm_v128_load(p), v1 = wasm_v128_load(p + 16), v2 = wasm_v128_load(p + 32), v3 = wasm_v128_load(p + 48);
    classes c0 = classify(v0), c1 = classify(v1), c2 = classify(v2), c3 = classify(v3);
    u64 quote = bits(c0.quote, c1.quote, c2.quote, c3.quote);
    u64 op = bits(c0.op, c1.op, c2.op, c3.op);
    u64 ws = bits(c0.ws, c1.ws, c2.ws, c3.ws);
    u64 newline = bits(c0.newline, c1.newline, c2.newline, c3.newline);
    u64 backslash = 0, ctrl = newline;
    if (wasm_v128_any_true(wasm_v128_or(wasm_v128_or(c0.rare, c1.rare), wasm_v128_or(c2.rare, c3.rare)))) {
      const v128_t bs = wasm_i8x16_splat('\\'), space = wasm_i8x16_splat(0x20);
      backslash = bits(wasm_i8x16_eq(v0, bs), wasm_i8x16_eq(v1, bs), wasm_i8x16_eq(v2, bs), wasm_i8x16_eq(v3, bs));
      ctrl = bits(wasm_u8x16_lt(v0, space), wasm_u8x16_lt(v1, space), wasm_u8x16_lt(v2, space), wasm_u8x16_lt(v3, space));
    }
    if (!lines_mode) newline = 0;
    u64 escaped;
    if (backslash) {
      /* simdjson's escape scanner: odd runs of backslashes escape the byte after them. */
      u64 potential = backslash & ~prev_escaped;
      u64 codes = (((potential << 1) | ODD) - potential) ^ ODD;
      escaped = codes ^ (backslash | prev_escaped);
      prev_escaped = (codes & backslash) >> 63;
    } else {
      escaped = prev_escaped;
      prev_escaped = 0;
    }
    bs_block[(b - from) >> 6] = backslash != 0;
    run_escapes |= backslash != 0;
    quote &= ~escaped;
    in_string = prefix_xor(quote) ^ prev_in_string; /* opening quotes in, closing quotes out */
    prev_in_string = (u64)((i64)in_string >> 63);
    u64 scalar = ~(op | ws);
    u64 plain = scalar & ~quote;
    u64 follows = plain << 1 | prev_scalar;
    prev_scalar = plain >> 63;
    u64 structural = (op | (scalar & ~follows) | newline) & ~(in_string ^ quote);
    u64 bad = ctrl & in_string;
    u64 escapes = escaped & in_string;
    if (escapes) bad |= bad_escapes(p, escapes);
    last = b;
    if (bad) {
      u32 at = (u32)__builtin_ctzll(bad);
      err_pos = b + at;
      structural &= at == 0 ? 0 : ~0ull >> (64 - at);
    }
    n = flatten(n, b, structural);
    if (bad) break;
  }
  /* A string still open at the last byte: the record ends inside it. */
  if (err_pos == NONE && len > from && (in_string >> (len - 1 - last) & 1)) err_pos = len;
  ntok = n;
  tok = 0;
  idx[n] = err_pos == NONE ? len : len + 1;
  in[len] = '\n'; /* the end reads as a line break */
  in[len + 1] = 0; /* the error sentinel reads as nothing valid */
}

/* Decodes the escaped key in [s, e) into key_scratch; returns its length, or NONE when it cannot be wanted. */
static u32 decode_key(const u8 *s, const u8 *e) {
  u32 n = 0;
  while (s < e) {
    if (n + 4 > max_key_len + 4) return NONE;
    u8 c = *s++;
    if (c != '\\') {
      key_scratch[n++] = c;
      continue;
    }
    c = *s++;
    u32 cp;
    switch (c) {
      case 'b': cp = 8; break;
      case 'f': cp = 12; break;
      case 'n': cp = 10; break;
      case 'r': cp = 13; break;
      case 't': cp = 9; break;
      case 'u':
        cp = (u32)HEX[s[0]] << 12 | (u32)HEX[s[1]] << 8 | (u32)HEX[s[2]] << 4 | HEX[s[3]];
        s += 4;
        if (cp >= 0xd800 && cp < 0xdc00 && s + 6 <= e && s[0] == '\\' && s[1] == 'u') {
          u32 lo = (u32)HEX[s[2]] << 12 | (u32)HEX[s[3]] << 8 | (u32)HEX[s[4]] << 4 | HEX[s[5]];
          if (lo >= 0xdc00 && lo < 0xe000) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            s += 6;
          }
        }
        /* A lone surrogate is no well-formed name's: a byte no UTF-8 holds. */
        if (cp >= 0xd800 && cp < 0xe000) {
          key_scratch[n++] = 0xff;
          continue;
        }
        break;
      default: cp = c; /* " \ / */
    }
    if (cp < 0x80) key_scratch[n++] = (u8)cp;
    else if (cp < 0x800) {
      key_scratch[n++] = (u8)(0xc0 | cp >> 6);
      key_scratch[n++] = (u8)(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      key_scratch[n++] = (u8)(0xe0 | cp >> 12);
      key_scratch[n++] = (u8)(0x80 | (cp >> 6 & 0x3f));
      key_scratch[n++] = (u8)(0x80 | (cp & 0x3f));
    } else {
      key_scratch[n++] = (u8)(0xf0 | cp >> 18);
      key_scratch[n++] = (u8)(0x80 | (cp >> 12 & 0x3f));
      key_scratch[n++] = (u8)(0x80 | (cp >> 6 & 0x3f));
      key_scratch[n++] = (u8)(0x80 | (cp & 0x3f));
    }
  }
  return n;
}

static i32 find_key(const u8 *s, u32 n) {
  for (u32 k = 0; k < nkeys; k++) {
    if (key_len[k] != n) continue;
    const u8 *name = key_table + key_off[k];
    u32 j = 0;
    while (j < n && name[j] == s[j]) j++;
    if (j == n) return (i32)k;
  }
  return -1;
}

/*
 * The wanted key whose string opens at `q` (its colon at `colon`), or -1. A name without a
 * quote or backslash matches where its bytes follow the opening quote and a quote follows
 * them: that quote is then the closing one. A key with an escape is decoded and compared.
 */
static i32 match_escaped(u32 q, u32 colon);

static inline i32 match_key(u32 q, u32 colon) {
  const u8 *s = in + q + 1;
  if (key_first[*s]) {
    for (u32 k = 0; k < nkeys; k++) {
      u32 n = key_len[k];
      if (s[n] != '"' || !key_raw[k]) continue;
      const u8 *name = key_table + key_off[k];
      u32 j = 0;
      while (j < n && name[j] == s[j]) j++;
      if (j == n) return (i32)k;
    }
  }
  return run_escapes ? match_escaped(q, colon) : -1;
}

/* A key of a run that holds backslashes: decoded and compared when it has an escape. */
static i32 match_escaped(u32 q, u32 colon) {
  u32 e = colon - 1;
  while (e > q && is_ws(in[e])) e--;
  if (e <= q) return -1;
  for (u32 blk = (q - run_start) >> 6; blk <= (e - run_start) >> 6; blk++) {
    if (!bs_block[blk]) continue;
    for (u32 i = q + 1; i < e; i++) {
      if (in[i] != '\\') continue;
      u32 m = decode_key(in + q + 1, in + e);
      return m == NONE ? -1 : find_key(key_scratch, m);
    }
    break;
  }
  return -1;
}

/* The entry of wanted key `k` in this line: a duplicate key reuses (overwrites) the first one's. */
static inline u32 entry(u32 k, u32 *ne) {
  if (slot_gen[k] != gen) {
    slot_gen[k] = gen;
    slot_of[k] = (*ne)++;
  }
  return slot_of[k];
}

static inline void put(u32 e, u32 key, u32 kind, u32 start, u32 end) {
  ent_tape[3 * e] = (i32)(key | kind << 8);
  ent_tape[3 * e + 1] = (i32)start;
  ent_tape[3 * e + 2] = (i32)end;
}

/* Checks the number at `t`; returns past it (0 when it is not JSON's), its value in *value when exact. */
static u32 number(u32 t, double *value, u32 *exact) {
  const u8 *p = in + t;
  u32 negative = *p == '-';
  p += negative;
  u64 m = 0;
  u32 overflow = 0;
  i32 exponent = 0;
  if (*p == '0') p++;
  else if (*p >= '1' && *p <= '9') {
    do {
      if (m < 1000000000000000000ull) m = m * 10 + (u64)(*p - '0');
      else overflow = 1;
      p++;
    } while (is_digit(*p));
  } else return 0;
  if (*p == '.') {
    p++;
    if (!is_digit(*p)) return 0;
    do {
      if (m < 1000000000000000000ull) m = m * 10 + (u64)(*p - '0');
      else overflow = 1;
      exponent--;
      p++;
    } while (is_digit(*p));
  }
  if ((*p | 0x20) == 'e') {
    p++;
    i32 sign = 1;
    if (*p == '-') {
      sign = -1;
      p++;
    } else if (*p == '+') p++;
    if (!is_digit(*p)) return 0;
    i32 e = 0;
    do {
      if (e < 100000) e = e * 10 + (*p - '0');
      p++;
    } while (is_digit(*p));
    exponent += sign * e;
  }
  if (!TERM[*p]) return 0;
  /* Clinger's fast path: an exact mantissa below 2^53 and an exact power of ten. */
  *exact = !overflow && m < (1ull << 53) && exponent >= -22 && exponent <= 22;
  if (*exact) {
    double v = exponent < 0 ? (double)m / POW10[-exponent] : (double)m * POW10[exponent];
    *value = negative ? -v : v;
  }
  return (u32)(p - in);
}

/* Checks the number at `t` without reading its value: 1 when it is JSON's. */
static inline u32 skip_number(u32 t) {
  const u8 *p = in + t;
  p += *p == '-';
  if (*p == '0') p++;
  else if (*p >= '1' && *p <= '9') {
    do p++;
    while (is_digit(*p));
  } else return 0;
  if (*p == '.') {
    p++;
    if (!is_digit(*p)) return 0;
    do p++;
    while (is_digit(*p));
  }
  if ((*p | 0x20) == 'e') {
    p++;
    p += *p == '-' || *p == '+';
    if (!is_digit(*p)) return 0;
    do p++;
    while (is_digit(*p));
  }
  return TERM[*p];
}

/* Where the line holding the error ends. */
static u32 error_line_end(void) {
  if (!lines_mode) return len;
  u32 e = err_pos;
  while (e < len && in[e] != '\n') e++;
  return e;
}

/* Walks one line's positions from `tok`; writes its entries from *ne; returns its code, sets line_end. */
static i32 parse_line(u32 *ne) {
  u32 first = *ne, k = tok, depth = 0, t = idx[k], open = NONE;
  i32 want = -1;
  u8 c = in[t];
  if (++gen == 0) {
    for (u32 j = 0; j < MAX_KEYS; j++) slot_gen[j] = 0;
    gen = 1;
  }
  if (c == '\n') {
    line_end = t;
    tok = t < len ? k + 1 : k;
    return L_BLANK;
  }
  if (c != '{') goto slow;

object_begin:
  if (depth == MAX_DEPTH) goto slow;
  stack[depth++] = '{';
  t = idx[++k];
  c = in[t];
  if (c == '}') goto scope_end;
  if (c != '"') goto slow;

object_key: {
  u32 colon = idx[++k];
  if (in[colon] != ':') goto slow;
  want = depth == 1 ? match_key(t, colon) : -1;
  t = idx[++k];
}

value:
  c = in[t];
  if (c == '"') {
    if (want >= 0) {
      u32 e = idx[k + 1] - 1;
      while (e > t && is_ws(in[e])) e--;
      if (e <= t) goto slow;
      u8 any = 0, escape = 0;
      for (u32 i = t + 1; i < e; i++) {
        any |= in[i];
        escape |= in[i] == '\\';
      }
      u32 slot = entry((u32)want, ne);
      if (escape) put(slot, (u32)want, K_ESCAPED, t, e + 1);
      else put(slot, (u32)want, any & 0x80 ? K_UTF8 : K_ASCII, t + 1, e);
    }
  } else if (c == '{' || c == '[') {
    if (want >= 0) {
      open = entry((u32)want, ne);
      put(open, (u32)want, c == '{' ? K_OBJECT : K_ARRAY, t, t);
      want = -1;
    }
    if (c == '{') goto object_begin;
    goto array_begin;
  } else if (c == '-' || is_digit(c)) {
    if (want < 0) {
      if (!skip_number(t)) goto slow;
      goto after_value;
    }
    double v = 0;
    u32 exact = 0, e = number(t, &v, &exact);
    if (e == 0) goto slow;
    u32 slot = entry((u32)want, ne);
    if (!exact) put(slot, (u32)want, K_NUMBER_TEXT, t, e);
    else if (v >= -2147483648.0 && v <= 2147483647.0 && v == (double)(i32)v && !(v == 0 && c == '-'))
      put(slot, (u32)want, K_INT, t, (u32)(i32)v); /* a small integer, as JavaScript keeps it: no box */
    else {
      put(slot, (u32)want, K_NUMBER, t, e);
      num_tape[slot] = v;
    }
  } else if (c == 't') {
    if (!(in[t + 1] == 'r' && in[t + 2] == 'u' && in[t + 3] == 'e' && TERM[in[t + 4]])) goto slow;
    if (want >= 0) put(entry((u32)want, ne), (u32)want, K_TRUE, t, t + 4);
  } else if (c == 'f') {
    if (!(in[t + 1] == 'a' && in[t + 2] == 'l' && in[t + 3] == 's' && in[t + 4] == 'e' && TERM[in[t + 5]])) goto slow;
    if (want >= 0) put(entry((u32)want, ne), (u32)want, K_FALSE, t, t + 5);
  } else if (c == 'n') {
    if (!(in[t + 1] == 'u' && in[t + 2] == 'l' && in[t + 3] == 'l' && TERM[in[t + 4]])) goto slow;
    if (want >= 0) put(entry((u32)want, ne), (u32)want, K_NULL, t, t + 4);
  } else goto slow;

after_value:
  want = -1;
  if (depth == 0) {
    t = idx[++k];
    if (in[t] != '\n') goto slow;
    line_end = t;
    tok = t < len ? k + 1 : k;
    return (i32)(*ne - first);
  }
  t = idx[++k];
  c = in[t];
  if (c == ',') {
    t = idx[++k];
    if (stack[depth - 1] == '[') goto value;
    if (in[t] != '"') goto slow;
    goto object_key;
  }
  if (c == stack[depth - 1] + 2) goto scope_end; /* '}' and ']' are two past '{' and '[' */
  goto slow;

array_begin:
  if (depth == MAX_DEPTH) goto slow;
  stack[depth++] = '[';
  t = idx[++k];
  if (in[t] == ']') goto scope_end;
  goto value;

scope_end:
  depth--;
  if (depth == 1 && open != NONE) {
    ent_tape[3 * open + 2] = (i32)(t + 1);
    open = NONE;
  }
  goto after_value;

slow:
  /* Not taken here: skip to the line's end (a line break, the region's end, or the error). */
  *ne = first;
  for (;; k++) {
    t = idx[k];
    if (t == len + 1) {
      line_end = error_line_end();
      restart = 1;
      break;
    }
    if (in[t] == '\n') {
      line_end = t;
      tok = t < len ? k + 1 : k;
      break;
    }
  }
  return L_SLOW;
}

/* A region of `length` bytes at `in`: NDJSON lines (`lines` 1) or one record (0). */
EXPORT(begin) void begin(u32 length, u32 lines) {
  len = length;
  lines_mode = lines;
  done = 0;
  /* Blank spare bytes: stage 1 reads whole blocks, and an escape checks four bytes on. */
  for (u32 i = 0; i < PAD; i++) in[len + i] = ' ';
  stage1(0);
}

/* Fills the tapes with the next lines of the region; returns how many (0: the region is done). */
EXPORT(next) u32 next(void) {
  u32 nl = 0, ne = 0;
  while (!done && nl < LINES_CAP && ne + nkeys <= ENTS_CAP) {
    restart = 0;
    i32 code = parse_line(&ne);
    line_tape[2 * nl] = (i32)line_end;
    line_tape[2 * nl + 1] = code;
    nl++;
    if (!lines_mode || line_end + 1 >= len) done = 1;
    else if (restart) stage1(line_end + 1);
  }
  return nl;
}
