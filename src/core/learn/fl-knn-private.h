/* fl-knn-private.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Internal helpers shared by the neighbour-based samplers (SMOTE,
 * Borderline-SMOTE, ADASYN): NaN-aware standardisation, the nan-Euclidean
 * distance and a brute-force k-nearest-neighbour search with deterministic
 * tie breaking. Not installed, not part of the public API.
 */

/**
 * FlNeighbour:
 * @dist2: squared nan-Euclidean distance (+inf when the rows share no
 *   present coordinate)
 * @idx: row index into the matrix that was searched
 *
 * One neighbour; neighbours are ordered by @dist2, then by @idx.
 */
typedef struct
{
  double dist2;
  gsize  idx;
} FlNeighbour;

double *fl_knn_standardise (const double *X,
                            gsize         n,
                            gsize         d);
double  fl_knn_dist2       (const double *a,
                            const double *b,
                            gsize         d);
void    fl_knn_search      (const double *Z,
                            gsize         d,
                            const gsize  *queries,
                            gsize         n_queries,
                            const gsize  *pool,
                            gsize         n_pool,
                            guint         k,
                            FlNeighbour  *out);
GRand  *fl_knn_rand_new    (guint64       seed);

G_END_DECLS
