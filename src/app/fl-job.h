/* fl-job.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FL_TYPE_JOB (fl_job_get_type ())

G_DECLARE_FINAL_TYPE (FlJob, fl_job, FL, JOB, GObject)

FlJob        *fl_job_new             (void);
GCancellable *fl_job_get_cancellable (FlJob      *self);
double        fl_job_get_fraction    (FlJob      *self);
const char   *fl_job_get_message     (FlJob      *self);
void          fl_job_cancel          (FlJob      *self);
void          fl_job_progress_cb     (double      fraction,
                                      const char *message,
                                      gpointer    job);

gboolean      fl_task_is_current     (GTask        *task,
                                      GCancellable *current);

G_END_DECLS
