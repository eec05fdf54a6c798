/*
 * The state of the JSON kernel (json-fields.c), shared by its stages: one region at a time,
 * one instance per thread. Included once, by json-fields.c (one translation unit).
 */
#ifndef KERNEL_H
#define KERNEL_H
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

#endif
