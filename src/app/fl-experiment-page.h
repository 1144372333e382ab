/* fl-experiment-page.h
 *
 * Copyright 2026 The Faultline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fl-experiment.h"
#include "fl-project.h"

G_BEGIN_DECLS

#define FL_TYPE_EXPERIMENT_PAGE (fl_experiment_page_get_type ())

G_DECLARE_FINAL_TYPE (FlExperimentPage, fl_experiment_page, FL, EXPERIMENT_PAGE, AdwBin)

void     fl_experiment_page_set_project (FlExperimentPage         *self,
                                         FlProject                *project);
void     fl_experiment_page_reload      (FlExperimentPage         *self);
void     fl_experiment_page_run         (FlExperimentPage         *self);
void     fl_experiment_page_get_config  (FlExperimentPage         *self,
                                         FlExperimentConfig       *config);
void     fl_experiment_page_show_result (FlExperimentPage         *self,
                                         const FlExperimentResult *result);
gboolean fl_experiment_page_get_busy    (FlExperimentPage         *self);
void     fl_experiment_page_set_label   (FlExperimentPage         *self,
                                         const FlLabelSpec        *label,
                                         guint                     bucket_s,
                                         const char               *series_key);
void     fl_experiment_page_start       (FlExperimentPage         *self,
                                         const char               *kind);
const char *fl_experiment_page_get_kind (FlExperimentPage         *self);
char    *fl_experiment_page_get_json    (FlExperimentPage         *self,
                                         GError                  **error);
gboolean fl_experiment_page_run_config  (FlExperimentPage         *self,
                                         const FlExperimentConfig *config);
void     fl_experiment_page_rerun       (FlExperimentPage         *self,
                                         gint64                    run_id);
gboolean fl_experiment_page_has_noise   (void);

G_END_DECLS
