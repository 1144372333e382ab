/* fl-knn.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "faultline-learn"

#include "config.h"

#include <math.h>

#include "fl-knn-private.h"

/**
 * fl_knn_rand_new:
 * @seed: a 64-bit seed
 *
 * A #GRand (Mersenne Twister) seeded with both 32-bit halves of @seed, so
 * that seeds differing only in the high word give different streams.
 *
 * Returns: (transfer full): a new #GRand; free with g_rand_free()
 */
GRand *
fl_knn_rand_new (guint64 seed)
{
  guint32 words[2] = { (guint32) (seed & 0xffffffffu), (guint32) (seed >> 32) };

  return g_rand_new_with_seed_array (words, G_N_ELEMENTS (words));
}

/**
 * fl_knn_standardise:
 * @X: (array): @n × @d row-major matrix, NaN = missing
 * @n: rows (> 0)
 * @d: columns (> 0)
 *
 * z-scores every column over the @n rows given: `(x − mean) / sd` with the
 * mean and the sample standard deviation (ddof = 1) of the column's non-NaN
 * values (Welford's online algorithm; B. P. Welford, Technometrics 4(3),
 * 1962). A column whose standard deviation is 0 or undefined (fewer than two
 * present values) gets scale 1; a column with no present value gets mean 0.
 * NaN cells stay NaN. Standardising before the k-NN search is what
 * imbalanced-learn's documentation asks of its users ("scale the features
 * first"), since its neighbours use raw Euclidean distances.
 *
 * Returns: (transfer full) (array): the @n × @d standardised matrix; free
 *   with g_free()
 */
double *
fl_knn_standardise (const double *X,
                    gsize         n,
                    gsize         d)
{
  double *Z = g_new (double, n * d);

  for (gsize c = 0; c < d; c++)
    {
      gsize cnt = 0;
      double m = 0.0, m2 = 0.0, sd, mean, scale;

      for (gsize i = 0; i < n; i++)
        {
          double v = X[i * d + c], delta;

          if (isnan (v))
            continue;
          cnt++;
          delta = v - m;
          m += delta / (double) cnt;
          m2 += delta * (v - m);
        }
      mean = cnt > 0 ? m : 0.0;
      sd = cnt > 1 ? sqrt (m2 / (double) (cnt - 1)) : NAN;
      scale = (isnan (sd) || sd == 0.0) ? 1.0 : sd;

      for (gsize i = 0; i < n; i++)
        Z[i * d + c] = (X[i * d + c] - mean) / scale;
    }

  return Z;
}

/**
 * fl_knn_dist2:
 * @a: (array length=d): a row
 * @b: (array length=d): another row
 * @d: columns
 *
 * The squared nan-Euclidean distance of
 * `sklearn.metrics.nan_euclidean_distances (squared=True)`: coordinates
 * where either row is NaN are skipped and the sum is scaled by
 * d / present. With no coordinate in common scikit-learn gives NaN; here
 * such a pair ranks behind every finite distance (+inf).
 *
 * Returns: the squared distance (in standardised units²), or +inf
 */
double
fl_knn_dist2 (const double *a,
              const double *b,
              gsize         d)
{
  double sum = 0.0;
  gsize present = 0;

  for (gsize c = 0; c < d; c++)
    {
      double diff;

      if (isnan (a[c]) || isnan (b[c]))
        continue;
      diff = a[c] - b[c];
      sum += diff * diff;
      present++;
    }

  if (present == 0)
    return INFINITY;

  return sum * ((double) d / (double) present);
}

static inline gboolean
neighbour_greater (const FlNeighbour *a,
                   const FlNeighbour *b)
{
  if (a->dist2 != b->dist2)
    return a->dist2 > b->dist2;
  return a->idx > b->idx;
}

/* A bounded max-heap of at most cap entries: the root is the farthest of the
 * cap nearest candidates seen so far. */
typedef struct
{
  FlNeighbour *items;
  guint        len;
  guint        cap;
} NeighbourHeap;

static void
heap_sift_down (NeighbourHeap *h,
                guint          pos)
{
  for (;;)
    {
      guint l = 2 * pos + 1;
      guint r = l + 1;
      guint big = pos;
      FlNeighbour tmp;

      if (l < h->len && neighbour_greater (&h->items[l], &h->items[big]))
        big = l;
      if (r < h->len && neighbour_greater (&h->items[r], &h->items[big]))
        big = r;
      if (big == pos)
        return;

      tmp = h->items[pos];
      h->items[pos] = h->items[big];
      h->items[big] = tmp;
      pos = big;
    }
}

