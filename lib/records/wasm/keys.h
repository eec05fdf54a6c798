/*
 * Top-level keys of the JSON kernel compared with the wanted names: as written when they hold
 * no escape, decoded (to UTF-8, surrogate pairs joined) when they do.
 */
#ifndef KEYS_H
#define KEYS_H
#include "kernel.h"

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

#endif
