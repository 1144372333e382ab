/* fl-noise.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * FlJitterKind:
 * @FL_JITTER_NONE: features unchanged
 * @FL_JITTER_GAUSSIAN: x + N(0, (level · σ_col)²), σ_col the column's
 *   sample standard deviation over the rows given
 * @FL_JITTER_MULTIPLICATIVE: x · (1 + N(0, level²))
 *
 * How feature jitter is drawn (methodology §7.3, guard 8).
 */
typedef enum
{
  FL_JITTER_NONE,
  FL_JITTER_GAUSSIAN,
  FL_JITTER_MULTIPLICATIVE,
} FlJitterKind;

/**
 * FlFlipKind:
 * @FL_FLIP_NONE: labels unchanged
 * @FL_FLIP_SYMMETRIC: a share of all labels is flipped (0 ↔ 1)
 * @FL_FLIP_POSITIVES: a share of the positive labels is set to 0 (missed
 *   faults in the ground truth)
 *
 * How label noise is drawn.
 */
typedef enum
{
  FL_FLIP_NONE,
  FL_FLIP_SYMMETRIC,
  FL_FLIP_POSITIVES,
} FlFlipKind;

/**
 * FlNoiseParams:
 * @jitter: #FlJitterKind
 * @jitter_level: σ as a fraction (0.05 = 5 %) of the column's standard
 *   deviation (Gaussian) or of the value (multiplicative), ≥ 0
 * @flip: #FlFlipKind
 * @flip_share: share of the candidate labels flipped, in [0, 1]
 * @seed: seed of the noise; the jitter and the flips use separate streams
 *   derived from it, so changing one does not change the other
 *
 * One noise setting. Zero-initialise for "no noise".
 */
typedef struct
{
  FlJitterKind jitter;
  double       jitter_level;
  FlFlipKind   flip;
  double       flip_share;
  guint64      seed;
} FlNoiseParams;

const char *fl_jitter_kind_to_string   (FlJitterKind          kind);
gboolean    fl_jitter_kind_from_string (const char           *name,
                                        FlJitterKind         *out);
const char *fl_flip_kind_to_string     (FlFlipKind            kind);
gboolean    fl_flip_kind_from_string   (const char           *name,
                                        FlFlipKind           *out);
double     *fl_noise_jitter            (const double         *X,
                                        gsize                 n,
                                        gsize                 d,
                                        FlJitterKind          kind,
                                        double                level,
                                        guint64               seed,
                                        GError              **error);
guint8     *fl_noise_flip_labels       (const guint8         *y,
                                        gsize                 n,
                                        FlFlipKind            kind,
                                        double                share,
                                        guint64               seed,
                                        gsize                *n_flipped,
                                        GError              **error);
gboolean    fl_noise_apply             (const FlNoiseParams  *params,
                                        const double         *X,
                                        const guint8         *y,
                                        gsize                 n,
                                        gsize                 d,
                                        double              **X_out,
                                        guint8              **y_out,
                                        gsize                *n_flipped,
                                        GError              **error);

G_END_DECLS
