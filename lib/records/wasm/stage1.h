/*
 * Stage 1 of the JSON kernel: 64-byte blocks classified by SIMD into bit masks, strings found
 * by the escape and prefix-XOR tricks of simdjson, control bytes and escapes inside strings
 * checked, and the structural positions written to idx.
 */
#ifndef STAGE1_H
#define STAGE1_H
#include "kernel.h"

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

#endif
