/* fl-series-index.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fl-series-index.h"

/* One level of the wavelet matrix: one bit per value, with the number of
 * ones before each 64-bit word next to the word (one cache line per rank). */
typedef struct
{
  guint64 bits;
  guint64 ones_before;
} Word;

typedef struct
{
  Word  *words;   /* m / 64 + 1 */
  gsize  zeros;   /* number of 0 bits on this level */
} Level;

struct _FlSeriesIndex
{
  gsize    n;              /* samples */
  gsize    m;              /* samples with an RTT (not lost) */
  guint32 *valid_before;   /* n + 1: samples with an RTT before sample i */
  double  *sorted;         /* m RTTs, ascending: rank -> value */
  guint    n_levels;
  Level   *levels;         /* levels[0] holds the highest bit of the rank */
};

/* Order-preserving unsigned key of a (non-NaN) double. */
static inline guint64
double_key (double v)
{
  guint64 u;

  memcpy (&u, &v, sizeof u);
  return (u & G_GUINT64_CONSTANT (0x8000000000000000)) ? ~u
                                                      : u | G_GUINT64_CONSTANT (0x8000000000000000);
}

/* Stable LSD radix sort of @keys, carrying @order along, 11 bits a pass
 * (2048 buckets stay in the L1 cache); passes whose digit is the same for
 * every key are skipped. */
#define RADIX_BITS 11
#define RADIX_SIZE (1 << RADIX_BITS)
#define RADIX_PASSES 6

static void
radix_sort (guint64 *keys,
            guint32 *order,
            gsize    m)
{
  g_autofree guint64 *tmp_keys = g_new (guint64, MAX (m, 1));
  g_autofree guint32 *tmp_order = g_new (guint32, MAX (m, 1));
  g_autofree gsize *counts = g_new0 (gsize, RADIX_PASSES * RADIX_SIZE);
  guint64 *k_in = keys, *k_out = tmp_keys;
  guint32 *o_in = order, *o_out = tmp_order;

  for (gsize i = 0; i < m; i++)
    for (guint p = 0; p < RADIX_PASSES; p++)
      counts[p * RADIX_SIZE + ((keys[i] >> (RADIX_BITS * p)) & (RADIX_SIZE - 1))]++;

  for (guint p = 0; p < RADIX_PASSES; p++)
    {
      gsize *c = counts + p * RADIX_SIZE;
      gsize sum = 0;
      gboolean trivial = FALSE;

      for (guint b = 0; b < RADIX_SIZE; b++)
        {
          gsize k = c[b];

          if (k == m)
            trivial = TRUE;
          c[b] = sum;
          sum += k;
        }
      if (trivial)
        continue;
      for (gsize i = 0; i < m; i++)
        {
          gsize at = c[(k_in[i] >> (RADIX_BITS * p)) & (RADIX_SIZE - 1)]++;

          k_out[at] = k_in[i];
          o_out[at] = o_in[i];
        }
      {
        guint64 *k_swap = k_in;
        guint32 *o_swap = o_in;

        k_in = k_out;
        k_out = k_swap;
        o_in = o_out;
        o_out = o_swap;
      }
    }
  if (o_in != order)
    memcpy (order, o_in, m * sizeof *order);
}

/* The rank and build loops count bits; without -mpopcnt each count is a
 * libgcc call. These functions are also compiled for processors with the
 * POPCNT instruction and chosen at load time (GCC function multiversioning,
 * an ifunc). */
#if defined(__GNUC__) && defined(__x86_64__) && defined(__ELF__)
#define FL_POPCNT_CLONES __attribute__ ((target_clones ("popcnt", "default")))
#else
#define FL_POPCNT_CLONES
#endif

static inline gsize
rank1 (const Level *level,
       gsize        i)
{
  const Word *w = &level->words[i >> 6];
  guint s = i & 63;

  return w->ones_before + (s ? (gsize) __builtin_popcountll (w->bits << (64 - s)) : 0);
}

/**
 * fl_series_index_new:
 * @ts_s: (array length=n): timestamps, s since the epoch
 * @rtt_ms: (array length=n): RTT per sample in ms, NaN where lost
 * @n: number of samples
 *
 * Builds an index over the RTTs of a series that answers "the k-th smallest
 * RTT among samples lo … hi" in O(log n) time whatever the range, so that a
 * chart can take the exact median (and min and max) of every pixel column
 * without touching every sample: a wavelet matrix over the RTTs' ranks
 * (Claude, Navarro & Ordóñez, "The wavelet matrix: An efficient wavelet
 * tree for large alphabets", Information Systems 47, 2015; range quantile
 * queries as in Gagie, Puglisi & Turpin, "Range quantile queries: another
 * virtue of wavelet trees", SPIRE 2009). Ties are ranked by position, so
 * every answer is one of the stored values, bit for bit.
 *
 * Building costs O(n log n) time (a radix sort and one pass per bit of
 * the rank, some 50 ms for 10⁶ samples) and about 17 bytes per sample; do
 * it off the main thread.
 *
 * Returns: (transfer full) (nullable): the index, or %NULL when @ts_s is not
 *   ascending or @n does not fit in 32 bits (the callers then fall back to
 *   sorting per column)
 */
