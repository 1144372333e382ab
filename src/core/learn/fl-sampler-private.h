/* fl-sampler-private.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The deterministic steps of Borderline-SMOTE and ADASYN, exposed to the
 * tests (which compare them with imbalanced-learn). Not public API. */

gsize fl_sampler_danger_rows      (const double *Z,
                                   const guint8 *y,
                                   gsize         n,
                                   gsize         d,
                                   guint8        minority,
                                   guint         m,
                                   gsize        *danger);
gsize fl_sampler_adasyn_allocation (const double *Z,
                                    const guint8 *y,
                                    gsize         n,
                                    gsize         d,
                                    guint8        minority,
                                    guint         k,
                                    gsize         n_target,
                                    gsize        *count);

G_END_DECLS
