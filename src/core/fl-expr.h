/* fl-expr.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FlExpr FlExpr;

FlExpr     *fl_expr_parse         (const char         *text,
                                   const char * const *columns,
                                   gsize               n_columns,
                                   GError            **error);
double      fl_expr_eval          (const FlExpr       *self,
                                   const double       *row);
gboolean    fl_expr_is_boolean    (const FlExpr       *self);
GStrv       fl_expr_get_columns   (const FlExpr       *self);
char       *fl_expr_to_string     (const FlExpr       *self);
void        fl_expr_free          (FlExpr             *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlExpr, fl_expr_free)

G_END_DECLS