FL_POPCNT_CLONES FlSeriesIndex *
fl_series_index_new (const double *ts_s,
                     const double *rtt_ms,
                     gsize         n)
{
  g_autoptr(FlSeriesIndex) self = NULL;
  g_autofree guint64 *keys = NULL;
  g_autofree guint32 *order = NULL;
  g_autofree guint32 *cur = NULL;
  g_autofree guint32 *next = NULL;
  g_autofree double *values = NULL;
  gsize m = 0;
  gsize n_words;

  if (n >= G_MAXUINT32)
    return NULL;
  for (gsize i = 1; i < n; i++)
    if (!(ts_s[i] >= ts_s[i - 1]))
      return NULL;

  self = g_new0 (FlSeriesIndex, 1);
  self->n = n;
  self->valid_before = g_new (guint32, n + 1);
  values = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    {
      self->valid_before[i] = (guint32) m;
      if (!isnan (rtt_ms[i]))
        values[m++] = rtt_ms[i];
    }
  self->valid_before[n] = (guint32) m;
  self->m = m;

  /* Ranks: position in ascending order, ties by position. */
  keys = g_new (guint64, MAX (m, 1));
  order = g_new (guint32, MAX (m, 1));
  for (gsize i = 0; i < m; i++)
    {
      keys[i] = double_key (values[i]);
      order[i] = (guint32) i;
    }
  radix_sort (keys, order, m);
  g_clear_pointer (&keys, g_free);

  self->sorted = g_new (double, MAX (m, 1));
  cur = g_new (guint32, MAX (m, 1));
  for (gsize r = 0; r < m; r++)
    {
      self->sorted[r] = values[order[r]];
      cur[order[r]] = (guint32) r;
    }
  g_clear_pointer (&order, g_free);
  g_clear_pointer (&values, g_free);

  /* Levels: each stably moves its 0s before its 1s for the next. */
  self->n_levels = 1;
  while (self->n_levels < 32 && (G_GUINT64_CONSTANT (1) << self->n_levels) < m)
    self->n_levels++;
  self->levels = g_new0 (Level, self->n_levels);
  n_words = m / 64 + 1;
  next = g_new (guint32, MAX (m, 1));
  for (guint l = 0; l < self->n_levels; l++)
    {
      Level *level = &self->levels[l];
      guint bit = self->n_levels - 1 - l;
      gsize ones = 0;
      gsize z = 0;
      gsize o;
      guint32 *swap;

      level->words = g_new0 (Word, n_words);
      /* The ranks are 0 … m − 1, so the number with this bit set is known
       * before the pass: 0s go to the front, 1s after them, in order. */
      ones = (m >> (bit + 1)) << bit;
      if ((m & ((G_GUINT64_CONSTANT (2) << bit) - 1)) > (G_GUINT64_CONSTANT (1) << bit))
        ones += (m & ((G_GUINT64_CONSTANT (2) << bit) - 1)) - (G_GUINT64_CONSTANT (1) << bit);
      level->zeros = m - ones;
      o = level->zeros;
      for (gsize w = 0; w < n_words; w++)
        {
          gsize end = MIN (m, (w + 1) * 64);
          guint64 bits = 0;

          for (gsize i = w * 64; i < end; i++)
            {
              guint32 v = cur[i];
              guint64 b = (v >> bit) & 1;

              bits |= b << (i & 63);
              next[b ? o : z] = v;
              o += b;
              z += b ^ 1;
            }
          level->words[w].bits = bits;
        }
      ones = 0;
      for (gsize w = 0; w < n_words; w++)
        {
          level->words[w].ones_before = ones;
          ones += (gsize) __builtin_popcountll (level->words[w].bits);
        }
      g_assert (ones == m - level->zeros);

      swap = cur;
      cur = next;
      next = swap;
    }

  return g_steal_pointer (&self);
}

/**
 * fl_series_index_valid_before:
 * @self: an index
 * @i: a sample position, 0 … n
 *
 * Returns: how many of the samples before @i have an RTT (are not lost):
 *   the position of sample @i among the RTTs that
 *   fl_series_index_kth() ranges over
 */
gsize
fl_series_index_valid_before (const FlSeriesIndex *self,
                              gsize                i)
{
  g_return_val_if_fail (i <= self->n, 0);

  return self->valid_before[i];
}