static void
heap_offer (NeighbourHeap     *h,
            const FlNeighbour *cand)
{
  if (h->len < h->cap)
    {
      guint pos = h->len++;

      h->items[pos] = *cand;
      while (pos > 0)
        {
          guint parent = (pos - 1) / 2;
          FlNeighbour tmp;

          if (!neighbour_greater (&h->items[pos], &h->items[parent]))
            break;
          tmp = h->items[pos];
          h->items[pos] = h->items[parent];
          h->items[parent] = tmp;
          pos = parent;
        }
    }
  else if (neighbour_greater (&h->items[0], cand))
    {
      h->items[0] = *cand;
      heap_sift_down (h, 0);
    }
}

/* Empties the heap into ascending order (nearest first), in place. */
static void
heap_sort_ascending (NeighbourHeap *h)
{
  guint n = h->len;

  while (h->len > 1)
    {
      FlNeighbour tmp = h->items[0];

      h->items[0] = h->items[h->len - 1];
      h->items[h->len - 1] = tmp;
      h->len--;
      heap_sift_down (h, 0);
    }
  h->len = n;
}

/**
 * fl_knn_search:
 * @Z: (array): the (standardised) row-major matrix, @d columns
 * @d: columns
 * @queries: (array length=n_queries): row indices of @Z to find neighbours for
 * @n_queries: number of query rows
 * @pool: (array length=n_pool): row indices of @Z, ascending, that may be
 *   neighbours
 * @n_pool: number of candidate rows
 * @k: neighbours per query (> 0)
 * @out: (out caller-allocates) (array): @n_queries × @k neighbours; row q
 *   holds the k nearest pool rows of `queries[q]`, nearest first, with
 *   @idx a row index of @Z
 *
 * Brute-force k-nearest-neighbour search with fl_knn_dist2(). A query row
 * is never its own neighbour (it is excluded by index, so an exact
 * duplicate of it can still be one), as imbalanced-learn drops the first
 * neighbour returned by `kneighbors` on the fitted rows. Ties are broken by
 * the lower row index. When @queries and @pool are the same array every
 * pair's distance is computed once. O(n_queries · n_pool · d) time,
 * O(k) extra memory per query.
 *
 * The caller guarantees that every query has at least @k pool rows other
 * than itself.
 */
void
fl_knn_search (const double *Z,
               gsize         d,
               const gsize  *queries,
               gsize         n_queries,
               const gsize  *pool,
               gsize         n_pool,
               guint         k,
               FlNeighbour  *out)
{
  g_autofree NeighbourHeap *heaps = g_new (NeighbourHeap, n_queries);

  g_return_if_fail (k > 0);

  for (gsize q = 0; q < n_queries; q++)
    {
      heaps[q].items = out + q * k;
      heaps[q].len = 0;
      heaps[q].cap = k;
    }

  if (queries == pool && n_queries == n_pool)
    {
      for (gsize a = 0; a < n_pool; a++)
        for (gsize b = a + 1; b < n_pool; b++)
          {
            double dist2 = fl_knn_dist2 (Z + pool[a] * d, Z + pool[b] * d, d);
            FlNeighbour to_b = { dist2, pool[b] };
            FlNeighbour to_a = { dist2, pool[a] };

            heap_offer (&heaps[a], &to_b);
            heap_offer (&heaps[b], &to_a);
          }
    }
  else
    {
      for (gsize q = 0; q < n_queries; q++)
        {
          const double *zq = Z + queries[q] * d;

          for (gsize p = 0; p < n_pool; p++)
            {
              FlNeighbour cand;

              if (pool[p] == queries[q])
                continue;
              cand.dist2 = fl_knn_dist2 (zq, Z + pool[p] * d, d);
              cand.idx = pool[p];
              heap_offer (&heaps[q], &cand);
            }
        }
    }

  for (gsize q = 0; q < n_queries; q++)
    {
      g_warn_if_fail (heaps[q].len == k);
      heap_sort_ascending (&heaps[q]);
    }
}
