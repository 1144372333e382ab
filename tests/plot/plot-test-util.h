/* plot-test-util.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

guint fl_plot_test_count_color     (cairo_surface_t *surface,
                                    const double     rgb[3],
                                    int              tolerance);
void  fl_plot_test_assert_restored (cairo_t         *cr);
void  fl_plot_test_save_png        (cairo_surface_t *surface,
                                    const char      *name);

G_END_DECLS