/**
 * fl_series_index_kth:
 * @self: an index
 * @lo: first RTT of the range, counting RTTs only (see
 *   fl_series_index_valid_before())
 * @hi: end of the range (exclusive), @lo < @hi ≤ the number of RTTs
 * @k: rank wanted, 0 … @hi − @lo − 1 (0 = smallest)
 *
 * Returns: the @k-th smallest RTT (ms) among the RTTs @lo … @hi − 1, in
 *   O(log n) time
 */
FL_POPCNT_CLONES double
fl_series_index_kth (const FlSeriesIndex *self,
                     gsize                lo,
                     gsize                hi,
                     gsize                k)
{
  gsize rank = 0;

  g_return_val_if_fail (lo < hi && hi <= self->m && k < hi - lo, NAN);

  for (guint l = 0; l < self->n_levels; l++)
    {
      const Level *level = &self->levels[l];
      gsize ones_lo = rank1 (level, lo);
      gsize ones_hi = rank1 (level, hi);
      gsize zeros = (hi - lo) - (ones_hi - ones_lo);

      rank <<= 1;
      if (k < zeros)
        {
          lo -= ones_lo;
          hi -= ones_hi;
        }
      else
        {
          k -= zeros;
          rank |= 1;
          lo = level->zeros + ones_lo;
          hi = level->zeros + ones_hi;
        }
    }

  return self->sorted[rank];
}

/**
 * fl_series_index_kth_many:
 * @self: an index
 * @n_queries: number of queries
 * @lo: (array length=n_queries): first RTT of each query's range (see
 *   fl_series_index_kth())
 * @hi: (array length=n_queries): end of each range (exclusive)
 * @k: (array length=n_queries): rank wanted in each range, 0 = smallest
 * @out: (out caller-allocates) (array length=n_queries): the answers, ms
 *
 * fl_series_index_kth() for many ranges at once, one level of the index at
 * a time for all of them: the independent lookups overlap in the processor
 * and, for ranges in time order (pixel columns), sweep each level's memory
 * forwards, which makes a chart's few thousand queries several times faster
 * than one by one. Every query must satisfy fl_series_index_kth()'s
 * conditions.
 */
FL_POPCNT_CLONES void
fl_series_index_kth_many (const FlSeriesIndex *self,
                          gsize                n_queries,
                          const gsize         *lo,
                          const gsize         *hi,
                          const gsize         *k,
                          double              *out)
{
  g_autofree gsize *work = g_new (gsize, 4 * MAX (n_queries, 1));
  gsize *l = work;
  gsize *h = work + n_queries;
  gsize *kk = work + 2 * n_queries;
  gsize *rank = work + 3 * n_queries;

  for (gsize q = 0; q < n_queries; q++)
    {
      g_return_if_fail (lo[q] < hi[q] && hi[q] <= self->m && k[q] < hi[q] - lo[q]);
      l[q] = lo[q];
      h[q] = hi[q];
      kk[q] = k[q];
      rank[q] = 0;
    }

  for (guint lv = 0; lv < self->n_levels; lv++)
    {
      const Level *level = &self->levels[lv];

      for (gsize q = 0; q < n_queries; q++)
        {
          gsize ones_lo = rank1 (level, l[q]);
          gsize ones_hi = rank1 (level, h[q]);
          gsize zeros = (h[q] - l[q]) - (ones_hi - ones_lo);
          gboolean one = kk[q] >= zeros;

          rank[q] = (rank[q] << 1) | (gsize) one;
          kk[q] -= one ? zeros : 0;
          l[q] = one ? level->zeros + ones_lo : l[q] - ones_lo;
          h[q] = one ? level->zeros + ones_hi : h[q] - ones_hi;
        }
    }

  for (gsize q = 0; q < n_queries; q++)
    out[q] = self->sorted[rank[q]];
}

/**
 * fl_series_index_get_size:
 * @self: an index
 *
 * Returns: the memory the index holds, in bytes
 */
gsize
fl_series_index_get_size (const FlSeriesIndex *self)
{
  return sizeof *self + (self->n + 1) * sizeof (guint32) + MAX (self->m, 1) * sizeof (double)
         + self->n_levels * (sizeof (Level) + (self->m / 64 + 1) * sizeof (Word));
}

/**
 * fl_series_index_free:
 * @self: (nullable) (transfer full): an index
 *
 * Frees @self.
 */
void
fl_series_index_free (FlSeriesIndex *self)
{
  if (self == NULL)
    return;
  for (guint l = 0; self->levels != NULL && l < self->n_levels; l++)
    g_free (self->levels[l].words);
  g_free (self->levels);
  g_free (self->sorted);
  g_free (self->valid_before);
  g_free (self);
}
