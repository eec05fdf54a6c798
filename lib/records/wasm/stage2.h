/*
 * Stage 2 of the JSON kernel: the walk of one line's structural positions with a stack of
 * open brackets, numbers and literals checked to their last byte, the wanted values noted.
 */
#ifndef STAGE2_H
#define STAGE2_H
#include "kernel.h"

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

#endif
