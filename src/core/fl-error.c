/* fl-error.c
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fl-error.h"

G_DEFINE_QUARK (fl-error-quark, fl_error)
