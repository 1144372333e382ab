/* fl-types.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FlProject FlProject;

/**
 * FlProgressFunc:
 * @fraction: progress in [0, 1], or a negative value when unknown
 * @message: (nullable): a short human-readable description of the current step
 * @user_data: closure data
 *
 * Progress callback used by long-running core functions (import, experiments).
 * It may be called from a worker thread; a GUI must marshal it to the main
 * thread itself (see `architecture.md`, "Progress").
 */
typedef void (*FlProgressFunc) (double      fraction,
                                const char *message,
                                gpointer    user_data);

G_END_DECLS
